import { checkpointOf, parseCheckpoint, START_CHECKPOINT } from "../checkpoint";
import type { ReadAllOptions, ReadAllResult } from "../types";
import { checkLimit, checkName } from "../validate";
import { EVENT_COLUMNS, toStoredEvent, type EventRow } from "./eventRow";
import type { Queryable } from "./queryable";

/**
 * Events after a checkpoint, in (transaction id, global position) order, never past the oldest
 * transaction still running.
 *
 * A global position is taken when the row is inserted, but the row only becomes visible when
 * its transaction commits, so a reader that saw position 8 may later see 7 appear. Holding back
 * every event whose transaction id is not below `pg_snapshot_xmin(pg_current_snapshot())` (the
 * oldest transaction in flight) means everything returned belongs to a finished transaction,
 * and anything committed later belongs to a younger one, so it sorts after the checkpoint
 * (see checkpoint.ts). Emmett's subscriptions read the same way.
 */
export async function readAll(db: Queryable, options: ReadAllOptions = {}): Promise<ReadAllResult> {
  const after = options.after ?? START_CHECKPOINT;
  const { transactionId, globalPosition } = parseCheckpoint(after);
  const limit = checkLimit(options.limit, 100, 10_000);
  const runId = options.runId === undefined ? null : checkName(options.runId, "run id");

  const result = await db.query<EventRow>(
    `SELECT ${EVENT_COLUMNS}
     FROM es_events e JOIN es_streams s ON s.stream_id = e.stream_id
     WHERE (e.transaction_id, e.global_position) > ($1::xid8, $2::bigint)
       AND e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
       ${runId === null ? "" : "AND e.run_id = $4"}
     ORDER BY e.transaction_id, e.global_position
     LIMIT $3`,
    runId === null ? [transactionId.toString(), globalPosition.toString(), limit] : [transactionId.toString(), globalPosition.toString(), limit, runId],
  );
  const events = result.rows.map(toStoredEvent);
  const last = events.at(-1);
  return { events, checkpoint: last ? checkpointOf(last) : after };
}
