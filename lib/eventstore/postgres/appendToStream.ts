import { ConcurrencyError } from "../errors";
import type { AppendOptions, AppendResult, ExpectedVersion, NewEvent } from "../types";
import { prepareAppend } from "../validate";
import { toEventStoreError } from "./pgErrors";
import type { Queryable } from "./queryable";

// Named, so each connection parses and plans it once. The function does the whole append (see
// the migration): check and advance the stream version, insert the events from unnest, insert
// their outbox rows, all in the one statement, so it is one round trip and atomic even outside a
// transaction.
const APPEND = {
  name: "es_append",
  text: `SELECT ok, stream_version::text AS stream_version, positions::text[] AS positions, transaction_id::text AS transaction_id,
                outbox_ids::text[] AS outbox_ids, to_json(created_at) #>> '{}' AS created_at
         FROM es_append($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
};

interface AppendRow {
  ok: boolean;
  stream_version: string;
  positions: string[] | null;
  transaction_id: string | null;
  outbox_ids: (string | null)[] | null;
  created_at: string | null;
}

/**
 * Appends events with the `es_append` function, on the pool (its own transaction) or on the
 * caller's client (inside the caller's transaction). A version mismatch comes back as a flag,
 * not an SQL error, so a caller's transaction survives a `ConcurrencyError`.
 */
export async function appendToStream(db: Queryable, streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
  const append = prepareAppend(streamId, events, options);
  const withOutbox = append.events.some((e) => e.outbox !== null);
  const values = [
    streamId,
    append.streamType,
    append.runId,
    expectedVersionParam(append.expectedVersion),
    append.events.map((e) => e.eventId),
    append.events.map((e) => e.type),
    append.events.map((e) => e.dataJson),
    append.events.map((e) => e.metadataJson),
    withOutbox ? append.events.map((e) => e.outbox?.topic ?? null) : null,
    withOutbox ? append.events.map((e) => e.outbox?.key ?? null) : null,
    withOutbox ? append.claimMs : null,
  ];

  let row: AppendRow | undefined;
  try {
    row = (await db.query<AppendRow>({ ...APPEND, values })).rows[0];
  } catch (err) {
    throw toEventStoreError(err, streamId);
  }
  if (!row) throw new Error(`es_append returned no row for stream "${streamId}"`);
  if (!row.ok || !row.positions || !row.transaction_id) {
    throw new ConcurrencyError(streamId, append.expectedVersion, Number(row.stream_version));
  }
  return {
    nextVersion: Number(row.stream_version),
    positions: row.positions,
    transactionId: row.transaction_id,
    outboxIds: row.outbox_ids ?? append.events.map(() => null),
    createdAt: isoTimestamp(row.created_at),
  };
}

/** es_append's encoding: -1 any, 0 no stream, n exactly n. */
function expectedVersionParam(expected: ExpectedVersion): string {
  if (expected === "any") return "-1";
  if (expected === "no_stream") return "0";
  return String(expected);
}

/** PostgreSQL's JSON timestamp (`2026-12-01T15:46:10.123456+00:00`) as `StoredEvent.createdAt` writes it. */
export function isoTimestamp(value: string | null): string {
  return value === null ? "" : new Date(value).toISOString();
}
