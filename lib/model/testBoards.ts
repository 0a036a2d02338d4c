import type { NodeKind } from "./kinds";
import { parseBoard } from "./parse";
import {
  BOARD_FORMAT,
  CURRENT_SCHEMA_VERSION,
  type Board,
  type BoardNode,
  type Edge,
  type NodeOfKind,
} from "./schema";

/*
 * Small builders for tests of lib/model and of its readers (generators, simulator), so a test
 * board reads as a list of stickies and arrows. Not part of the public API (index.ts).
 */

/** The keys a kind requires, empty. */
function emptyKindFields(kind: NodeKind): Record<string, unknown> {
  switch (kind) {
    case "event":
    case "command":
      return { payload: [] };
    case "readModel":
      return { fields: [] };
    case "service":
      return { action: "" };
    case "saga":
      return { steps: [] };
    default:
      return {};
  }
}

/** A sticky of `kind` at the origin, with the kind's required keys empty unless given. */
export function sticky<K extends NodeKind>(
  kind: K,
  id: string,
  name: string,
  extra: Partial<Omit<NodeOfKind<K>, "id" | "kind" | "name">> = {},
): NodeOfKind<K> {
  return { id, kind, name, position: { x: 0, y: 0 }, ...emptyKindFields(kind), ...extra } as NodeOfKind<K>;
}

/** An edge from `source` to `target`, with id `source--target` unless given. */
export function arrow(source: string, target: string, id = `${source}--${target}`): Edge {
  return { id, source, target };
}

/**
 * A board of `nodes` and `edges`, checked by `parseBoard` so a test cannot build a document the
 * format refuses. Grammar problems are allowed (they are validation's business).
 */
export function testBoard(
  nodes: readonly BoardNode[],
  edges: readonly Edge[] = [],
  extra: Partial<Pick<Board, "name" | "description" | "settings">> = {},
): Board {
  return parseBoard({
    format: BOARD_FORMAT,
    schemaVersion: CURRENT_SCHEMA_VERSION,
    name: "Test board",
    ...extra,
    nodes,
    edges,
  });
}
