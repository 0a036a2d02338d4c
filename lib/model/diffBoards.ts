import { nameKey } from "./names";
import type { Board } from "./schema";
import { boardContracts, type Contract, type ContractConsumer, type ContractKind } from "./contracts";
import { fieldChanges } from "./fieldChanges";
import { DEFAULT_COMPAT_MODE, forbiddenDirections, isTransitive, type BreakDirection, type CompatMode } from "./compatModes";
import { judge, type ContractChangeKind } from "./compatRules";

/*
 * The compatibility diff of two boards (`diffBoards`): every contract added, removed or renamed,
 * every payload field added, removed, retyped, made required or optional at any depth, and
 * topics, partition keys and versions changed; each judged under a mode (modes.ts) by one table
 * (rules.ts), with the consumers that read the contract. An event whose `version` was raised
 * with its change is a new version: its field changes are listed, not counted as breaking.
 */

export interface ContractChange {
  /** The contract's name (the new name of a renamed one, the old name of a removed one). */
  readonly contract: string;
  readonly contractKind: ContractKind;
  /** The stickies that hold the contract (in the newer board; in the older one for a removal): what the History panel highlights. */
  readonly nodeIds: readonly string[];
  readonly change: ContractChangeKind;
  /** What changed: `payload.address.city`, `topic`, `partitionKey`, `version`, `name`; "" for the contract as a whole. */
  readonly path: string;
  readonly from?: string;
  readonly to?: string;
  /** Whether it breaks under the mode of the diff. */
  readonly breaking: boolean;
  /** The directions it breaks readers in, whatever the mode (empty: compatible in every mode). */
  readonly breaks: readonly BreakDirection[];
  readonly reason: string;
  /** Who reads the contract, in either board. */
  readonly consumers: readonly ContractConsumer[];
  /** A field change made with a raised `version`: the new version it is part of (then it does not break). */
  readonly partOfVersion?: number;
  /** Transitive modes: the earlier revision this change was found against, when not the one diffed from. */
  readonly against?: number;
}

export interface BoardDiff {
  readonly compatible: boolean;
  readonly mode: CompatMode;
  readonly changes: ContractChange[];
}

/** An earlier revision a transitive mode also checks against. */
export interface EarlierBoard {
  readonly revision: number;
  readonly board: Board;
}

export interface DiffOptions {
  readonly mode?: CompatMode;
  /** Transitive modes: revisions before `before`, each checked against `after` too (oldest first). */
  readonly earlier?: readonly EarlierBoard[];
}

/** The compatibility diff from `before` to `after` (see the top of this file). */
export function diffBoards(before: Board, after: Board, options: DiffOptions = {}): BoardDiff {
  const mode = options.mode ?? DEFAULT_COMPAT_MODE;
  const forbidden = forbiddenDirections(mode);
  const changes = contractChanges(boardContracts(before), boardContracts(after)).map((c) => withVerdict(c, forbidden));
  if (isTransitive(mode)) {
    const seen = new Set(changes.map(changeKey));
    for (const earlier of options.earlier ?? []) {
      for (const raw of contractChanges(boardContracts(earlier.board), boardContracts(after))) {
        const change = withVerdict(raw, forbidden);
        if (!change.breaking || seen.has(changeKey(change))) continue;
        seen.add(changeKey(change));
        changes.push({ ...change, against: earlier.revision });
      }
    }
  }
  return { compatible: changes.every((c) => !c.breaking), mode, changes };
}

type RawChange = Omit<ContractChange, "breaking" | "breaks" | "reason"> & { readonly required?: boolean; readonly newVersion?: number };

function changeKey(c: Pick<ContractChange, "contractKind" | "contract" | "change" | "path">): string {
  return `${c.contractKind}\u0000${c.contract}\u0000${c.change}\u0000${c.path}`;
}

function withVerdict(raw: RawChange, forbidden: readonly BreakDirection[]): ContractChange {
  const { required, newVersion, from, to } = raw;
  const verdict = judge({ change: raw.change, contractKind: raw.contractKind, required, from, to });
  const versioned = raw.change.startsWith("field-") && newVersion !== undefined;
  const breaking = verdict.breaks.some((d) => forbidden.includes(d)) && !versioned;
  // Keys in the order a reader of the JSON wants them; `from`, `to` and the rest only where they mean something.
  return {
    contract: raw.contract,
    contractKind: raw.contractKind,
    change: raw.change,
    path: raw.path,
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
    breaking,
    breaks: verdict.breaks,
    reason: versioned && verdict.breaks.length > 0 ? `part of v${newVersion}, a new version: ${verdict.reason}` : verdict.reason,
    consumers: raw.consumers,
    nodeIds: raw.nodeIds,
    ...(versioned ? { partOfVersion: newVersion } : {}),
    ...(raw.against === undefined ? {} : { against: raw.against }),
  };
}

/** Pairs the contracts of two boards (by kind and name, then by identity for renames) and lists what changed. */
function contractChanges(before: readonly Contract[], after: readonly Contract[]): RawChange[] {
  // A command sticky named like a saga step command is that command (one name, one contract): the two kinds pair.
  const id = (c: Contract) => `${c.kind === "step-command" ? "command" : c.kind}\u0000${c.key}`;
  const old = new Map(before.map((c) => [id(c), c]));
  const matched = new Set<string>();
  const pairs: [Contract | null, Contract][] = [];
  const unmatchedNew: Contract[] = [];
  for (const contract of after) {
    const previous = old.get(id(contract));
    if (previous) {
      matched.add(id(previous));
      pairs.push([previous, contract]);
    } else unmatchedNew.push(contract);
  }
  // A rename: a new contract that an unmatched old one of the same kind shares a sticky (or step) with.
  for (const contract of unmatchedNew) {
    const renamed = before.find((c) => c.kind === contract.kind && !matched.has(id(c)) && c.identities.some((i) => contract.identities.includes(i)));
    if (renamed) matched.add(id(renamed));
    pairs.push([renamed ?? null, contract]);
  }
  const order = new Map(after.map((c, i) => [c, i]));
  pairs.sort((a, b) => order.get(a[1])! - order.get(b[1])!);
  const changes: RawChange[] = [];
  for (const [previous, contract] of pairs) {
    const base = { contract: contract.name, contractKind: contract.kind, nodeIds: contract.nodeIds, consumers: mergeConsumers(previous?.consumers ?? [], contract.consumers) };
    if (!previous) {
      changes.push({ ...base, change: "contract-added", path: "" });
      continue;
    }
    // What the wire sees: a new name, a name's case, or the board's event type style.
    if (previous.type !== contract.type) changes.push({ ...base, change: "contract-renamed", path: "name", from: previous.type, to: contract.type });
    if (previous.aggregate !== undefined && contract.aggregate !== undefined && previous.aggregate !== contract.aggregate) {
      changes.push({ ...base, change: "aggregate-changed", path: "aggregateType", from: previous.aggregate ?? "none", to: contract.aggregate ?? "none" });
    }
    const raised = (contract.version ?? 1) > (previous.version ?? 1) ? contract.version : undefined;
    if (contract.version !== undefined && previous.version !== undefined && contract.version !== previous.version) {
      changes.push({ ...base, change: raised ? "version-raised" : "version-lowered", path: "version", from: String(previous.version), to: String(contract.version) });
    }
    if (contract.topic !== previous.topic) changes.push({ ...base, change: "topic-changed", path: "topic", from: previous.topic, to: contract.topic });
    if (contract.partitionKey !== previous.partitionKey) {
      changes.push({ ...base, change: "partition-key-changed", path: "partitionKey", from: previous.partitionKey, to: contract.partitionKey });
    }
    for (const field of fieldChanges(previous.payload, contract.payload)) {
      changes.push({ ...base, change: field.change, path: field.path, from: field.from, to: field.to, required: field.required, newVersion: raised });
    }
  }
  for (const contract of before) {
    if (matched.has(id(contract))) continue;
    changes.push({ contract: contract.name, contractKind: contract.kind, nodeIds: contract.nodeIds, consumers: contract.consumers, change: "contract-removed", path: "" });
  }
  return changes;
}

function mergeConsumers(a: readonly ContractConsumer[], b: readonly ContractConsumer[]): ContractConsumer[] {
  const seen = new Set<string>();
  // The newer board's first: a sticky renamed since, or another sticky of the same merged name, is listed once.
  return [...b, ...a].filter((c) => {
    const key = `${c.kind}\u0000${nameKey(c.name)}`;
    if (seen.has(key) || seen.has(c.id)) return false;
    seen.add(key).add(c.id);
    return true;
  });
}
