import { KIND_META, type NodeKind } from "../model/kinds";
import type { BoardNode, Position } from "../model/schema";

/** The name a fresh sticky gets: a hint of what to type, valid for its kind's checks. */
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

export const kindLabel = (kind: NodeKind) => KIND_META[kind].label;
