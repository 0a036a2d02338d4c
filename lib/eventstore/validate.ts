import { DuplicateEventError, EventStoreError } from "./errors";
import type { AppendOptions, ExpectedVersion, Int64String, NewEvent, OutboxTarget, ReadStreamOptions } from "./types";

/**
 * Input checks shared by both adapters, so the in-memory twin refuses exactly what PostgreSQL
 * would (and PostgreSQL never sees input it would reject half-way through an append).
 */

/** An event ready to store: canonical id, JSON already serialised, its outbox target resolved. */
export interface PreparedEvent {
  /** Lower-case, as PostgreSQL's uuid type returns it. */
  readonly eventId: string;
  readonly type: string;
  readonly dataJson: string;
  readonly metadataJson: string;
  readonly outbox: { readonly topic: string; readonly key: string } | null;
}

export interface PreparedAppend {
  readonly streamId: string;
  readonly streamType: string | null;
  readonly runId: string | null;
  readonly expectedVersion: ExpectedVersion;
  readonly events: readonly PreparedEvent[];
  /** Outbox rows are written claimed for this long (ms); null: written free for any relay. */
  readonly claimMs: number | null;
}

/** Longest stream id, type, run id, topic or key: keeps every btree index entry well under its limit. */
export const MAX_NAME_LENGTH = 500;
export const MAX_EVENTS_PER_APPEND = 10_000;
/** How long an outbox claim lasts unless the relay says otherwise. */
export const DEFAULT_LEASE_MS = 30_000;

const MAX_INT64 = 2n ** 63n - 1n;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// jsonb refuses \u0000 and lone surrogates; JSON.stringify writes exactly those as escapes
// (an even run of backslashes before one is an escaped backslash, not an escape).
const JSONB_UNSAFE_ESCAPE = /(?<!\\)(?:\\\\)*\\u(?:0000|d[89a-f][0-9a-f]{2})/i;

/** Checks an append's arguments; throws `EventStoreError("invalid_argument")` or `DuplicateEventError`. */
export function prepareAppend(streamId: string, events: readonly NewEvent[], options: AppendOptions): PreparedAppend {
  checkName(streamId, "stream id");
  if (!options || typeof options !== "object") invalid(`append to "${streamId}" needs options with an expectedVersion`);
  const expectedVersion = checkExpectedVersion(options.expectedVersion);
  if (!Array.isArray(events) || events.length === 0) invalid(`append to "${streamId}" has no events`);
  if (events.length > MAX_EVENTS_PER_APPEND) invalid(`append to "${streamId}" has ${events.length} events (at most ${MAX_EVENTS_PER_APPEND})`);
  const streamType = options.streamType === undefined ? null : checkName(options.streamType, "stream type");
  const runId = options.runId === undefined ? null : checkName(options.runId, "run id");
  const targets = outboxTargets(options.outbox, events.length);
  const claimMs = options.claimMs === undefined ? null : checkLease(options.claimMs, "claimMs");

  const seen = new Set<string>();
  const prepared = events.map((event, i): PreparedEvent => {
    const where = `event ${i} of the append to "${streamId}"`;
    if (!event || typeof event !== "object") invalid(`${where} is not an object`);
    if (typeof event.eventId !== "string" || !UUID.test(event.eventId)) invalid(`${where}: eventId ${JSON.stringify(event.eventId)} is not a UUID`);
    const eventId = event.eventId.toLowerCase();
    if (seen.has(eventId)) throw new DuplicateEventError(streamId, eventId);
    seen.add(eventId);
    checkName(event.type, `${where}: type`);
    checkMetadata(event.metadata, where);
    const target = targets[i] ?? null;
    return {
      eventId,
      type: event.type,
      dataJson: toJson(event.data, `${where}: data`),
      metadataJson: toJson(event.metadata, `${where}: metadata`),
      outbox: target && { topic: target.topic, key: target.key ?? streamId },
    };
  });
  return { streamId, streamType, runId, expectedVersion, events: prepared, claimMs };
}

/** A stream id, type, run id, topic or key: a non-empty string PostgreSQL can store as text. */
export function checkName(value: unknown, what: string): string {
  if (typeof value !== "string" || value.length === 0) invalid(`${what} must be a non-empty string`);
  if (value.length > MAX_NAME_LENGTH) invalid(`${what} is ${value.length} characters long (at most ${MAX_NAME_LENGTH})`);
  if (value.includes("\0")) invalid(`${what} contains a NUL character`);
  return value;
}

/** `limit` when given (a whole number in 1..max), else `fallback`. */
export function checkLimit(limit: number | undefined, fallback: number, max: number): number {
  if (limit === undefined) return fallback;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > max) invalid(`limit must be a whole number from 1 to ${max} (got ${limit})`);
  return limit;
}

/** The inclusive version range of a stream read; `to` null means "to the end". */
export function checkVersionRange(options: ReadStreamOptions = {}): { from: number; to: number | null } {
  const from = options.from ?? 1;
  const to = options.to ?? null;
  if (!Number.isSafeInteger(from) || from < 1) invalid(`from must be a version (a whole number from 1; got ${from})`);
  if (to !== null && (!Number.isSafeInteger(to) || to < 0)) invalid(`to must be a version (a whole number from 0; got ${to})`);
  return { from, to };
}

/** A lease in whole milliseconds, 0 to one day. */
export function checkLease(leaseMs: number | undefined, field = "leaseMs"): number {
  if (leaseMs === undefined) return DEFAULT_LEASE_MS;
  if (!Number.isSafeInteger(leaseMs) || leaseMs < 0 || leaseMs > 86_400_000) {
    invalid(`${field} must be a whole number of milliseconds from 0 to 86400000 (got ${leaseMs})`);
  }
  return leaseMs;
}

/** Outbox ids as the port gives them: decimal strings. */
export function checkOutboxIds(ids: readonly Int64String[]): bigint[] {
  if (!Array.isArray(ids)) invalid("outbox ids must be an array of id strings");
  return ids.map((id) => {
    if (typeof id !== "string" || !/^[1-9][0-9]{0,18}$/.test(id) || BigInt(id) > MAX_INT64) {
      invalid(`${JSON.stringify(id)} is not an outbox id`);
    }
    return BigInt(id);
  });
}

function checkExpectedVersion(expected: unknown): ExpectedVersion {
  if (expected === "any" || expected === "no_stream") return expected;
  if (typeof expected === "number" && Number.isSafeInteger(expected) && expected >= 0) return expected;
  return invalid(`expectedVersion must be "any", "no_stream" or a version (a whole number from 0; got ${JSON.stringify(expected)})`);
}

function checkMetadata(metadata: unknown, where: string): void {
  if (!metadata || typeof metadata !== "object" || Array.isArray(metadata)) invalid(`${where}: metadata must be an object`);
  const m = metadata as Record<string, unknown>;
  if (typeof m.correlationId !== "string" || typeof m.causationId !== "string") {
    invalid(`${where}: metadata needs string correlationId and causationId`);
  }
}

function outboxTargets(outbox: AppendOptions["outbox"], count: number): readonly (OutboxTarget | null)[] {
  if (outbox === undefined) return [];
  const list = Array.isArray(outbox) ? (outbox as readonly (OutboxTarget | null)[]) : Array<OutboxTarget>(count).fill(outbox as OutboxTarget);
  if (list.length !== count) invalid(`outbox has ${list.length} targets for ${count} events (give one target, or one per event)`);
  for (const [i, target] of list.entries()) {
    if (target === null) continue;
    if (!target || typeof target !== "object") invalid(`outbox target ${i} must be {topic, key?} or null`);
    checkName(target.topic, `outbox target ${i}: topic`);
    if (target.key !== undefined) checkName(target.key, `outbox target ${i}: key`);
  }
  return list;
}

function toJson(value: unknown, what: string): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (err) {
    invalid(`${what} is not JSON-serialisable (${err instanceof Error ? err.message : String(err)})`);
  }
  if (json === undefined) invalid(`${what} is not JSON-serialisable (got ${typeof value})`);
  if (JSONB_UNSAFE_ESCAPE.test(json)) invalid(`${what} contains a NUL character or a lone surrogate, which PostgreSQL's jsonb cannot store`);
  return json;
}

function invalid(message: string): never {
  throw new EventStoreError("invalid_argument", message);
}
