import type pg from "pg";
import type { ClaimOptions, Int64String, Outbox, OutboxMessage } from "../types";
import { checkLease, checkLimit, checkName, checkOutboxIds } from "../validate";
import { EVENT_COLUMNS, toStoredEvent, type EventRow } from "./eventRow";

interface ClaimedRow extends EventRow {
  outbox_id: string;
  topic: string;
  key: string;
  outbox_run_id: string | null;
  attempts: number;
  outbox_created_at: Date;
}

/**
 * The outbox's storage side; `appendToStream` writes the rows, a relay (lib/sim) moves them.
 *
 * A claim is a lease, not a held transaction: `FOR UPDATE SKIP LOCKED` lets concurrent
 * claimers pass each other's rows instead of queueing, and `claimed_until` keeps the rows
 * taken after the claiming statement commits, so the relay publishes with no transaction open
 * (an open one would hold back every gap-safe `readAll`). A relay that dies before
 * `markPublished` leaves its rows to be claimed again when the lease ends: at-least-once.
 */
export function createPostgresOutbox(pool: pg.Pool): Outbox {
  return {
    async claimUnpublished(limit: number, options: ClaimOptions = {}): Promise<OutboxMessage[]> {
      const max = checkLimit(limit, 100, 10_000);
      const leaseMs = checkLease(options.leaseMs);
      const runId = options.runId === undefined ? null : checkName(options.runId, "run id");
      // Truncated to the column's milliseconds so a lease never ends later than asked (leaseMs 0 = free at once).
      // Named (one per shape), so each connection parses and plans the claim once.
      const result = await pool.query<ClaimedRow>({
        name: runId === null ? "es_claim" : "es_claim_run",
        text: `WITH candidates AS (
           SELECT id FROM es_outbox
           WHERE published_at IS NULL AND (claimed_until IS NULL OR claimed_until <= CURRENT_TIMESTAMP)
             ${runId === null ? "" : "AND run_id = $3"}
           ORDER BY id
           LIMIT $1
           FOR UPDATE SKIP LOCKED
         ), claimed AS (
           UPDATE es_outbox o
           SET claimed_until = date_trunc('milliseconds', CURRENT_TIMESTAMP) + $2 * INTERVAL '1 millisecond',
               attempts = o.attempts + 1
           FROM candidates c
           WHERE o.id = c.id
           RETURNING o.id, o.event_id, o.topic, o.key, o.run_id, o.attempts, o.created_at
         )
         SELECT c.id::text AS outbox_id, c.topic, c.key, c.run_id AS outbox_run_id, c.attempts, c.created_at AS outbox_created_at,
                ${EVENT_COLUMNS}
         FROM claimed c
         JOIN es_events e ON e.event_id = c.event_id
         JOIN es_streams s ON s.stream_id = e.stream_id
         ORDER BY c.id`,
        values: runId === null ? [max, leaseMs] : [max, leaseMs, runId],
      });
      return result.rows.map((r) => ({
        id: r.outbox_id,
        topic: r.topic,
        key: r.key,
        runId: r.outbox_run_id,
        attempts: r.attempts,
        createdAt: r.outbox_created_at.toISOString(),
        event: toStoredEvent(r),
      }));
    },

    async markPublished(ids: readonly Int64String[]): Promise<number> {
      const wanted = checkOutboxIds(ids).map(String);
      if (wanted.length === 0) return 0;
      const result = await pool.query({
        name: "es_mark_published",
        text: `UPDATE es_outbox SET published_at = CURRENT_TIMESTAMP WHERE id = ANY($1::bigint[]) AND published_at IS NULL`,
        values: [wanted],
      });
      return result.rowCount ?? 0;
    },

    async releaseClaims(ids: readonly Int64String[]): Promise<number> {
      const wanted = checkOutboxIds(ids).map(String);
      if (wanted.length === 0) return 0;
      const result = await pool.query(
        `UPDATE es_outbox SET claimed_until = NULL
         WHERE id = ANY($1::bigint[]) AND published_at IS NULL AND claimed_until IS NOT NULL`,
        [wanted],
      );
      return result.rowCount ?? 0;
    },

    async countUnpublished(options: { readonly runId?: string } = {}): Promise<number> {
      const runId = options.runId === undefined ? null : checkName(options.runId, "run id");
      const result = await pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM es_outbox WHERE published_at IS NULL ${runId === null ? "" : "AND run_id = $1"}`,
        runId === null ? [] : [runId],
      );
      return result.rows[0]?.n ?? 0;
    },
  };
}
