import type { Field, FieldShape } from "../model";
import { seededRandom, stableUuid } from "./hash";
import type { Random } from "./ports/random";

/*
 * Payloads: an entry command's from its fields and the seed; an event's from its cause (fields
 * of the same name are carried over, as a real handler would), the entity id and the seed.
 * Same seed, same instance, same payload.
 */

/** A fixed start, so generated dates do not depend on when the run happens. */
const BASE_TIME = Date.UTC(2026, 0, 1);
const WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet"];

/** The payload of entry command number `instance`, drawn from `seed`. */
export function commandPayload(fields: readonly Field[], seed: string, instance: number): Record<string, unknown> {
  const random = seededRandom(seed, "command", instance);
  return objectOf(fields, random, (field) => stableUuid(seed, "value", instance, field));
}

export interface EventPayloadContext {
  /** The fields of the cause (the command, or the event a service or saga reacts to). */
  readonly cause: unknown;
  /** The entity the flow is about, and the name of its owner (`Order`): fills `id` and `orderId`. */
  readonly subjectId: string;
  readonly idFields: readonly string[];
  /** Why a saga failed: fills a `reason` or `error` field. */
  readonly reason?: string;
  readonly seed: string;
  /** Where this event stands in its run (instance, event name, …): seeds the generated values. */
  readonly key: string;
}

/** The payload of an event: carried-over fields, the entity id, a reason, and generated values. */
export function eventPayload(fields: readonly Field[], context: EventPayloadContext): Record<string, unknown> {
  const cause = isRecord(context.cause) ? context.cause : {};
  const random = seededRandom(context.seed, "event", context.key);
  const out = fieldRecord();
  for (const field of fields) {
    if (Object.hasOwn(cause, field.name)) out[field.name] = cause[field.name];
    else if (field.name === "id" || context.idFields.includes(field.name)) out[field.name] = context.subjectId;
    else if (context.reason !== undefined && (field.name === "reason" || field.name === "error") && field.type === "string") out[field.name] = context.reason;
    else out[field.name] = valueOf(field, random, (name) => stableUuid(context.seed, "value", context.key, name));
  }
  return out;
}

/**
 * An object keyed by field names, without a prototype: a field may be called `__proto__`,
 * `constructor` or `toString` (the board allows any name), and must be an own key like any other.
 */
export function fieldRecord<T = unknown>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

function objectOf(fields: readonly Field[], random: Random, uuid: (name: string) => string): Record<string, unknown> {
  const out = fieldRecord();
  for (const field of fields) out[field.name] = valueOf(field, random, (name) => uuid(`${field.name}.${name}`));
  return out;
}

function valueOf(field: FieldShape & { name?: string }, random: Random, uuid: (name: string) => string, depth = 0): unknown {
  const name = field.name ?? "item";
  switch (field.type) {
    case "string":
      return `${WORDS[Math.floor(random() * WORDS.length)]}-${Math.floor(random() * 10_000)}`;
    case "number":
      return Math.round(random() * 100_000) / 100;
    case "integer":
      return 1 + Math.floor(random() * 10);
    case "boolean":
      return random() < 0.5;
    case "datetime":
      return new Date(BASE_TIME + Math.floor(random() * 365 * 86_400) * 1000).toISOString();
    case "uuid":
      return uuid(`${name}#${Math.floor(random() * 2 ** 32)}`);
    case "object":
      return depth > 8 ? {} : objectOf(field.fields ?? [], random, (n) => uuid(`${name}.${n}`));
    case "array": {
      if (!field.items || depth > 8) return [];
      const length = 1 + Math.floor(random() * 3);
      return Array.from({ length }, (_, i) => valueOf({ ...field.items!, name: `${name}[${i}]` }, random, uuid, depth + 1));
    }
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
