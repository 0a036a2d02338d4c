import type { ListStreamsOptions, StreamInfo } from "../types";
import { checkLimit, checkName } from "../validate";
import type { Queryable } from "./queryable";

/** Streams ordered by id in byte order (`COLLATE "C"`, whatever the database's locale), e.g. one run's. */
export async function listStreams(db: Queryable, options: ListStreamsOptions = {}): Promise<StreamInfo[]> {
  const limit = checkLimit(options.limit, 1_000, 10_000);
  const runId = options.runId === undefined ? null : checkName(options.runId, "run id");
  const result = await db.query<{ stream_id: string; stream_type: string | null; version: string; run_id: string | null }>(
    `SELECT stream_id, stream_type, version, run_id FROM es_streams
     ${runId === null ? "" : "WHERE run_id = $2"}
     ORDER BY stream_id COLLATE "C"
     LIMIT $1`,
    runId === null ? [limit] : [limit, runId],
  );
  return result.rows.map((r) => ({ streamId: r.stream_id, streamType: r.stream_type, version: Number(r.version), runId: r.run_id }));
}
