import type { Board, BoardNode, Edge, Field, FieldShape, SagaStep } from "./schema";

/*
 * The canonical key order. A board saved twice is byte-identical, and a change to one sticky
 * is a small, local diff in git. Keys that are absent stay absent; no default is written.
 *
 *   board: format, schemaVersion, name, description, settings, nodes, edges
 *   node:  id, kind, name, description, position, then the kind's own keys in the order of
 *          board-format.md (event: payload, scope, version, topic, outcome; command: payload;
 *          readModel: fields; service: action, consistency; saga: steps)
 *   field: name, type, required, description, fields, items
 *   step:  id, service, action, compensation
 *   edge:  id, source, target, label
 */
const BOARD_KEYS = ["format", "schemaVersion", "name", "description", "settings"] as const;
const NODE_KEYS = ["id", "kind", "name", "description", "position"] as const;
const KIND_KEYS: Readonly<Record<BoardNode["kind"], readonly string[]>> = {
  event: ["payload", "scope", "version", "topic", "outcome"],
  command: ["payload"],
  aggregate: [],
  policy: [],
  readModel: ["fields"],
  service: ["action", "consistency"],
  externalSystem: [],
  actor: [],
  saga: ["steps"],
  hotspot: [],
};
const FIELD_KEYS = ["name", "type", "required", "description"] as const;
const STEP_KEYS = ["id", "service", "action", "compensation"] as const;
const EDGE_KEYS = ["id", "source", "target", "label"] as const;

/**
 * The canonical text of a board: JSON with 2-space indentation, keys in the order above, nodes
 * and edges in board order, and a trailing newline. `parseBoardText(serializeBoard(b))` deep-equals
 * `b`, and serializing that again gives the same bytes.
 */
export function serializeBoard(board: Board): string {
  const out = pick(board, BOARD_KEYS);
  if (board.settings) out.settings = pick(board.settings, ["eventTypeStyle"]);
  out.nodes = board.nodes.map(orderNode);
  out.edges = board.edges.map((edge: Edge) => pick(edge, EDGE_KEYS));
  return `${JSON.stringify(out, null, 2)}\n`;
}

function orderNode(node: BoardNode): Record<string, unknown> {
  const out = pick(node, NODE_KEYS);
  out.position = { x: node.position.x, y: node.position.y };
  Object.assign(out, pick(node, KIND_KEYS[node.kind]));
  if ("payload" in node) out.payload = node.payload.map(orderField);
  if ("fields" in node) out.fields = node.fields.map(orderField);
  if ("steps" in node) out.steps = node.steps.map((step: SagaStep) => pick(step, STEP_KEYS));
  return out;
}

function orderField(field: Field | FieldShape): Record<string, unknown> {
  const out = pick(field, FIELD_KEYS);
  if (field.fields) out.fields = field.fields.map(orderField);
  if (field.items) out.items = orderField(field.items);
  return out;
}

/**
 * A new object holding `keys` of `source` in the given order, skipping absent (undefined) ones.
 * Later assignments to keys already picked keep their place, which is what orders nested lists.
 */
function pick(source: object, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const value = (source as Record<string, unknown>)[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}
