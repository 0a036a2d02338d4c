import type { NodeKind } from "../kinds";
import { parseBoard } from "../parse";
import {
  BOARD_FORMAT,
  CURRENT_SCHEMA_VERSION,
  type Board,
  type BoardNode,
  type Edge,
  type Frame,
  type Field,
  type NodeOfKind,
  type SagaStep,
  type SagaStepType,
} from "../schema";

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

/** A frame (a bounded context) `name` at `x, y`, `width` × `height`. */
export function frame(id: string, name: string, x: number, y: number, width: number, height: number, extra: Partial<Pick<Frame, "description" | "color">> = {}): Frame {
  return { id, name, ...extra, position: { x, y }, size: { width, height } };
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
  extra: Partial<Pick<Board, "name" | "description" | "settings" | "frames" | "notes">> = {},
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

/**
 * A v2 saga step: `participant` (a sticky id) is sent `action` and replies `<action>Completed`,
 * or `<action>Failed` when `failure` is not `null`. With a `compensation` the step is
 * compensable (its reply `<compensation>Completed`), else the pivot, unless `type` says.
 */
export function sagaStep(
  id: string,
  participant: string | undefined,
  action: string,
  options: { type?: SagaStepType; compensation?: string; failure?: string | null; timeoutMs?: number; payload?: Field[] } = {},
): SagaStep {
  const message = (name: string) => ({ name, payload: [] as Field[] });
  const failure = options.failure === null ? undefined : message(options.failure ?? `${action}Failed`);
  return {
    id,
    type: options.type ?? (options.compensation ? "compensable" : "pivot"),
    ...(participant === undefined ? {} : { participant }),
    action: { name: action, payload: options.payload ?? [] },
    replies: { success: message(`${action}Completed`), ...(failure ? { failure } : {}) },
    ...(options.compensation ? { compensation: { ...message(options.compensation), reply: message(`${options.compensation}Completed`) } } : {}),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  };
}
