import type { StoredEvent } from "../types";

/** The columns every event read selects: events `e` joined to their stream `s`. */
export const EVENT_COLUMNS = `e.global_position::text AS global_position, e.stream_id, e.version,
  e.event_id, e.type, e.data, e.metadata, e.transaction_id::text AS transaction_id, e.run_id, e.created_at, s.stream_type`;

/** One row of `EVENT_COLUMNS` as pg returns it (int8 and xid8 as text, jsonb parsed, timestamptz as Date). */
export interface EventRow {
  global_position: string;
  stream_id: string;
  version: string;
  event_id: string;
  type: string;
  data: unknown;
  metadata: StoredEvent["metadata"];
  transaction_id: string;
  run_id: string | null;
  created_at: Date;
  stream_type: string | null;
}

export function toStoredEvent(row: EventRow): StoredEvent {
  return {
    eventId: row.event_id,
    type: row.type,
    data: row.data,
    metadata: row.metadata,
    streamId: row.stream_id,
    streamType: row.stream_type,
    version: Number(row.version),
    globalPosition: row.global_position,
    transactionId: row.transaction_id,
    runId: row.run_id,
    createdAt: row.created_at.toISOString(),
  };
}
