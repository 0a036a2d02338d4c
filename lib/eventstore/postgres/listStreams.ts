import type { ListStreamsOptions, StreamInfo } from "../types";
import { checkLimit, checkName } from "../validate";
import type { Queryable } from "./queryable";

/**
 * Streams ordered by id in byte order (`COLLATE "C"`, whatever the database's locale), e.g. one
 * run's; `after` pages on from the last id of the previous page.
 */
export async function listStreams(db: Queryable, options: ListStreamsOptions = {}): Promise<StreamInfo[]> {
  const limit = checkLimit(options.limit, 1_000, 10_000);
  const runId = options.runId === undefined ? null : checkName(options.runId, "run id");
  const after = options.after === undefined ? null : checkName(options.after, "after (a stream id)");
  const result = await db.query<{ stream_id: string; stream_type: string | null; version: string; run_id: string | null }>(
    `SELECT stream_id, stream_type, version, run_id FROM es_streams
     WHERE ($2::text IS NULL OR run_id = $2) AND ($3::text IS NULL OR stream_id COLLATE "C" > $3::text COLLATE "C")
     ORDER BY stream_id COLLATE "C"
     LIMIT $1`,
    [limit, runId, after],
  );
  return result.rows.map((r) => ({ streamId: r.stream_id, streamType: r.stream_type, version: Number(r.version), runId: r.run_id }));
}
