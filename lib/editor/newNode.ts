import { KIND_META, type NodeKind } from "../model/kinds";
import { nameKey } from "../model/names";
import type { BoardNode, Position } from "../model/schema";

/**
 * The name a fresh sticky gets: a hint of what to type, valid for its kind's checks. The same in
 * the Korean UI, unlike a new frame's or note's (components/canvas/strings.ko.ts): a sticky's name
 * is its contract's name, and becomes identifiers and event types in the generated code. The
 * generators would take Hangul (lib/model names.ts keeps `주문생성됨`), but the Korean guides
 * teams work from (the seed documents) name events, commands and aggregates in English Pascal
 * case even in Korean prose (`OrderPlaced`, `PlaceOrder`, `OrderPlacedIntegrationEvent`), so a
 * Korean default would be a hint to name them otherwise.
 */
const DEFAULT_NAMES: Record<NodeKind, string> = {
  event: "SomethingHappened",
  command: "DoSomething",
  aggregate: "Aggregate",
  policy: "Whenever…",
  readModel: "SomeView",
  service: "SomeService",
  externalSystem: "External system",
  actor: "User",
  saga: "SomeSaga",
  hotspot: "Question or risk?",
};

/** A new sticky of `kind` at `position`, with the kind's empty fields. */
export function newNode(kind: NodeKind, id: string, position: Position, name = DEFAULT_NAMES[kind]): BoardNode {
  const base = { id, name, position: { x: Math.round(position.x), y: Math.round(position.y) } };
  switch (kind) {
    case "event":
      return { ...base, kind, payload: [] };
    case "command":
      return { ...base, kind, payload: [] };
    case "readModel":
      return { ...base, kind, fields: [] };
    case "service":
      return { ...base, kind, action: "" };
    case "saga":
      return { ...base, kind, steps: [] };
    default:
      return { ...base, kind };
  }
}

/**
 * The default name of a new sticky of `kind` that no sticky of that kind on the board has yet:
 * `SomethingHappened`, then `SomethingHappened2`, … (same-kind stickies of one name are one
 * thing to every export, so two fresh events must not silently merge).
 */
export function uniqueDefaultName(kind: NodeKind, nodes: readonly Pick<BoardNode, "kind" | "name">[]): string {
  const base = DEFAULT_NAMES[kind];
  // A name ending in a letter or digit takes the number straight on; "Whenever…" takes " 2".
  const join = /[\p{L}\p{N}]$/u.test(base) ? "" : " ";
  return firstFreeName(base, nodes.filter((n) => n.kind === kind).map((n) => n.name), join);
}

/**
 * `base`, else `base<join>2`, `base<join>3`, … : the first that no name in `taken` has (compared
 * by `nameKey`, the model's "one name, one thing" rule). Shared by stickies and frames.
 */
export function firstFreeName(base: string, taken: readonly string[], join: string): string {
  const keys = new Set(taken.map(nameKey));
  if (!keys.has(nameKey(base))) return base;
  for (let n = 2; ; n++) if (!keys.has(nameKey(`${base}${join}${n}`))) return `${base}${join}${n}`;
}

export const kindLabel = (kind: NodeKind) => KIND_META[kind].label;

/** How far right of a sticky the next one goes, and how far down it moves while that spot is taken. */
const NEXT_GAP_X = 240;
const NEXT_GAP_Y = 110;

/**
 * Where fast capture puts the next sticky: `NEXT_GAP_X` right of `from`, moved down by
 * `NEXT_GAP_Y` while a sticky already stands there (so a second next of one sticky does not hide
 * the first).
 */
export function freeSpotRightOf(board: { readonly nodes: readonly Pick<BoardNode, "position">[] }, from: Position): Position {
  const spot = { x: from.x + NEXT_GAP_X, y: from.y };
  const taken = (p: Position) => board.nodes.some((n) => Math.abs(n.position.x - p.x) < NEXT_GAP_X / 2 && Math.abs(n.position.y - p.y) < NEXT_GAP_Y / 2);
  for (let i = 0; i < 50 && taken(spot); i++) spot.y += NEXT_GAP_Y;
  return spot;
}
