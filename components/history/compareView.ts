import type { ContractChange } from "@/lib/model/diffBoards";
import { historyStrings, type HistoryStrings } from "./strings";

/** How a sticky is outlined while a comparison is open. */
export type Highlight = "breaking" | "changed";

/** The stickies of the changed contracts: red (breaking) wins over amber when a sticky holds both. */
export function highlightsOf(changes: readonly Pick<ContractChange, "nodeIds" | "breaking">[]): ReadonlyMap<string, Highlight> {
  const map = new Map<string, Highlight>();
  for (const change of changes) {
    for (const id of change.nodeIds) {
      if (change.breaking) map.set(id, "breaking");
      else if (!map.has(id)) map.set(id, "changed");
    }
  }
  return map;
}

/** The comparison's header: "Compatible" or "N breaking changes". */
export function diffHeadline(changes: readonly Pick<ContractChange, "breaking">[], S: HistoryStrings = historyStrings): { compatible: boolean; text: string } {
  const breaking = changes.filter((c) => c.breaking).length;
  return breaking === 0 ? { compatible: true, text: S.compatible } : { compatible: false, text: S.breakingChanges(breaking) };
}

/** "event OrderPlaced" and "field removed" for one change. */
export function changeTitle(change: Pick<ContractChange, "contract" | "contractKind" | "change">, S: HistoryStrings = historyStrings): { contract: string; kind: string; change: string } {
  return { contract: change.contract, kind: S.contractKinds[change.contractKind], change: S.changeKinds[change.change] };
}

/** "string → (none)": what the changed part was and became, or null when the change carries neither. */
export function fromTo(change: Pick<ContractChange, "from" | "to">): string | null {
  if (change.from === undefined && change.to === undefined) return null;
  return `${change.from ?? "—"} → ${change.to ?? "—"}`;
}

/** The changed part of the contract, `payload.total`, or words for the whole contract. */
export function changePath(change: Pick<ContractChange, "path">, S: HistoryStrings = historyStrings): string {
  return change.path === "" ? S.wholeContract : change.path;
}

/** Breaking changes first, then the order the diff gave (board order). */
export function orderedChanges<T extends Pick<ContractChange, "breaking">>(changes: readonly T[]): T[] {
  return [...changes.filter((c) => c.breaking), ...changes.filter((c) => !c.breaking)];
}
