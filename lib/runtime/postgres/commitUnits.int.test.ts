import { randomUUID } from "node:crypto";
import type pg from "pg";
import { afterEach, describe, expect, inject, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../db/testing/testDatabase";
import { seededRandom } from "../../sim/hash";
import { createWriteBatches } from "./commitUnits";

/*
 * sim_commit_units tries a batch whole, set-based (sim_commit_units_bulk), and falls back to the
 * per-unit function (sim_commit_units_each) when any unit would not apply. These tests hold the
 * two to the same results: random batches with duplicates, conflicts, re-issued appends and
 * chained versions go through both on two databases, and the results and the tables must agree.
 */

interface Unit {
  g?: string;
  m?: string;
  r: string;
  s?: string;
  t?: string;
  v?: number;
  l?: number;
  e?: { i: string; y: string; d: unknown; md: unknown; o: string | null; k: string | null }[];
}

const STREAMS = ["Order-1", "Order-2", "Order-3", "Payment-1", "Saga-1", "Saga-2"];

/** What the random batches remember: messages and events seen, for duplicates and re-issues. */
interface Seen {
  processed: { g: string; m: string }[];
  eventIds: string[];
}

/**
 * A random batch on `versions` (the streams as stored now). Half the batches are clean (every unit
 * applies: the set-based path); the others have duplicates, re-issued events and stale versions.
 */
function randomBatch(random: () => number, versions: ReadonlyMap<string, number>, seen: Seen): Unit[] {
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const clean = random() < 0.5;
  const ahead = new Map(versions);
  const batch: Unit[] = [];
  const size = 1 + Math.floor(random() * 20);
  for (let u = 0; u < size; u++) {
    const unit: Unit = { r: pick(["run-a", "run-b"]) };
    const roll = random();
    if (roll < 0.85) {
      // A consumer's record: now and then one seen before, or twice in this batch.
      const again = !clean && seen.processed.length > 0 && random() < 0.1 ? pick(seen.processed) : null;
      unit.g = again?.g ?? pick(["email-service", "fraud-check", "order-saga"]);
      unit.m = again?.m ?? randomUUID();
      if (!again) seen.processed.push({ g: unit.g, m: unit.m });
    }
    if (roll < 0.1 && unit.g) {
      batch.push(unit); // processed only: no append
      continue;
    }
    // Mostly the same few streams; now and then a new one, which the batch creates.
    const stream = random() < 0.15 ? `New${seen.eventIds.length}-${u}` : pick(STREAMS);
    const at = ahead.get(stream) ?? 0;
    const expectation = random();
    // The version the stream will be at, or any; in the other batches also no stream or a stale one.
    const v = clean || expectation < 0.6 ? (expectation < 0.3 ? -1 : at) : expectation < 0.8 ? 0 : Math.max(1, at - 1 - Math.floor(random() * 2));
    const count = 1 + Math.floor(random() * 3);
    const reissue = !clean && seen.eventIds.length > 0 && random() < 0.08;
    unit.s = stream;
    unit.t = stream.split("-")[0]!;
    unit.v = v;
    if (random() < 0.5) unit.l = 5_000;
    unit.e = Array.from({ length: count }, (_, k) => {
      const id = reissue && k === 0 ? pick(seen.eventIds) : randomUUID();
      seen.eventIds.push(id);
      const withTopic = random() < 0.7;
      return { i: id, y: `Happened${k}`, d: { n: k, text: "é \"q\" \u2028" }, md: { causationId: null, k }, o: withTopic ? pick(["orders", "payments"]) : null, k: withTopic && random() < 0.5 ? "key-1" : null };
    });
    if (v === -1 || v === at) ahead.set(stream, at + count);
    batch.push(unit);
  }
  return batch;
}

async function streamVersions(pool: pg.Pool): Promise<Map<string, number>> {
  const result = await pool.query<{ stream_id: string; version: number }>(`SELECT stream_id, version::int FROM es_streams`);
  return new Map(result.rows.map((r) => [r.stream_id, r.version]));
}

/** A unit's result without what differs between two databases (ids, positions, times). */
function comparable(result: { s: string; v?: string | number; p?: string[]; b?: (string | null)[] | null }) {
  return { s: result.s, v: result.v === undefined ? undefined : Number(result.v), p: result.p?.length, b: result.b === undefined ? undefined : result.b === null ? null : result.b.map((x) => x !== null) };
}

async function tables(pool: pg.Pool) {
  const q = async (sql: string) => (await pool.query(sql)).rows;
  return {
    streams: await q(`SELECT stream_id, stream_type, version::int, run_id FROM es_streams ORDER BY stream_id`),
    events: await q(`SELECT stream_id, version::int, event_id, type, data, metadata, run_id FROM es_events ORDER BY global_position`),
    outbox: await q(`SELECT event_id, topic, key, run_id, attempts, claimed_until IS NULL AS unclaimed FROM es_outbox ORDER BY id`),
    processed: await q(`SELECT consumer_group, message_id, run_id FROM sim_processed ORDER BY consumer_group, message_id`),
  };
}

async function commit(pool: pg.Pool, fn: string, units: Unit[]) {
  const result = await pool.query<{ units: { s: string; v?: string; p?: string[]; b?: (string | null)[] | null }[] }>(`SELECT ${fn}($1::jsonb) AS units`, [JSON.stringify(units)]);
  return result.rows[0]!.units;
}

describe("sim_commit_units: the set-based batch and the per-unit function agree", () => {
  const dbs: TestDatabase[] = [];
  afterEach(async () => {
    await Promise.all(dbs.splice(0).map((db) => db.drop()));
  });

  it("gives the same result for every unit, and the same tables, over random batches", async () => {
    const [each, bulk] = await Promise.all([createTestDatabase(inject("pgUrl")), createTestDatabase(inject("pgUrl"))]);
    dbs.push(each!, bulk!);
    const statuses = new Map<string, number>();
    let allApplied = 0;
    for (const seed of [1, 2, 3]) {
      const random = seededRandom("commit-units", seed);
      const seen: Seen = { processed: [], eventIds: [] };
      for (let b = 0; b < 40; b++) {
        const batch = randomBatch(random, await streamVersions(each!.pool), seen);
        const expected = await commit(each!.pool, "sim_commit_units_each", batch);
        const actual = await commit(bulk!.pool, "sim_commit_units", batch);
        expect(actual.map(comparable)).toEqual(expected.map(comparable));
        for (const r of expected) statuses.set(r.s, (statuses.get(r.s) ?? 0) + 1);
        if (expected.every((r) => r.s === "applied")) allApplied++;
        // The positions a result names are that unit's events, in order.
        for (const [i, r] of actual.entries()) {
          if (!r.p) continue;
          const stored = await bulk!.pool.query<{ event_id: string }>(`SELECT event_id FROM es_events WHERE global_position = ANY($1::bigint[]) ORDER BY global_position`, [r.p]);
          expect(stored.rows.map((row) => row.event_id)).toEqual(batch[i]!.e!.map((e) => e.i));
        }
      }
    }
    // The random batches reached every outcome, and both paths.
    expect([...statuses.keys()].sort()).toEqual(["applied", "conflict", "duplicate", "duplicate_event"]);
    expect(allApplied).toBeGreaterThan(30);
    expect(allApplied).toBeLessThan(100);
    expect(await tables(bulk!.pool)).toEqual(await tables(each!.pool));
  });

  it("applies a clean batch set-based, and refuses one with a duplicate as a whole, writing nothing", async () => {
    const db = await createTestDatabase(inject("pgUrl"));
    dbs.push(db);
    const event = (y: string) => ({ i: randomUUID(), y, d: {}, md: {}, o: "orders", k: null });
    const clean: Unit[] = [
      { g: "order-saga", m: randomUUID(), r: "run", s: "Order-1", t: "Order", v: 0, e: [event("A"), event("B")] },
      { g: "order-saga", m: randomUUID(), r: "run", s: "Order-1", t: "Order", v: 2, l: 1_000, e: [event("C")] },
      { g: "email-service", m: randomUUID(), r: "run" },
      { r: "run", s: "Order-2", t: "Order", v: -1, e: [event("D")] },
    ];
    const applied = await commit(db.pool, "sim_commit_units_bulk", clean);
    expect(applied.map(comparable)).toEqual([
      { s: "applied", v: 2, p: 2, b: [true, true] },
      { s: "applied", v: 3, p: 1, b: [true] },
      { s: "applied", v: undefined, p: undefined, b: undefined },
      { s: "applied", v: 1, p: 1, b: [true] },
    ]);
    const streams = await db.pool.query(`SELECT stream_id, stream_type, version::int, run_id FROM es_streams ORDER BY stream_id`);
    expect(streams.rows).toEqual([
      { stream_id: "Order-1", stream_type: "Order", version: 3, run_id: "run" },
      { stream_id: "Order-2", stream_type: "Order", version: 1, run_id: "run" },
    ]);
    const claimed = await db.pool.query(`SELECT attempts, claimed_until IS NOT NULL AS claimed FROM es_outbox ORDER BY id`);
    expect(claimed.rows).toEqual([{ attempts: 0, claimed: false }, { attempts: 0, claimed: false }, { attempts: 1, claimed: true }, { attempts: 0, claimed: false }]);

    const before = await tables(db.pool);
    const again = [{ g: "order-saga", m: randomUUID(), r: "run", s: "Order-2", t: "Order", v: 1, e: [event("E")] }, clean[2]!];
    await expect(commit(db.pool, "sim_commit_units_bulk", again)).rejects.toMatchObject({ code: "SFB01" });
    const stale = [{ r: "run", s: "Order-1", t: "Order", v: 2, e: [event("F")] }];
    await expect(commit(db.pool, "sim_commit_units_bulk", stale)).rejects.toMatchObject({ code: "SFB01" });
    expect(await tables(db.pool)).toEqual(before);
    // Through the entry point, the same batches get their per-unit results.
    expect((await commit(db.pool, "sim_commit_units", again)).map((r) => r.s)).toEqual(["applied", "duplicate"]);
    expect(await commit(db.pool, "sim_commit_units", stale)).toEqual([{ s: "conflict", v: 3 }]);
  });

  it("keeps every stream's versions whole when two writers commit batches on the same streams at once", async () => {
    const db = await createTestDatabase(inject("pgUrl"));
    dbs.push(db);
    const event = () => ({ i: randomUUID(), y: "Happened", d: {}, md: {}, o: "orders", k: null });
    const writer = async (seed: number) => {
      const random = seededRandom("commit-writers", seed);
      for (let b = 0; b < 40; b++) {
        const batch: Unit[] = Array.from({ length: 1 + Math.floor(random() * 12) }, () => ({ g: "c", m: randomUUID(), r: "run", s: STREAMS[Math.floor(random() * STREAMS.length)]!, t: "T", v: -1, e: [event()] }));
        // Sorted by stream, as the runtime's batcher sends them.
        batch.sort((a, b) => (a.s! < b.s! ? -1 : a.s! > b.s! ? 1 : 0));
        const results = await commit(db.pool, "sim_commit_units", batch);
        expect(results.every((r) => r.s === "applied")).toBe(true);
      }
    };
    await Promise.all([writer(1), writer(2), writer(3)]);
    const gaps = await db.pool.query(`
      SELECT s.stream_id FROM es_streams s
      WHERE s.version <> (SELECT count(*) FROM es_events e WHERE e.stream_id = s.stream_id)
         OR s.version <> (SELECT max(version) FROM es_events e WHERE e.stream_id = s.stream_id)`);
    expect(gaps.rows).toEqual([]);
    const outbox = await db.pool.query<{ n: string }>(`SELECT count(*)::text AS n FROM es_outbox`);
    const events = await db.pool.query<{ n: string }>(`SELECT count(*)::text AS n FROM es_events`);
    expect(outbox.rows[0]!.n).toBe(events.rows[0]!.n);
  });

  it("marks published outbox rows in the write batches, each caller told how many of its rows it marked", async () => {
    const db = await createTestDatabase(inject("pgUrl"));
    dbs.push(db);
    const writes = createWriteBatches(db.pool);
    const event = () => ({ i: randomUUID(), y: "Happened", d: {}, md: {}, o: "orders", k: null });
    await commit(db.pool, "sim_commit_units", [{ r: "run", s: "S-1", t: "S", v: -1, e: [event(), event(), event(), event(), event()] }]);
    const ids = (await db.pool.query<{ id: string }>(`SELECT id::text AS id FROM es_outbox ORDER BY id`)).rows.map((r) => r.id);
    // Concurrent callers share batches with a unit; a row marked already counts for nobody.
    const [first, second, unit, third] = await Promise.all([
      writes.markPublished([ids[0]!, ids[1]!]),
      writes.markPublished([ids[2]!]),
      writes.commit({ append: { streamId: "S-2", events: [{ eventId: randomUUID(), type: "Other", data: {}, metadata: { correlationId: "c", causationId: "c" } }], options: { expectedVersion: "any", runId: "run", streamType: "S" } } }),
      writes.markPublished([ids[1]!, ids[3]!]),
    ]);
    expect([first, second, third]).toEqual([2, 1, 1]);
    expect(unit.status).toBe("applied");
    expect(await writes.markPublished([])).toBe(0);
    await expect(writes.markPublished(["0"])).rejects.toThrow(/not an outbox id/);
    const unpublished = await db.pool.query<{ id: string }>(`SELECT id::text AS id FROM es_outbox WHERE published_at IS NULL ORDER BY id`);
    expect(unpublished.rows.map((r) => r.id)).toEqual([ids[4]]);
  });
});
