import type pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { START_CHECKPOINT, parseCheckpoint } from "../checkpoint";
import { newEvent } from "../testing/contract";
import { startIsolatedPostgres, type IsolatedPostgres } from "../testing/isolatedPostgres";
import type { StoredEvent } from "../types";
import { createPostgresEventStore, type PostgresEventStore } from "./postgresEventStore";

// On a cluster of its own: transaction ids and snapshots are cluster-wide (see isolatedPostgres.ts).
describe("PostgreSQL readAll never skips an event committed later", () => {
  let db: IsolatedPostgres;
  let store: PostgresEventStore;
  const open: pg.PoolClient[] = [];
  beforeAll(async () => {
    db = await startIsolatedPostgres();
    store = createPostgresEventStore(db.pool);
  });
  beforeEach(async () => db.reset());
  afterAll(async () => {
    for (const c of open) c.release();
    await db?.stop();
  });

  async function begin(): Promise<pg.PoolClient> {
    const client = await db.pool.connect();
    open.push(client);
    await client.query("BEGIN");
    return client;
  }

  async function finish(client: pg.PoolClient, how: "COMMIT" | "ROLLBACK"): Promise<void> {
    await client.query(how);
    open.splice(open.indexOf(client), 1);
    client.release();
  }

  it("holds back a later event while a slower transaction with an earlier position is open, then reads both in order", async () => {
    const slow = await begin();
    const early = await store.appendToStream("slow", [newEvent("Early")], { expectedVersion: "no_stream" }, slow);
    const late = await store.appendToStream("fast", [newEvent("Late")], { expectedVersion: "no_stream" });
    expect(BigInt(early.positions[0]!)).toBeLessThan(BigInt(late.positions[0]!));

    const whileOpen = await store.readAll();
    expect(whileOpen.events).toEqual([]);
    expect(whileOpen.checkpoint).toBe(START_CHECKPOINT);

    await finish(slow, "COMMIT");
    const after = await store.readAll({ after: whileOpen.checkpoint });
    expect(after.events.map((e) => e.type)).toEqual(["Early", "Late"]);
  });

  it("does not skip an older position committed after a younger transaction's higher position was read", async () => {
    // The case a position-only checkpoint gets wrong: `older` takes its transaction id first but
    // its position last, commits first and is read; `younger` then commits a lower position.
    const older = await begin();
    await older.query("SELECT pg_current_xact_id()");
    const younger = await begin();
    const low = await store.appendToStream("younger", [newEvent("LowPosition")], { expectedVersion: "no_stream" }, younger);
    const high = await store.appendToStream("older", [newEvent("HighPosition")], { expectedVersion: "no_stream" }, older);
    await finish(older, "COMMIT");
    expect(BigInt(low.positions[0]!)).toBeLessThan(BigInt(high.positions[0]!));
    expect(BigInt(high.transactionId)).toBeLessThan(BigInt(low.transactionId));

    const first = await store.readAll();
    expect(first.events.map((e) => e.type)).toEqual(["HighPosition"]);
    expect(parseCheckpoint(first.checkpoint).globalPosition).toBe(BigInt(high.positions[0]!));

    await finish(younger, "COMMIT");
    const second = await store.readAll({ after: first.checkpoint });
    expect(second.events.map((e) => e.type)).toEqual(["LowPosition"]);
  });

  it("skips nothing from a rolled-back transaction and never returns its events", async () => {
    const doomed = await begin();
    await store.appendToStream("doomed", [newEvent("Never")], { expectedVersion: "no_stream" }, doomed);
    await store.appendToStream("kept", [newEvent("Kept")], { expectedVersion: "no_stream" });
    expect((await store.readAll()).events).toEqual([]);
    await finish(doomed, "ROLLBACK");
    expect((await store.readAll()).events.map((e) => e.type)).toEqual(["Kept"]);
  });

  it("a subscriber polling while writers commit out of order reads every event exactly once", async () => {
    const writers = 6;
    const appendsEach = 15;
    const pause = () => new Promise((r) => setTimeout(r, Math.random() * 4));
    let writing = true;
    const seen: StoredEvent[] = [];
    const subscriber = (async () => {
      let after = START_CHECKPOINT;
      for (;;) {
        const stillWriting = writing;
        const page = await store.readAll({ after, limit: 7 });
        seen.push(...page.events);
        after = page.checkpoint;
        if (page.events.length === 0) {
          if (!stillWriting) return;
          await new Promise((r) => setTimeout(r, 2));
        }
      }
    })();

    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        for (let i = 0; i < appendsEach; i++) {
          const client = await begin();
          // Half the transactions take their id a while before the append, and all commit after a
          // random pause, so ids, positions and commits come in different orders.
          if ((w + i) % 2 === 0) {
            await client.query("SELECT pg_current_xact_id()");
            await pause();
          }
          await store.appendToStream(`w${w}`, [newEvent(`w${w}-${i}`), newEvent(`w${w}-${i}`)], { expectedVersion: i === 0 ? "no_stream" : i * 2 }, client);
          await pause();
          await finish(client, "COMMIT");
        }
      }),
    );
    writing = false;
    await subscriber;

    const ids = seen.map((e) => e.eventId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(writers * appendsEach * 2);
    // Each stream is read in version order.
    for (let w = 0; w < writers; w++) {
      const versions = seen.filter((e) => e.streamId === `w${w}`).map((e) => e.version);
      expect(versions).toEqual(Array.from({ length: appendsEach * 2 }, (_, i) => i + 1));
    }
  });

  it("keeps positions and outbox ids beyond 2^53 exact, as strings", async () => {
    await db.pool.query(`SELECT setval('es_events_global_position_seq', 9007199254740993)`);
    await db.pool.query(`SELECT setval('es_outbox_id_seq', 9007199254740993)`);
    const result = await store.appendToStream("big", [newEvent("A"), newEvent("B")], { expectedVersion: "no_stream", outbox: { topic: "t" } });
    expect(result.positions).toEqual(["9007199254740994", "9007199254740995"]);

    const { events, checkpoint } = await store.readAll();
    expect(events.map((e) => e.globalPosition)).toEqual(["9007199254740994", "9007199254740995"]);
    expect(checkpoint.endsWith(":9007199254740995")).toBe(true);
    expect(JSON.parse(JSON.stringify({ result, events, checkpoint }))).toEqual({ result, events, checkpoint });

    const claimed = await store.outbox.claimUnpublished(10);
    expect(claimed.map((m) => m.id)).toEqual(["9007199254740994", "9007199254740995"]);
    expect(await store.outbox.markPublished(claimed.map((m) => m.id))).toBe(2);
    expect(await store.outbox.countUnpublished()).toBe(0);
  });
});
