import { fieldRequired } from "./defaults";
import type { Field, FieldShape, FieldType } from "./schema";

/*
 * How two payloads differ, field by field at any depth: object fields by their exact name (trimmed:
 * a JSON key is case-sensitive, so `orderId` → `OrderID` is one field removed and one added), an
 * array's element as `name[]`. A field whose type changed is one change (what was under it is
 * not compared: it is another shape now).
 */

export type FieldChangeKind = "field-added" | "field-removed" | "field-retyped" | "field-required" | "field-optional";

export interface FieldChange {
  readonly change: FieldChangeKind;
  /** `payload.address.city`, `payload.lines[].sku`. */
  readonly path: string;
  /** Whether the field is required: in the new payload (added, retyped, made required or optional), in the old one (removed). */
  readonly required: boolean;
  /** Retyped fields: the old and the new type. */
  readonly from?: FieldType;
  readonly to?: FieldType;
}

/** The changes from `before` to `after`, in the order of `after` (removals where they were). */
export function fieldChanges(before: readonly Field[], after: readonly Field[], path = "payload"): FieldChange[] {
  const changes: FieldChange[] = [];
  const old = new Map(before.map((f) => [f.name.trim(), f]));
  const now = new Set(after.map((f) => f.name.trim()));
  for (const field of after) {
    const previous = old.get(field.name.trim());
    const at = `${path}.${field.name.trim()}`;
    if (!previous) changes.push({ change: "field-added", path: at, required: fieldRequired(field) });
    else changes.push(...shapeChanges(previous, field, at));
  }
  for (const field of before) {
    if (!now.has(field.name.trim())) changes.push({ change: "field-removed", path: `${path}.${field.name.trim()}`, required: fieldRequired(field) });
  }
  return changes;
}

function shapeChanges(before: FieldShape, after: FieldShape, path: string): FieldChange[] {
  const required = fieldRequired(after);
  if (before.type !== after.type) return [{ change: "field-retyped", path, required, from: before.type, to: after.type }];
  const changes: FieldChange[] = [];
  const wasRequired = fieldRequired(before);
  if (required && !wasRequired) changes.push({ change: "field-required", path, required });
  if (!required && wasRequired) changes.push({ change: "field-optional", path, required });
  if (after.type === "object") changes.push(...fieldChanges(before.fields ?? [], after.fields ?? [], path));
  if (after.type === "array" && (before.items || after.items)) {
    // An array without `items` holds anything: giving it an element type narrows it.
    const from = before.items ?? { type: "object" as const };
    const to = after.items ?? { type: "object" as const };
    changes.push(...shapeChanges({ ...from, required: true }, { ...to, required: true }, `${path}[]`));
  }
  return changes;
}
