import type pg from "pg";
import { createPostgresEventStore } from "../../eventstore";
import type { EventStoreWithOutbox } from "../../sim/ports/eventStore";
import type { DeadLetter, ReadModelRow, RunRecord, RunPatch } from "../../sim/ports/records";
import type { ProcessedKey, RuntimeStore, UnitOutcome, WriteUnit } from "../../sim/ports/runtimeStore";
import { prepareAppend } from "../../eventstore/validate";
import { isoTimestamp } from "../../eventstore/postgres/appendToStream";
import type { TraceItem } from "../../sim/ports/trace";
import { Batcher } from "./batcher";
import { retryingOn } from "./patientPool";
import { SAGA_EVENT, SAGA_STREAM_TYPE } from "../../sim/saga/sagaState";

/*
 * The runtime store on PostgreSQL: the event store over the same pool, and the tables of the
 * `runtime` migration through raw SQL. A transaction is one pooled client between BEGIN and
 * COMMIT, handed to the event store as its `tx`, so a consumer's processed record, effect and
 * events (with their outbox rows) commit together.
 */

const MARK_PROCESSED = {
  name: "sim_mark_processed",
  text: `INSERT INTO sim_processed (consumer_group, message_id, run_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
};

/** One processed record, with a read-model update when `readModel` is set. */
interface RecordItem {
  readonly consumerGroup: string;
  readonly messageId: string;
  readonly runId: string;
  readonly readModel: string | null;
  readonly rowId: string | null;
  readonly fields: string | null;
  readonly version: string | null;
}

/** What the write batcher takes: a write unit (its JSON, its stream for ordering) or a processed record. */
type Write = { readonly kind: "unit"; readonly json: string; readonly stream: string } | { readonly kind: "record"; readonly record: RecordItem };

export interface PostgresRuntimeStoreOptions {
  /**
   * The server instance this store writes for (see instanceIdentity.ts): the runs it starts or
   * claims are stamped with it. Without one, runs are unowned and judged by their heartbeat.
   */
  readonly owner?: string | null;
}

export function createPostgresRuntimeStore(pool: pg.Pool, options: PostgresRuntimeStoreOptions = {}): RuntimeStore<pg.PoolClient> {
  const owner = options.owner ?? null;
  const events = createPostgresEventStore(pool) as unknown as EventStoreWithOutbox<pg.PoolClient>;
  // Consumers' writes outside a transaction go out in batches, one statement and one commit for
  // many: write units (a processed record with an append; see the commit_units migration) and
  // processed records with read-model updates (sim_record_batch), both in the same statement when
  // both are waiting. Units are sorted by stream and records by row, so two batches never take
  // the same locks in opposite orders.
  const writes = new Batcher<Write, UnitOutcome | boolean>(async (items) => {
    const units = items.flatMap((item, i) => (item.kind === "unit" ? [{ item, i }] : [])).sort((a, b) => (a.item.stream < b.item.stream ? -1 : a.item.stream > b.item.stream ? 1 : a.i - b.i));
    const records = items.flatMap((item, i) => (item.kind === "record" ? [{ item, i }] : [])).sort((a, b) => compareKeys(a.item.record, b.item.record) || a.i - b.i);
    const unitsJson = `[${units.map((u) => u.item.json).join(",")}]`;
    const recordArrays = [
      records.map((r) => r.item.record.consumerGroup),
      records.map((r) => r.item.record.messageId),
      records.map((r) => r.item.record.runId),
      records.map((r) => r.item.record.readModel),
      records.map((r) => r.item.record.rowId),
      records.map((r) => r.item.record.fields),
      records.map((r) => r.item.record.version),
    ];
    const result =
      records.length === 0
        ? await pool.query({ name: "sim_commit_units", text: `SELECT sim_commit_units($1::jsonb) AS units`, values: [unitsJson] })
        : units.length === 0
          ? await pool.query({
              name: "sim_record_batch",
              text: `SELECT sim_record_batch($1::text[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::jsonb[]) AS applied`,
              values: recordArrays,
            })
          : await pool.query({
              name: "sim_commit_units_and_records",
              text: `SELECT sim_commit_units($1::jsonb) AS units,
                            sim_record_batch($2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::jsonb[], $8::jsonb[]) AS applied`,
              values: [unitsJson, ...recordArrays],
            });
    const row = (result.rows[0] ?? {}) as { units?: UnitRow[]; applied?: boolean[] };
    const out: (UnitOutcome | boolean)[] = new Array(items.length);
    units.forEach((u, j) => (out[u.i] = toOutcome(row.units?.[j])));
    records.forEach((r, j) => (out[r.i] = row.applied?.[j] === true));
    return out;
  });
  const submitRecord = (record: RecordItem) => writes.submit({ kind: "record", record }) as Promise<boolean>;
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
    events,

    commit(unit: WriteUnit) {
      // Checked as an append on its own would be, before it joins a batch (a bad unit fails alone).
      return writes.submit({ kind: "unit", json: unitJson(unit), stream: unit.append?.streamId ?? "" }) as Promise<UnitOutcome>;
    },

    transaction(fn) {
      // On a patient pool a transaction whose connection was lost is run again from the start
      // (its processed record makes a repeat of one that did commit a duplicate).
      return retryingOn(pool, async () => {
        const client = await pool.connect();
        let broken: Error | undefined;
        try {
          await client.query("BEGIN");
          const result = await fn(client);
          await client.query("COMMIT");
          return result;
        } catch (err) {
          await client.query("ROLLBACK").catch((rollbackError: Error) => (broken = rollbackError));
          throw err;
        } finally {
          client.release(broken);
        }
      });
    },

    async markProcessed(record, tx) {
      if (!tx) return submitRecord({ ...record, readModel: null, rowId: null, fields: null, version: null });
      const result = await tx.query({ ...MARK_PROCESSED, values: [record.consumerGroup, record.messageId, record.runId] });
      return result.rowCount === 1;
    },

    async countProcessed(runId) {
      const result = await pool.query<{ consumer_group: string; n: number }>(
        `SELECT consumer_group, count(*)::int AS n FROM sim_processed WHERE run_id = $1 GROUP BY consumer_group`,
        [runId],
      );
      return Object.fromEntries(result.rows.map((r) => [r.consumer_group, r.n]));
    },

    async findProcessed(runId, pairs) {
      if (pairs.length === 0) return [];
      const result = await pool.query<{ consumer_group: string; message_id: string }>(
        `SELECT p.consumer_group, p.message_id::text AS message_id
         FROM unnest($1::text[], $2::uuid[]) AS w(consumer_group, message_id)
         JOIN sim_processed p ON p.consumer_group = w.consumer_group AND p.message_id = w.message_id
         WHERE p.run_id = $3`,
        [pairs.map((p) => p.consumerGroup), pairs.map((p) => p.messageId), runId],
      );
      return result.rows.map((r): ProcessedKey => ({ consumerGroup: r.consumer_group, messageId: r.message_id }));
    },

    async project(update) {
      const applied = await submitRecord({
        consumerGroup: update.consumerGroup,
        messageId: update.messageId,
        runId: update.runId,
        readModel: update.readModel,
        rowId: update.rowId,
        fields: JSON.stringify(update.fields),
        version: JSON.stringify(update.version),
      });
      return applied ? "applied" : "duplicate";
    },

    async readModelRows(runId, readModel) {
      const result = await pool.query<{ read_model: string; row_id: string; data: Record<string, unknown>; versions: ReadModelRow["versions"]; event_count: number }>(
        `SELECT read_model, row_id, data, versions, event_count FROM sim_read_models
         WHERE run_id = $1 AND ($2::text IS NULL OR read_model = $2)
         ORDER BY read_model COLLATE "C", row_id COLLATE "C"`,
        [runId, readModel ?? null],
      );
      return result.rows.map((r) => ({ readModel: r.read_model, rowId: r.row_id, data: r.data, versions: r.versions, eventCount: r.event_count }));
    },

    async readModelPage(runId, after, limit) {
      // The row comparison in byte order matches the (run_id, read_model "C", row_id "C") index,
      // so each page is an index range scan however deep it is (no OFFSET).
      const result = await pool.query<{ read_model: string; row_id: string; data: Record<string, unknown>; versions: ReadModelRow["versions"]; event_count: number }>(
        `SELECT read_model, row_id, data, versions, event_count FROM sim_read_models
         WHERE run_id = $1
           AND ($2::text IS NULL OR (read_model COLLATE "C", row_id COLLATE "C") > ($2::text COLLATE "C", $3::text COLLATE "C"))
         ORDER BY read_model COLLATE "C", row_id COLLATE "C"
         LIMIT $4`,
        [runId, after?.readModel ?? null, after?.rowId ?? null, limit],
      );
      return result.rows.map((r) => ({ readModel: r.read_model, rowId: r.row_id, data: r.data, versions: r.versions, eventCount: r.event_count }));
    },

    async putDeadLetter(d, tx) {
      await (tx ?? pool).query(
        `INSERT INTO sim_dead_letters (run_id, consumer_group, message_id, message, attempts, last_error, dead_lettered_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (run_id, consumer_group, message_id) DO UPDATE
           SET message = EXCLUDED.message, attempts = EXCLUDED.attempts, last_error = EXCLUDED.last_error,
               dead_lettered_at = EXCLUDED.dead_lettered_at, replayed_at = NULL, replay_status = NULL`,
        [d.runId, d.consumerGroup, d.messageId, JSON.stringify(d.message), d.attempts, d.lastError, d.deadLetteredAt],
      );
    },

    async listDeadLetters(runId, messageId) {
      const result = await pool.query<DeadLetterRow>(
        `SELECT run_id, consumer_group, message_id::text AS message_id, message, attempts, last_error, dead_lettered_at, replayed_at, replay_status
         FROM sim_dead_letters WHERE run_id = $1 AND ($2::uuid IS NULL OR message_id = $2::uuid) ORDER BY id`,
        [runId, messageId ?? null],
      );
      return result.rows.map(toDeadLetter);
    },

    async markReplayed(runId, consumerGroup, messageId, status, at) {
      await pool.query(
        `UPDATE sim_dead_letters SET replay_status = $4, replayed_at = $5 WHERE run_id = $1 AND consumer_group = $2 AND message_id = $3`,
        [runId, consumerGroup, messageId, status, at],
      );
    },

    async createRun(run) {
      await pool.query(
        `INSERT INTO sim_runs (id, board_id, board_name, board, scenario, status, counters, summary, error, created_at, finished_at, heartbeat_at, owner_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
        [run.runId, run.boardId, run.boardName, JSON.stringify(run.board), JSON.stringify(run.scenario), run.status, JSON.stringify(run.counters),
          run.summary === null ? null : JSON.stringify(run.summary), run.error, run.createdAt, run.finishedAt, run.heartbeatAt, owner],
      );
    },

    async updateRun(runId, patch) {
      const sets: string[] = [];
      const values: unknown[] = [runId];
      const set = (column: string, value: unknown) => {
        values.push(value);
        sets.push(`${column} = $${values.length}`);
      };
      const json = (value: unknown) => (value === null ? null : JSON.stringify(value));
      const columns: Record<keyof RunPatch, [string, (v: never) => unknown]> = {
        status: ["status", (v) => v],
        counters: ["counters", json],
        summary: ["summary", json],
        error: ["error", (v) => v],
        finishedAt: ["finished_at", (v) => v],
        heartbeatAt: ["heartbeat_at", (v) => v],
      };
      for (const [key, value] of Object.entries(patch) as [keyof RunPatch, never][]) {
        if (value === undefined) continue;
        const [column, encode] = columns[key];
        set(column, encode(value));
      }
      if (sets.length > 0) await pool.query(`UPDATE sim_runs SET ${sets.join(", ")} WHERE id = $1`, values);
    },

    async getRun(runId) {
      const result = await pool.query<RunRow>(`SELECT ${RUN_COLUMNS} FROM sim_runs WHERE id = $1`, [runId]);
      const row = result.rows[0];
      return row ? toRun(row) : null;
    },

    async listRuns(filter = {}) {
      const result = await pool.query<RunRow>(
        `SELECT ${RUN_COLUMNS} FROM sim_runs
         WHERE ($1::uuid IS NULL OR board_id = $1::uuid) AND ($2::text[] IS NULL OR status = ANY($2::text[]))
         ORDER BY created_at DESC, id LIMIT $3`,
        [filter.boardId ?? null, filter.statuses ?? null, filter.limit ?? 100],
      );
      return result.rows.map(toRun);
    },

    async resumableRuns(staleBefore) {
      const result = await pool.query<{ id: string }>(
        `SELECT id FROM sim_runs WHERE status = 'running' AND (${RESUMABLE}) ORDER BY created_at LIMIT 100`,
        [owner, staleBefore],
      );
      return result.rows.map((r) => r.id);
    },

    async claimRun(runId, staleBefore, now) {
      // The row lock makes two claims of one run queue up; the second sees the first's owner, alive.
      const result = await pool.query(
        `UPDATE sim_runs SET owner_id = $1, heartbeat_at = $4 WHERE id = $3 AND status = 'running' AND (${RESUMABLE})`,
        [owner, staleBefore, runId, now],
      );
      return result.rowCount === 1;
    },

    async beat(runId, counters, at) {
      const result = await pool.query(
        `UPDATE sim_runs SET counters = $3, heartbeat_at = $4 WHERE id = $1 AND status = 'running' AND owner_id IS NOT DISTINCT FROM $2`,
        [runId, owner, JSON.stringify(counters), at],
      );
      return result.rowCount === 1;
    },

    async countSagas(runId) {
      // A saga's outcome is its last `ended` (a `reopened` after it means it goes on).
      const result = await pool.query<{ started: number; completed: number; compensated: number; failed: number }>(
        `SELECT count(*)::int AS started,
                count(*) FILTER (WHERE last.outcome = 'completed')::int AS completed,
                count(*) FILTER (WHERE last.outcome = 'compensated')::int AS compensated,
                count(*) FILTER (WHERE last.outcome = 'failed')::int AS failed
         FROM es_streams s
         LEFT JOIN LATERAL (
           SELECT CASE WHEN e.type = $3 THEN e.data->>'outcome' END AS outcome
           FROM es_events e WHERE e.stream_id = s.stream_id AND e.type IN ($3, $4)
           ORDER BY e.version DESC LIMIT 1
         ) last ON true
         WHERE s.run_id = $1 AND s.stream_type = $2`,
        [runId, SAGA_STREAM_TYPE, SAGA_EVENT.ended, SAGA_EVENT.reopened],
      );
      const row = result.rows[0];
      return { started: row?.started ?? 0, completed: row?.completed ?? 0, compensated: row?.compensated ?? 0, failed: row?.failed ?? 0 };
    },

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

interface UnitRow {
  s: "applied" | "duplicate" | "conflict" | "duplicate_event";
  v?: number;
  p?: string[];
  x?: string;
  b?: (string | null)[] | null;
  c?: string;
}

function toOutcome(row: UnitRow | undefined): UnitOutcome {
  if (!row) throw new Error("sim_commit_units returned fewer results than units");
  switch (row.s) {
    case "duplicate":
    case "duplicate_event":
      return { status: row.s };
    case "conflict":
      return { status: "conflict", actualVersion: Number(row.v ?? 0) };
    case "applied":
      return {
        status: "applied",
        append:
          row.x === undefined
            ? null
            : { nextVersion: Number(row.v), positions: row.p ?? [], transactionId: row.x, outboxIds: row.b ?? (row.p ?? []).map(() => null), createdAt: isoTimestamp(row.c ?? null) },
      };
  }
}

/** A unit as sim_commit_units reads it; the events' JSON as prepareAppend serialised it, spliced in as is. */
function unitJson(unit: WriteUnit): string {
  const parts: string[] = [];
  if (unit.processed) {
    parts.push(`"g":${JSON.stringify(unit.processed.consumerGroup)}`, `"m":${JSON.stringify(unit.processed.messageId)}`, `"r":${JSON.stringify(unit.processed.runId)}`);
  }
  if (unit.append) {
    const append = prepareAppend(unit.append.streamId, unit.append.events, unit.append.options);
    const expected = append.expectedVersion === "any" ? -1 : append.expectedVersion === "no_stream" ? 0 : append.expectedVersion;
    if (!unit.processed) parts.push(`"r":${JSON.stringify(append.runId)}`);
    parts.push(
      `"s":${JSON.stringify(append.streamId)}`,
      `"t":${JSON.stringify(append.streamType)}`,
      `"v":${expected}`,
      ...(append.claimMs !== null ? [`"l":${append.claimMs}`] : []),
      `"e":[${append.events
        .map((e) => `{"i":${JSON.stringify(e.eventId)},"y":${JSON.stringify(e.type)},"d":${e.dataJson},"md":${e.metadataJson},"o":${JSON.stringify(e.outbox?.topic ?? null)},"k":${JSON.stringify(e.outbox?.key ?? null)}}`)
        .join(",")}]`,
    );
  }
  return `{${parts.join(",")}}`;
}

function compareKeys(a: RecordItem, b: RecordItem): number {
  const x = `${a.readModel ?? ""}\u0000${a.rowId ?? ""}\u0000${a.consumerGroup}\u0000${a.messageId}`;
  const y = `${b.readModel ?? ""}\u0000${b.rowId ?? ""}\u0000${b.consumerGroup}\u0000${b.messageId}`;
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * A running run is resumable by owner $1 when it is $1's own (not driven here: lost track of),
 * its heartbeat is older than $2, or its owner's instance is gone (see the run_owners migration).
 */
const RESUMABLE = `owner_id = $1 OR heartbeat_at < $2 OR (owner_id IS NOT NULL AND NOT sim_instance_alive(owner_id))`;

const RUN_COLUMNS = `id, board_id::text AS board_id, board_name, board, scenario, status, counters, summary, error, created_at, finished_at, heartbeat_at`;

interface RunRow {
  id: string;
  board_id: string | null;
  board_name: string;
  board: RunRecord["board"];
  scenario: RunRecord["scenario"];
  status: RunRecord["status"];
  counters: RunRecord["counters"];
  summary: RunRecord["summary"];
  error: string | null;
  created_at: Date;
  finished_at: Date | null;
  heartbeat_at: Date;
}

function toRun(r: RunRow): RunRecord {
  return {
    runId: r.id,
    boardId: r.board_id,
    boardName: r.board_name,
    board: r.board,
    scenario: r.scenario,
    status: r.status,
    counters: r.counters,
    summary: r.summary,
    error: r.error,
    createdAt: r.created_at.toISOString(),
    finishedAt: r.finished_at?.toISOString() ?? null,
    heartbeatAt: r.heartbeat_at.toISOString(),
  };
}

interface DeadLetterRow {
  run_id: string;
  consumer_group: string;
  message_id: string;
  message: DeadLetter["message"];
  attempts: number;
  last_error: string;
  dead_lettered_at: Date;
  replayed_at: Date | null;
  replay_status: DeadLetter["replayStatus"];
}

function toDeadLetter(r: DeadLetterRow): DeadLetter {
  return {
    runId: r.run_id,
    consumerGroup: r.consumer_group,
    messageId: r.message_id,
    message: r.message,
    attempts: r.attempts,
    lastError: r.last_error,
    deadLetteredAt: r.dead_lettered_at.toISOString(),
    replayedAt: r.replayed_at?.toISOString() ?? null,
    replayStatus: r.replay_status,
  };
}

/** A span as a batch stores it (see the span_batches migration). */
type SpanRow = [seq: number, traceId: string, spanId: string, parentSpanId: string | null, name: string, kind: string, startedAt: number, endedAt: number, status: string, attributes: TraceItem["attributes"]];

function toTraceItem(row: SpanRow): TraceItem {
  const [seq, traceId, spanId, parentSpanId, name, kind, startedAt, endedAt, status, attributes] = row;
  return { seq, traceId, spanId, parentSpanId, name, kind: kind as TraceItem["kind"], startedAt, endedAt, status: status as TraceItem["status"], attributes };
}
