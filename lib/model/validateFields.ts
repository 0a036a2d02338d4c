import { fieldRequired } from "./defaults";
import type { BoardNode, Field, FieldShape, NodeOfKind } from "./schema";
import { report, type Context, type Where } from "./validateContext";

/*
 * Validation of payloads and fields (validate.ts runs it on stickies, validateSagas.ts on step
 * messages): field names and shapes, and whether two payloads are the same contract. One file, so
 * every payload on a board is held to the same rules.
 */

/** A valid field name: a JavaScript identifier name, in any script (`orderId`, `$ref`, `주문번호`). */
const FIELD_NAME = /^[\p{ID_Start}$_][\p{ID_Continue}$\u200C\u200D]*$/u;

/** An event's or command's payload: its fields, and the same payload as the first sticky of its name. */
export function checkPayload(
  context: Context,
  node: NodeOfKind<"event" | "command">,
  first: BoardNode | undefined,
  at: (suffix?: string) => Where,
): void {
  const { path, nodeId } = at(".payload");
  checkFields(context, node.payload, path, nodeId);
  if (first && "payload" in first && payloadSignature(first.payload) !== payloadSignature(node.payload)) {
    report(
      context,
      "payload-mismatch",
      { kind: node.kind === "event" ? "Event" : "Command", name: node.name, firstNodeId: first.id },
      { path, nodeId },
    );
  }
}

/** Field names and shapes, recursively through `fields` and `items`. */
export function checkFields(context: Context, fields: readonly Field[], path: string, nodeId?: string): void {
  const names = new Set<string>();
  fields.forEach((field, i) => {
    const at = `${path}[${i}]`;
    if (!FIELD_NAME.test(field.name)) {
      report(context, "field-name-invalid", { name: field.name, duplicate: false }, { path: `${at}.name`, nodeId });
    } else if (names.has(field.name)) {
      report(context, "field-name-invalid", { name: field.name, duplicate: true }, { path: `${at}.name`, nodeId });
    }
    names.add(field.name);
    checkShape(context, field, field.name, at, nodeId);
  });
}

function checkShape(context: Context, shape: FieldShape, name: string, path: string, nodeId?: string): void {
  const warn = (problem: "fields" | "items" | "no-items") =>
    report(context, "field-shape", { name, problem, type: shape.type }, { path, nodeId });
  if (shape.fields && shape.type !== "object") warn("fields");
  if (shape.items && shape.type !== "array") warn("items");
  if (!shape.items && shape.type === "array") warn("no-items");
  if (shape.fields) checkFields(context, shape.fields, `${path}.fields`, nodeId);
  if (shape.items) checkShape(context, shape.items, `${name}[]`, `${path}.items`, nodeId);
}

/**
 * What makes two payloads the same: names, types, required-ness and nesting, in any order.
 * Descriptions are documentation and may differ.
 */
export function payloadSignature(fields: readonly Field[]): string {
  const shape = (field: FieldShape): unknown => ({
    type: field.type,
    required: fieldRequired(field),
    fields: field.fields ? normalise(field.fields) : null,
    items: field.items ? shape(field.items) : null,
  });
  const normalise = (list: readonly Field[]): unknown =>
    [...list]
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((field) => [field.name, shape(field)]);
  return JSON.stringify(normalise(fields));
}
