import { fieldRequired } from "../model/defaults";
import type { Field, FieldShape } from "../model/schema";

/** A JSON Schema, as plain data for JSON.stringify or the YAML library. */
export type JsonSchema = { [keyword: string]: unknown };

/**
 * The JSON Schema of a payload (or any object field): `type: object`, its `properties` in field
 * order and the `required` names. Field types map to JSON Schema as `uuid` -> string/uuid,
 * `datetime` -> string/date-time, `integer`, `number`, `boolean`, `string`, `object` (its fields,
 * or any object), `array` (its items, or anything). Additional properties stay allowed, so that
 * adding a field is a backward-compatible change of an event's schema. Of two fields with one
 * name, the first is kept (validation reports the second).
 */
export function objectSchema(fields: readonly Field[], options: SchemaOptions = {}): JsonSchema {
  const properties: JsonSchema = {};
  const required: string[] = [];
  let leftOut = false;
  for (const field of fields) {
    if (Object.hasOwn(properties, field.name)) continue;
    if (options.omitProtoKey && field.name === PROTO) {
      leftOut = true;
      continue;
    }
    defineKey(properties, field.name, fieldSchema(field, options));
    if (fieldRequired(field)) required.push(field.name);
  }
  const note = leftOut ? { $comment: PROTO_NOTE } : {};
  return { type: "object", properties, ...(required.length > 0 ? { required } : {}), ...note };
}

export interface SchemaOptions {
  /**
   * Leave out fields named `__proto__`. JavaScript YAML loaders (the AsyncAPI parser's among
   * them) assign that key, which sets the object's prototype instead of adding a property, and
   * then read the schema's own keywords as properties.
   */
  readonly omitProtoKey?: boolean;
}

const PROTO = "__proto__";
const PROTO_NOTE = "A field named __proto__ is left out: YAML tools read that key as an object prototype.";

/** The JSON Schema of one field (or an array's items). */
export function fieldSchema(field: FieldShape, options: SchemaOptions = {}): JsonSchema {
  const description = field.description?.trim() ? { description: field.description } : {};
  switch (field.type) {
    case "uuid":
      return { type: "string", format: "uuid", ...description };
    case "datetime":
      return { type: "string", format: "date-time", ...description };
    case "string":
    case "number":
    case "integer":
    case "boolean":
      return { type: field.type, ...description };
    case "object":
      return field.fields && field.fields.length > 0
        ? { ...objectSchema(field.fields, options), ...description }
        : { type: "object", ...description };
    case "array":
      return { type: "array", items: field.items ? fieldSchema(field.items, options) : {}, ...description };
  }
}

/**
 * Sets `key` as an own, enumerable property, even for `__proto__`, which plain assignment would
 * take as the object's prototype rather than as a field name.
 */
export function defineKey(target: JsonSchema, key: string, value: unknown): void {
  // defineProperty is slow on large objects, so it is kept for the one key that needs it.
  if (key === PROTO) Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
