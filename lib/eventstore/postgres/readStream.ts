import type { ReadStreamOptions, StoredEvent } from "../types";
import { checkName, checkVersionRange } from "../validate";
import { EVENT_COLUMNS, toStoredEvent, type EventRow } from "./eventRow";
import type { Queryable } from "./queryable";

/** One stream's events in version order, optionally an inclusive version range. */
export async function readStream(db: Queryable, streamId: string, options?: ReadStreamOptions): Promise<StoredEvent[]> {
  checkName(streamId, "stream id");
  const { from, to } = checkVersionRange(options);
  const result = await db.query<EventRow>(
    `SELECT ${EVENT_COLUMNS}
     FROM es_events e JOIN es_streams s ON s.stream_id = e.stream_id
     WHERE e.stream_id = $1 AND e.version >= $2 AND ($3::bigint IS NULL OR e.version <= $3::bigint)
     ORDER BY e.version`,
    [streamId, from, to],
  );
  return result.rows.map(toStoredEvent);
}

/** The stream's version, 0 when it does not exist. */
export async function streamVersion(db: Queryable, streamId: string): Promise<number> {
  checkName(streamId, "stream id");
  const result = await db.query<{ version: string }>(`SELECT version FROM es_streams WHERE stream_id = $1`, [streamId]);
  return Number(result.rows[0]?.version ?? 0);
}
