import type { ExpectedVersion } from "./types";

/**
 * Why the event store refused a call:
 * - `concurrency`: the stream is not at the expected version (another writer got there first);
 * - `duplicate_event`: an event id is already stored (a retried or replayed append);
 * - `invalid_argument`: malformed input (no events, a bad UUID, data that is not JSON, ...).
 */
export type EventStoreErrorCode = "concurrency" | "duplicate_event" | "invalid_argument";

/** The HTTP status each code maps to, so the API answers the same way for every adapter. */
export const EVENT_STORE_HTTP_STATUS: Readonly<Record<EventStoreErrorCode, number>> = {
  concurrency: 409,
  duplicate_event: 409,
  invalid_argument: 400,
};

/** An event store refusal: a code for programs, a message for humans. Nothing was written. */
export class EventStoreError extends Error {
  override readonly name: string = "EventStoreError";
  readonly code: EventStoreErrorCode;

  constructor(code: EventStoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** The stream was not at the expected version; the append wrote nothing. Re-read and decide again. */
export class ConcurrencyError extends EventStoreError {
  override readonly name = "ConcurrencyError";
  override readonly code = "concurrency" as const;
  readonly streamId: string;
  readonly expected: ExpectedVersion;
  /** The stream's version when the append was refused (0: no stream). */
  readonly actual: number;

  constructor(streamId: string, expected: ExpectedVersion, actual: number, options?: { cause?: unknown }) {
    super("concurrency", `Stream "${streamId}" ${describeActual(actual)}, but the append expected ${describeExpected(expected)}`, options);
    this.streamId = streamId;
    this.expected = expected;
    this.actual = actual;
  }
}

/** An event id of the append is already stored; the append wrote nothing. */
export class DuplicateEventError extends EventStoreError {
  override readonly name = "DuplicateEventError";
  override readonly code = "duplicate_event" as const;
  readonly streamId: string;
  /** The duplicated id when known (PostgreSQL reports it; an append's own duplicates are found first). */
  readonly eventId: string | null;

  constructor(streamId: string, eventId: string | null, options?: { cause?: unknown }) {
    super("duplicate_event", `Event ${eventId ?? "id"} is already stored; nothing was appended to stream "${streamId}"`, options);
    this.streamId = streamId;
    this.eventId = eventId;
  }
}

const ERROR_NAMES = new Set(["EventStoreError", "ConcurrencyError", "DuplicateEventError"]);

/** Type guard that survives bundling (no reliance on `instanceof` across module copies). */
export function isEventStoreError(error: unknown): error is EventStoreError {
  if (error instanceof EventStoreError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && ERROR_NAMES.has(error.name) && typeof code === "string" && code in EVENT_STORE_HTTP_STATUS;
}

/** Type guard for a version conflict. */
export function isConcurrencyError(error: unknown): error is ConcurrencyError {
  return isEventStoreError(error) && error.code === "concurrency";
}

function describeActual(actual: number): string {
  return actual === 0 ? "does not exist" : `is at version ${actual}`;
}

function describeExpected(expected: ExpectedVersion): string {
  if (expected === "no_stream" || expected === 0) return "no stream";
  if (expected === "any") return "any version";
  return `version ${expected}`;
}
