import type { Board, BoardNode, Edge, Field, FieldShape, SagaStep, StepMessage } from "./schema";

/*
 * The canonical key order. A board saved twice is byte-identical, and a change to one sticky
 * is a small, local diff in git. Keys that are absent stay absent; no default is written.
 *
 *   board:    format, schemaVersion, name, description, settings, nodes, edges, frames, notes
 *   settings: eventTypeStyle, delivery
 *   node:     id, kind, name, description, position, then the kind's own keys (event: payload,
 *             scope, version, topic, partitionKey, outcome; command: payload; aggregate and
 *             external system: commandChannel, delivery; policy: delivery; readModel: fields,
 *             delivery; service: action, consistency, commandChannel, delivery; saga:
 *             replyChannel, delivery, steps)
 *   delivery: group, maxAttempts, initialDelayMs, multiplier, maxDelayMs, jitter
 *   field:    name, type, required, description, fields, items
 *   step:     id, type, participant, action, replies (success, failure), compensation, timeoutMs
 *   message:  name, description, payload (a compensation: then reply)
 *   edge:     id, source, target, label
 *   frame:    id, name, description, color, position, size (width, height)
 *   note:     id, text, position
 */
const BOARD_KEYS = ["format", "schemaVersion", "name", "description", "settings"] as const;
const NODE_KEYS = ["id", "kind", "name", "description", "position"] as const;
const KIND_KEYS: Readonly<Record<BoardNode["kind"], readonly string[]>> = {
  event: ["payload", "scope", "version", "topic", "partitionKey", "outcome"],
  command: ["payload"],
  aggregate: ["commandChannel", "delivery"],
  policy: ["delivery"],
  readModel: ["fields", "delivery"],
  service: ["action", "consistency", "commandChannel", "delivery"],
  externalSystem: ["commandChannel", "delivery"],
  actor: [],
  saga: ["replyChannel", "delivery", "steps"],
  hotspot: [],
};
const DELIVERY_KEYS = ["group", "maxAttempts", "initialDelayMs", "multiplier", "maxDelayMs", "jitter"] as const;
const FIELD_KEYS = ["name", "type", "required", "description"] as const;
const STEP_KEYS = ["id", "type", "participant", "action", "replies", "compensation", "timeoutMs"] as const;
const MESSAGE_KEYS = ["name", "description", "payload"] as const;
const EDGE_KEYS = ["id", "source", "target", "label"] as const;
const FRAME_KEYS = ["id", "name", "description", "color", "position", "size"] as const;
const NOTE_KEYS = ["id", "text", "position"] as const;

/**
 * The canonical text of a board: JSON with 2-space indentation, keys in the order above, nodes
 * and edges in board order, and a trailing newline. `parseBoardText(serializeBoard(b))` deep-equals
 * `b`, and serializing that again gives the same bytes.
 */
export function serializeBoard(board: Board): string {
  const out = pick(board, BOARD_KEYS);
  if (board.settings) {
    out.settings = pick(board.settings, ["eventTypeStyle", "delivery"]);
    if (board.settings.delivery) (out.settings as Record<string, unknown>).delivery = pick(board.settings.delivery, DELIVERY_KEYS);
  }
  out.nodes = board.nodes.map(orderNode);
  out.edges = board.edges.map((edge: Edge) => pick(edge, EDGE_KEYS));
  if (board.frames) {
    out.frames = board.frames.map((frame) => ({
      ...pick(frame, FRAME_KEYS),
      position: { x: frame.position.x, y: frame.position.y },
      size: { width: frame.size.width, height: frame.size.height },
    }));
  }
  if (board.notes) out.notes = board.notes.map((note) => ({ ...pick(note, NOTE_KEYS), position: { x: note.position.x, y: note.position.y } }));
  return `${JSON.stringify(out, null, 2)}\n`;
}

function orderNode(node: BoardNode): Record<string, unknown> {
  const out = pick(node, NODE_KEYS);
  out.position = { x: node.position.x, y: node.position.y };
  Object.assign(out, pick(node, KIND_KEYS[node.kind]));
  if ("payload" in node) out.payload = node.payload.map(orderField);
  if ("fields" in node) out.fields = node.fields.map(orderField);
  if ("steps" in node) out.steps = node.steps.map(orderStep);
  if ("delivery" in node && node.delivery) out.delivery = pick(node.delivery, DELIVERY_KEYS);
  return out;
}

function orderStep(step: SagaStep): Record<string, unknown> {
  const out = pick(step, STEP_KEYS);
  out.action = orderMessage(step.action);
  out.replies = pick({ success: orderMessage(step.replies.success), failure: step.replies.failure && orderMessage(step.replies.failure) }, ["success", "failure"]);
  if (step.compensation) out.compensation = { ...orderMessage(step.compensation), reply: orderMessage(step.compensation.reply) };
  return out;
}

function orderMessage(message: StepMessage): Record<string, unknown> {
  const out = pick(message, MESSAGE_KEYS);
  out.payload = message.payload.map(orderField);
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
