import { DuplicateEventError, EventStoreError } from "../errors";

type PgError = Error & { code?: string; constraint?: string; detail?: string };

/**
 * A PostgreSQL error as the port's typed error where it has a meaning for callers (a duplicate
 * event id, input the server refused); anything else (connection lost, ...) is rethrown as is.
 */
export function toEventStoreError(err: unknown, streamId: string): unknown {
  const e = err as PgError;
  if (!(err instanceof Error) || typeof e.code !== "string") return err;
  if (e.code === "23505" && e.constraint === "es_events_event_id_key") {
    const eventId = /\(event_id\)=\(([0-9a-f-]+)\)/i.exec(e.detail ?? "")?.[1] ?? null;
    return new DuplicateEventError(streamId, eventId, { cause: err });
  }
  // Class 22 = data exception: a value the server cannot store (validation catches the known ones first).
  if (e.code.startsWith("22")) {
    return new EventStoreError("invalid_argument", `PostgreSQL refused the append to "${streamId}": ${e.message}`, { cause: err });
  }
  return err;
}
