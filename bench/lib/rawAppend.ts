import type pg from "pg";
import type { NewEvent } from "../../lib/eventstore";

/**
 * The reference the event store's append is measured against: the same rows written by hand
 * with plain `pg`, in the transaction shape an Emmett-style append has (stack-notes): BEGIN,
 * UPDATE the stream's version where it is the expected one, INSERT the events, COMMIT.
 *
 * The tables are `LIKE` the event store's, indexes included, so both sides pay for the same
 * index maintenance and the difference is the append path itself (function, checks, unnest).
 */
export async function createRawTables(pool: pg.Pool): Promise<void> {
  await pool.query(`
    DROP TABLE IF EXISTS bench_raw_events, bench_raw_streams;
    CREATE TABLE bench_raw_streams (LIKE es_streams INCLUDING ALL);
    CREATE TABLE bench_raw_events (LIKE es_events INCLUDING ALL);`);
}

export async function createRawStream(pool: pg.Pool, streamId: string): Promise<void> {
  await pool.query(`INSERT INTO bench_raw_streams (stream_id, stream_type, version) VALUES ($1, 'Bench', 0)`, [streamId]);
}

// Named statements, as the event store's own append uses one: both sides skip re-parsing.
const ADVANCE = {
  name: "bench_raw_advance",
  text: `UPDATE bench_raw_streams SET version = version + $3, updated_at = CURRENT_TIMESTAMP WHERE stream_id = $1 AND version = $2`,
};
const INSERT_ONE = {
  name: "bench_raw_insert_one",
  text: `INSERT INTO bench_raw_events (stream_id, version, event_id, type, data, metadata) VALUES ($1, $2, $3, $4, $5, $6)`,
};
const INSERT_MANY = {
  name: "bench_raw_insert_many",
  text: `INSERT INTO bench_raw_events (stream_id, version, event_id, type, data, metadata)
         SELECT $1, $2 + e.ord, e.event_id, e.type, e.data, e.metadata
         FROM unnest($3::uuid[], $4::text[], $5::jsonb[], $6::jsonb[]) WITH ORDINALITY AS e(event_id, type, data, metadata, ord)`,
};

/** Appends `events` at `expectedVersion` by hand; returns the new version. */
export async function rawAppend(pool: pg.Pool, streamId: string, events: readonly NewEvent[], expectedVersion: number): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const advanced = await client.query({ ...ADVANCE, values: [streamId, expectedVersion, events.length] });
    if (advanced.rowCount !== 1) throw new Error(`raw append: ${streamId} is not at version ${expectedVersion}`);
    if (events.length === 1) {
      const e = events[0]!;
      await client.query({ ...INSERT_ONE, values: [streamId, expectedVersion + 1, e.eventId, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata)] });
    } else {
      await client.query({
        ...INSERT_MANY,
        values: [
          streamId,
          expectedVersion,
          events.map((e) => e.eventId),
          events.map((e) => e.type),
          events.map((e) => JSON.stringify(e.data)),
          events.map((e) => JSON.stringify(e.metadata)),
        ],
      });
    }
    await client.query("COMMIT");
    return expectedVersion + events.length;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
