import type pg from "pg";
import type { RuntimeStore } from "../../sim/ports/runtimeStore";
import type { TraceItem } from "../../sim/ports/trace";

/*
 * A run's spans on PostgreSQL: stored a batch per row (see the span_batches migration), the
 * spans as rows of arrays, and read back in seq order from any seq.
 */

export function createSpanBatches(pool: pg.Pool): Pick<RuntimeStore<pg.PoolClient>, "appendSpans" | "readSpans" | "lastSpanSeq"> {
  const lastSeq = async (runId: string): Promise<number> => {
    const result = await pool.query<{ seq: string | null }>({
      name: "sim_last_span_seq",
      text: `SELECT last_seq::text AS seq FROM sim_span_batches WHERE run_id = $1 ORDER BY first_seq DESC LIMIT 1`,
      values: [runId],
    });
    return Number(result.rows[0]?.seq ?? 0);
  };
  const appendSpans = async (runId: string, items: readonly TraceItem[]): Promise<void> => {
    if (items.length === 0) return;
    // One row per batch (see the span_batches migration), the spans as rows of arrays. Spans
    // come in seq order and a run's batches never overlap: a batch at or below the run's last
    // stored seq is a re-send, and only its new spans are kept.
    const sorted = [...items].sort((a, b) => a.seq - b.seq);
    const rows = (list: readonly TraceItem[]) => JSON.stringify(list.map((i) => [i.seq, i.traceId, i.spanId, i.parentSpanId, i.name, i.kind, i.startedAt, i.endedAt, i.status, i.attributes]));
    const first = sorted[0]!.seq;
    const inserted = await pool.query({
      name: "sim_append_span_batch",
      text: `INSERT INTO sim_span_batches (run_id, first_seq, last_seq, spans)
             SELECT $1, $2, $3, $4::json
             WHERE coalesce((SELECT last_seq FROM sim_span_batches WHERE run_id = $1 ORDER BY first_seq DESC LIMIT 1), 0) < $2
             ON CONFLICT DO NOTHING`,
      values: [runId, first, sorted.at(-1)!.seq, rows(sorted)],
    });
    if (inserted.rowCount === 1) return;
    const stored = await lastSeq(runId);
    const fresh = sorted.filter((i) => i.seq > stored);
    if (fresh.length > 0) await appendSpans(runId, fresh);
  };

  return {
    appendSpans: (runId, items) => appendSpans(runId, items),

    async readSpans(runId, after, limit) {
      // Batches from the one holding `after + 1`, a few at a time, until `limit` spans are in.
      const out: TraceItem[] = [];
      let from = after;
      while (out.length < limit) {
        const result = await pool.query<{ last_seq: string; spans: SpanRow[] }>({
          name: "sim_read_span_batches",
          text: `SELECT last_seq::text AS last_seq, spans FROM sim_span_batches
                 WHERE run_id = $1 AND first_seq >= coalesce((SELECT max(first_seq) FROM sim_span_batches WHERE run_id = $1 AND first_seq <= $2 + 1), 0)
                 ORDER BY first_seq LIMIT 4`,
          values: [runId, from],
        });
        const before = from;
        for (const batch of result.rows) {
          for (const row of batch.spans) {
            if (row[0] > from && out.length < limit) out.push(toTraceItem(row));
          }
          from = Math.max(from, Number(batch.last_seq));
        }
        // Fewer batches than asked for: that was the run's last; none past `from`: nothing more.
        if (result.rows.length < 4 || from === before) break;
      }
      return out;
    },

    async lastSpanSeq(runId) {
      return lastSeq(runId);
    },
  };
}

/** A span as a batch stores it (see the span_batches migration). */
type SpanRow = [seq: number, traceId: string, spanId: string, parentSpanId: string | null, name: string, kind: string, startedAt: number, endedAt: number, status: string, attributes: TraceItem["attributes"]];

function toTraceItem(row: SpanRow): TraceItem {
  const [seq, traceId, spanId, parentSpanId, name, kind, startedAt, endedAt, status, attributes] = row;
  return { seq, traceId, spanId, parentSpanId, name, kind: kind as TraceItem["kind"], startedAt, endedAt, status: status as TraceItem["status"], attributes };
}
