import { checkConnection, type ConnectionCheck } from "@/lib/model/grammar";
import type { NodeKind } from "@/lib/model/kinds";
import type { Board, BoardNode } from "@/lib/model/schema";
import type { Locale } from "@/lib/i18n/locale";
import { NOT_ON_BOARD_KO, SELF_REFUSAL_KO, alreadyConnectedKo, edgeMeaningKo, refusalReasonKo } from "./connectionReasons.ko";

/*
 * The grammar's verdict in the UI's language. lib/model decides (and words it in English, for the
 * API and the CLI); here the Korean UI words the same verdict, told apart the way the grammar
 * tells it apart, so the English decision is never re-made differently.
 */

/** What `check` (of a `source` → `target` kind pair) says: its meaning, or why it is refused. */
export function kindCheckText(locale: Locale, check: ConnectionCheck, source: NodeKind, target: NodeKind): string {
  if (locale === "en") return check.ok ? check.meaning : check.reason;
  return check.ok ? edgeMeaningKo(source, target) : refusalReasonKo(source, target);
}

/**
 * Why the connection from `sourceId` to `targetId` on `board` was refused (`check`, from
 * `checkBoardConnection` or `checkNewEdge`): not a sticky, the same sticky, the kinds, or already
 * connected, in that order, as lib/model/grammar.ts checks them.
 */
export function refusalText(
  locale: Locale,
  check: { ok: false; reason: string },
  board: { readonly nodes: readonly Pick<BoardNode, "id" | "kind" | "name">[]; readonly edges?: Board["edges"] },
  sourceId: string,
  targetId: string,
): string {
  if (locale === "en") return check.reason;
  const source = board.nodes.find((node) => node.id === sourceId);
  const target = board.nodes.find((node) => node.id === targetId);
  if (!source || !target) return NOT_ON_BOARD_KO;
  if (source.id === target.id) return SELF_REFUSAL_KO;
  if (!checkConnection(source.kind, target.kind).ok) return refusalReasonKo(source.kind, target.kind);
  return alreadyConnectedKo(source.name, target.name);
}
