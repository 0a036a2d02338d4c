import type pg from "pg";
import { createPostgresEventStore } from "../../eventstore";
import type { EventStoreWithOutbox } from "../../sim/ports/eventStore";
import type { DeadLetter, ReadModelRow } from "../../sim/ports/records";
import type { ProcessedKey, RuntimeStore, WriteUnit } from "../../sim/ports/runtimeStore";
import { SAGA_EVENT, SAGA_STREAM_TYPE } from "../../sim/saga/sagaState";
import { createWriteBatches } from "./commitUnits";
import { retryingOn } from "./patientPool";
import { createRunRecords } from "./runRecords";
import { createSpanBatches } from "./spanBatches";

/*
 * The runtime store on PostgreSQL: the event store over the same pool, and the tables of the
 * `runtime` migration through raw SQL. A transaction is one pooled client between BEGIN and
 * COMMIT, handed to the event store as its `tx`, so a consumer's processed record, effect and
 * events (with their outbox rows) commit together. Writes outside a transaction are batched
 * (commitUnits.ts); run records and spans have files of their own (runRecords.ts, spanBatches.ts).
 */

const MARK_PROCESSED = {
  name: "sim_mark_processed",
  text: `INSERT INTO sim_processed (consumer_group, message_id, run_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
};

export interface PostgresRuntimeStoreOptions {
  /**
   * The server instance this store writes for (see instanceIdentity.ts): the runs it starts or
   * claims are stamped with it. Without one, runs are unowned and judged by their heartbeat.
   */
  readonly owner?: string | null;
}

export function createPostgresRuntimeStore(pool: pg.Pool, options: PostgresRuntimeStoreOptions = {}): RuntimeStore<pg.PoolClient> {
  const owner = options.owner ?? null;
  const writes = createWriteBatches(pool);
  const store = createPostgresEventStore(pool) as unknown as EventStoreWithOutbox<pg.PoolClient>;
  // The relay's marks join the write batches (commitUnits.ts): one commit fewer per publish.
  const events: EventStoreWithOutbox<pg.PoolClient> = { ...store, outbox: { ...store.outbox, markPublished: (ids) => writes.markPublished(ids) } };
  const submitRecord = writes.submitRecord;

  return {
    events,

    // Batched with other consumers' writes (commitUnits.ts).
    commit: (unit: WriteUnit) => writes.commit(unit),

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

    async issuedInstances(runId) {
      const result = await pool.query<{ n: number | null }>(`SELECT max((metadata->>'instance')::int) + 1 AS n FROM es_events WHERE run_id = $1`, [runId]);
      return result.rows[0]?.n ?? 0;
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

    ...createRunRecords(pool, owner),
    ...createSpanBatches(pool),
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
