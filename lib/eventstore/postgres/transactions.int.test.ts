import type pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../db/testing/testDatabase";
import { newEvent } from "../testing/contract";
import { ConcurrencyError } from "../errors";
import { createPostgresEventStore, type PostgresEventStore } from "./postgresEventStore";

describe("PostgreSQL appends are atomic, alone or inside the caller's transaction", () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  beforeAll(async () => {
    db = await createTestDatabase(inject("pgUrl"));
    store = createPostgresEventStore(db.pool);
    await db.pool.query(`CREATE TABLE effects (id text PRIMARY KEY)`);
    // A failure injected after the events are inserted: the outbox insert is es_append's last step.
    await db.pool.query(`
      CREATE FUNCTION explode() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'outbox insert failed on purpose'; END $$;
      CREATE TRIGGER explode BEFORE INSERT ON es_outbox FOR EACH ROW WHEN (NEW.topic = 'explode') EXECUTE FUNCTION explode();`);
  });
  afterAll(async () => db?.drop());

  async function withClient<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await db.pool.connect();
    try {
      return await fn(client);
    } finally {
      client.release();
    }
  }

  async function rowsFor(streamId: string) {
    const { rows } = await db.pool.query<{ streams: number; events: number; outbox: number }>(
      `SELECT (SELECT count(*)::int FROM es_streams WHERE stream_id = $1) AS streams,
              (SELECT count(*)::int FROM es_events WHERE stream_id = $1) AS events,
              (SELECT count(*)::int FROM es_outbox o JOIN es_events e USING (event_id) WHERE e.stream_id = $1) AS outbox`,
      [streamId],
    );
    return rows[0];
  }

  it("sends one statement per append", async () => {
    await withClient(async (client) => {
      const query = vi.spyOn(client, "query");
      await store.appendToStream("one-trip", [newEvent("A"), newEvent("B"), newEvent("C")], { expectedVersion: "no_stream", outbox: { topic: "t" } }, client);
      expect(query).toHaveBeenCalledTimes(1);
    });
  });

  it("writes neither events nor outbox rows when the outbox insert fails, and leaves the stream's version as it was", async () => {
    await expect(
      store.appendToStream("boom-new", [newEvent("A"), newEvent("B")], { expectedVersion: "no_stream", outbox: [{ topic: "ok" }, { topic: "explode" }] }),
    ).rejects.toThrow(/outbox insert failed on purpose/);
    expect(await rowsFor("boom-new")).toEqual({ streams: 0, events: 0, outbox: 0 });

    await store.appendToStream("boom-old", [newEvent("A")], { expectedVersion: "no_stream", outbox: { topic: "ok" } });
    await expect(store.appendToStream("boom-old", [newEvent("B")], { expectedVersion: 1, outbox: { topic: "explode" } })).rejects.toThrow();
    expect(await rowsFor("boom-old")).toEqual({ streams: 1, events: 1, outbox: 1 });
    expect(await store.streamVersion("boom-old")).toBe(1);
    // The failed append left the stream usable at its old version.
    expect((await store.appendToStream("boom-old", [newEvent("C")], { expectedVersion: 1 })).nextVersion).toBe(2);
  });

  it("commits the caller's own writes and the events together, or neither", async () => {
    await withClient(async (client) => {
      await client.query("BEGIN");
      await client.query(`INSERT INTO effects VALUES ('rolled-back')`);
      await store.appendToStream("tx-rollback", [newEvent("A")], { expectedVersion: "no_stream", outbox: { topic: "t" } }, client);
      expect(await store.streamVersion("tx-rollback", client)).toBe(1);
      expect(await store.streamVersion("tx-rollback")).toBe(0);
      await client.query("ROLLBACK");
    });
    expect(await rowsFor("tx-rollback")).toEqual({ streams: 0, events: 0, outbox: 0 });
    expect((await db.pool.query(`SELECT count(*)::int AS n FROM effects WHERE id = 'rolled-back'`)).rows[0].n).toBe(0);

    await withClient(async (client) => {
      await client.query("BEGIN");
      await client.query(`INSERT INTO effects VALUES ('committed')`);
      await store.appendToStream("tx-commit", [newEvent("A"), newEvent("B")], { expectedVersion: "no_stream", outbox: { topic: "t" } }, client);
      await store.appendToStream("tx-commit", [newEvent("C")], { expectedVersion: 2 }, client);
      await client.query("COMMIT");
    });
    expect(await rowsFor("tx-commit")).toEqual({ streams: 1, events: 3, outbox: 2 });
    expect((await db.pool.query(`SELECT count(*)::int AS n FROM effects WHERE id = 'committed'`)).rows[0].n).toBe(1);
  });

  it("leaves the caller's transaction usable after a ConcurrencyError, so it can roll back or carry on", async () => {
    await store.appendToStream("tx-conflict", [newEvent("A")], { expectedVersion: "no_stream" });
    await withClient(async (client) => {
      await client.query("BEGIN");
      await client.query(`INSERT INTO effects VALUES ('after-conflict')`);
      await expect(store.appendToStream("tx-conflict", [newEvent("B")], { expectedVersion: 5 }, client)).rejects.toBeInstanceOf(ConcurrencyError);
      await store.appendToStream("tx-conflict", [newEvent("B")], { expectedVersion: 1 }, client);
      await client.query("COMMIT");
    });
    expect((await store.readStream("tx-conflict")).map((e) => e.type)).toEqual(["A", "B"]);
    expect((await db.pool.query(`SELECT count(*)::int AS n FROM effects WHERE id = 'after-conflict'`)).rows[0].n).toBe(1);
  });

  it("makes a second writer of the same stream wait for the first transaction, then refuses it", async () => {
    await store.appendToStream("tx-wait", [newEvent("A")], { expectedVersion: "no_stream" });
    await withClient(async (first) => {
      await first.query("BEGIN");
      await store.appendToStream("tx-wait", [newEvent("First")], { expectedVersion: 1 }, first);
      let settled = false;
      const second = store.appendToStream("tx-wait", [newEvent("Second")], { expectedVersion: 1 }).finally(() => (settled = true));
      // Its refusal may arrive (a pg socket event) before the COMMIT's await below resumes: a
      // handler now keeps that from counting as unhandled; the assertion below still reads it.
      second.catch(() => undefined);
      await new Promise((r) => setTimeout(r, 100));
      expect(settled).toBe(false);
      await first.query("COMMIT");
      await expect(second).rejects.toMatchObject({ code: "concurrency", actual: 2 });
    });
  });
});
