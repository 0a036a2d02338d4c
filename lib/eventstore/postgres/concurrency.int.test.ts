import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../db/testing/testDatabase";
import { newEvent } from "../testing/contract";
import { ConcurrencyError } from "../errors";
import { createPostgresEventStore, type PostgresEventStore } from "./postgresEventStore";

const WRITERS = 20;

describe("PostgreSQL appends under real concurrency", () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let store: PostgresEventStore;
  beforeAll(async () => {
    db = await createTestDatabase(inject("pgUrl"));
    // One connection per writer plus the blocker and the observer, so every append is in flight at once.
    pool = new pg.Pool({ connectionString: db.url, max: WRITERS + 4 });
    store = createPostgresEventStore(pool);
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  /** Resolves once `n` sessions of this database wait on a lock. */
  async function waitForBlocked(n: number): Promise<void> {
    for (let i = 0; i < 500; i++) {
      const { rows } = await pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      if (rows[0]!.n >= n) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`fewer than ${n} appends ever waited on the stream's lock`);
  }

  function outcome(settled: PromiseSettledResult<unknown>[]) {
    const errors = settled.flatMap((s) => (s.status === "rejected" ? [s.reason as unknown] : []));
    return { won: settled.length - errors.length, errors };
  }

  async function expectGapless(streamId: string, version: number): Promise<void> {
    const versions = (await store.readStream(streamId)).map((e) => e.version);
    expect(versions).toEqual(Array.from({ length: version }, (_, i) => i + 1));
    const stored = await pool.query<{ n: number; v: string }>(
      `SELECT count(*)::int AS n, (SELECT version FROM es_streams WHERE stream_id = $1) AS v FROM es_events WHERE stream_id = $1`,
      [streamId],
    );
    expect(stored.rows[0]).toEqual({ n: version, v: String(version) });
  }

  it(`${WRITERS} appends at one expected version, all queued on the stream at once: exactly one wins, ${WRITERS - 1} ConcurrencyErrors`, async () => {
    await store.appendToStream("contended", [newEvent("Opened")], { expectedVersion: "no_stream" });
    // Hold the stream's row so every append is parked on its lock before any can run.
    const blocker = await pool.connect();
    await blocker.query("BEGIN");
    await blocker.query("SELECT 1 FROM es_streams WHERE stream_id = 'contended' FOR UPDATE");
    const appends = Array.from({ length: WRITERS }, (_, i) =>
      store.appendToStream("contended", [newEvent(`Try${i}`), newEvent(`Try${i}`)], { expectedVersion: 1, outbox: { topic: "t" } }),
    );
    await waitForBlocked(WRITERS);
    await blocker.query("COMMIT");
    blocker.release();

    const { won, errors } = outcome(await Promise.allSettled(appends));
    expect(won).toBe(1);
    expect(errors).toHaveLength(WRITERS - 1);
    for (const e of errors) {
      expect(e).toBeInstanceOf(ConcurrencyError);
      expect(e).toMatchObject({ code: "concurrency", streamId: "contended", expected: 1, actual: 3 });
    }
    await expectGapless("contended", 3);
    expect(await store.outbox.countUnpublished()).toBe(2);
  });

  it(`${WRITERS} creators of one new stream (no_stream) racing: exactly one creates it`, async () => {
    // An uncommitted insert of the stream row makes every creator wait on it; rolling it back lets them race.
    const blocker = await pool.connect();
    await blocker.query("BEGIN");
    await blocker.query("INSERT INTO es_streams (stream_id, version) VALUES ('born', 0)");
    const appends = Array.from({ length: WRITERS }, (_, i) =>
      store.appendToStream("born", [newEvent(`Create${i}`)], { expectedVersion: "no_stream" }),
    );
    await waitForBlocked(WRITERS);
    await blocker.query("ROLLBACK");
    blocker.release();

    const { won, errors } = outcome(await Promise.allSettled(appends));
    expect(won).toBe(1);
    expect(errors).toHaveLength(WRITERS - 1);
    for (const e of errors) expect(e).toMatchObject({ code: "concurrency", expected: "no_stream", actual: 1 });
    await expectGapless("born", 1);
  });

  it(`${WRITERS} writers appending with "any" all succeed, and the stream stays gapless and duplicate-free`, async () => {
    const rounds = 5;
    const writers = Array.from({ length: WRITERS }, async (_, w) => {
      const versions: number[] = [];
      for (let r = 0; r < rounds; r++) {
        const result = await store.appendToStream("shared", [newEvent(`W${w}`), newEvent(`W${w}`)], { expectedVersion: "any" });
        versions.push(result.nextVersion);
      }
      return versions;
    });
    const nextVersions = (await Promise.all(writers)).flat();

    const total = WRITERS * rounds * 2;
    expect(new Set(nextVersions).size).toBe(WRITERS * rounds);
    expect(Math.max(...nextVersions)).toBe(total);
    await expectGapless("shared", total);
    // Each append's two events are adjacent: versions are handed out under the stream's row lock.
    const events = await store.readStream("shared");
    for (let i = 0; i < total; i += 2) expect(events[i]!.transactionId).toBe(events[i + 1]!.transactionId);
  });
});
