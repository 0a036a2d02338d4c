import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../db/testing/testDatabase";
import { orderFlowTemplate } from "../model";
import type { RunGraph } from "../sim/ports/records";
import { createSimulator, type Simulator, type SimulatorDeps } from "../sim/run/simulator";
import { stalledRelay } from "../sim/testing/stalledRelay";
import { systemClock, systemIds, systemScheduler } from "./clock";
import { createPostgresRuntimeStore } from "./postgres/postgresRuntimeStore";
import { createPostgresRuntime } from "./runtime";
import { expectInvariantsOk, waitFor } from "./testing/helpers";

/*
 * Crashes, on real PostgreSQL. A crash is `abandon()`: the simulator stops where it is and writes
 * nothing more, as if its process died; a new simulator over the same database then resumes.
 */

let db: TestDatabase;
const simulators: Simulator[] = [];

beforeAll(async () => {
  db = await createTestDatabase(inject("pgUrl"));
});
afterAll(async () => {
  for (const simulator of simulators) simulator.abandon();
  await db?.drop();
});

function simulator(store = createPostgresRuntimeStore(db.pool), options = {}, deps: Pick<SimulatorDeps, "relay"> = {}) {
  const sim = createSimulator({ store, clock: systemClock, scheduler: systemScheduler, ids: systemIds(), random: Math.random, options: { leaseMs: 500, heartbeatMs: 100, ...options }, ...deps });
  simulators.push(sim);
  return sim;
}

const count = async (sql: string, values: unknown[]) => (await db.pool.query<{ n: number }>(sql, values)).rows[0]!.n;

describe("runtime recovery on PostgreSQL", () => {
  it("publishes after a restart what was committed but not published before the crash", async () => {
    // Its relay publishes nothing (a crash between commit and publish).
    const first = simulator(undefined, {}, { relay: stalledRelay });
    const handle = await first.start(orderFlowTemplate(), { count: 10, concurrency: 10, seed: 1 });
    // Every order placed, with nothing published: the outbox holds the 10 OrderPlaced, and no saga could start.
    await waitFor(async () => (await count(`SELECT count(*)::int AS n FROM es_outbox WHERE run_id = $1`, [handle.runId])) === 10);
    first.abandon();
    expect(await count(`SELECT count(*)::int AS n FROM es_outbox WHERE run_id = $1 AND published_at IS NULL`, [handle.runId])).toBe(10);
    expect(await count(`SELECT count(*)::int AS n FROM sim_processed WHERE run_id = $1`, [handle.runId])).toBe(0);

    // A new process finds the run's heartbeat stale and resumes it.
    const second = simulator(undefined, { staleAfterMs: 0 });
    expect(await second.resumeStale()).toContain(handle.runId);
    const result = await second.active(handle.runId)!.done;
    expect(result.status).toBe("completed");
    expectInvariantsOk(result.summary);
    expect(result.summary.sagas).toEqual({ started: 10, completed: 10, compensated: 0, failed: 0 });
    // Each entry command counted once, though the resumed run issued all 10 again.
    expect(result.summary.commands).toEqual({ handled: 10, rejected: 0 });
    // OrderPlaced, OrderCompleted; three commands and three replies per order.
    expect(result.summary.events).toMatchObject({ appended: 20, published: 80, deadLettered: 0 });
    // Per order: OrderPlaced by 4 groups, each command and reply by 1, OrderCompleted by the view.
    expect(await count(`SELECT count(*)::int AS n FROM sim_processed WHERE run_id = $1`, [handle.runId])).toBe(10 * (4 + 3 + 3 + 1));
  });

  it("publishes again after a crash between publish and mark, and consumers skip what they already processed", async () => {
    const store = createPostgresRuntimeStore(db.pool);
    // This relay publishes, but its marks never reach the database (it dies in between, every time).
    store.events.outbox.markPublished = async () => 0;
    const first = simulator(store);
    const handle = await first.start(orderFlowTemplate(), { count: 6, concurrency: 3, seed: 2 });
    await waitFor(async () => (await count(`SELECT count(*)::int AS n FROM sim_processed WHERE run_id = $1`, [handle.runId])) === 6 * 11);
    first.abandon();
    // Nothing was ever marked published: 2 events, 3 commands and 3 replies per order.
    expect(await count(`SELECT count(*)::int AS n FROM es_outbox WHERE run_id = $1 AND published_at IS NULL`, [handle.runId])).toBe(6 * 8);

    const second = simulator();
    const result = await (await second.resume(handle.runId)).done;
    expect(result.status).toBe("completed");
    expectInvariantsOk(result.summary);
    // The claims' leases ran out, the rows were published again: every delivery was a duplicate.
    expect(result.summary.events.duplicatesSkipped).toBeGreaterThanOrEqual(6 * 11);
    expect(await count(`SELECT count(*)::int AS n FROM sim_processed WHERE run_id = $1`, [handle.runId])).toBe(6 * 11);
  });

  it("finishes a saga interrupted mid-way when the runtime starts again", async () => {
    const first = simulator();
    // Slow, within the step's 10 s timeout.
    const handle = await first.start(orderFlowTemplate(), { count: 5, concurrency: 5, seed: 3, faults: [{ target: "OrderSaga#2", mode: "latency", value: 1_500 }] });
    // Each saga wrote its start, its first step's command and completion, and sent the slow Payment step's command.
    const sagaVersions = () => db.pool.query<{ version: string }>(`SELECT version FROM es_streams WHERE run_id = $1 AND stream_type = 'saga'`, [handle.runId]);
    await waitFor(async () => {
      const { rows } = await sagaVersions();
      return rows.length === 5 && rows.every((r) => Number(r.version) === 4);
    });
    first.abandon();

    const second = simulator();
    const result = await (await second.resume(handle.runId)).done;
    expect(result.status).toBe("completed");
    expectInvariantsOk(result.summary);
    expect(result.summary.sagas).toEqual({ started: 5, completed: 5, compensated: 0, failed: 0 });
    const { rows } = await sagaVersions();
    // started, three commands and completions, ended, OrderCompleted.
    expect(rows.map((r) => Number(r.version))).toEqual([9, 9, 9, 9, 9]);
    // The spans of both processes number on without a gap or a repeat.
    const { rows: seqs } = await db.pool.query<{ seq: number }>(`SELECT seq::int FROM sim_spans WHERE run_id = $1 ORDER BY seq`, [handle.runId]);
    expect(seqs.map((r) => r.seq)).toEqual(seqs.map((_, i) => i + 1));
  });

  it("keeps a stop asked for before a crash: the resumed run finishes what was issued and ends stopped, issuing nothing more", async () => {
    // Its relay publishes nothing: no flow can finish, so the run cannot end before the "crash"
    // (a stopped run whose flows finish would end on its own, racing the abandon).
    const first = simulator(undefined, {}, { relay: stalledRelay });
    const handle = await first.start(orderFlowTemplate(), { count: 1_000, concurrency: 2, seed: 5 });
    await waitFor(async () => handle.counters().instances.issued >= 20);
    first.active(handle.runId)!.stop();
    await waitFor(async () => (await db.pool.query(`SELECT 1 FROM sim_runs WHERE id = $1 AND stop_requested_at IS NOT NULL`, [handle.runId])).rowCount === 1);
    // The second Ctrl-C: the process dies before the run has ended.
    first.abandon();
    expect((await createPostgresRuntimeStore(db.pool).getRun(handle.runId))!.status).toBe("running");
    const placed = await count(`SELECT count(*)::int AS n FROM es_events WHERE run_id = $1 AND type = 'order.placed'`, [handle.runId]);

    const result = await (await simulator().resume(handle.runId)).done;
    expect(result.error).toBeNull();
    expect(result.status).toBe("stopped");
    expectInvariantsOk(result.summary);
    // The orders placed before the crash, each with its saga, and not one more of the 1,000 asked for.
    expect(placed).toBeGreaterThanOrEqual(20);
    expect(result.summary.sagas).toEqual({ started: placed, completed: placed, compensated: 0, failed: 0 });
    // And the counts agree with each other, though the last heartbeat before the crash was behind.
    expect(result.summary.commands).toEqual({ handled: placed, rejected: 0 });
    const { counters } = (await createPostgresRuntimeStore(db.pool).getRun(handle.runId))!;
    expect(counters.instances).toEqual({ issued: placed, finished: placed });
  });

  it("compensates after a restart a saga that failed before the crash", async () => {
    const first = simulator();
    // The pivot is refused; the payment's refund is slow: the crash comes while the saga compensates.
    const faults = [{ target: "OrderSaga#3", mode: "fail" }, { target: "OrderSaga#2/compensation", mode: "latency", value: 1_000 }];
    const handle = await first.start(orderFlowTemplate(), { count: 3, seed: 4, faults });
    await waitFor(async () => {
      const { rows } = await db.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM es_events WHERE run_id = $1 AND type = 'sim.saga.step-failed'`,
        [handle.runId],
      );
      return rows[0]!.n === 3;
    });
    first.abandon();
    const result = await (await simulator().resume(handle.runId)).done;
    expectInvariantsOk(result.summary);
    expect(result.summary.sagas).toEqual({ started: 3, completed: 0, compensated: 3, failed: 0 });
  });

  it("a resumed run counts failed, retried and dead-lettered attempts on each sticky as a clean run of the same seed does", async () => {
    const request = {
      count: 6,
      concurrency: 2,
      seed: "crash",
      timeScale: 0.5,
      faults: [
        { target: "InventoryService", mode: "transient", value: 2 },
        { target: "OrderSaga#3", mode: "rate", value: 0.3 },
        { target: "PaymentService", mode: "latency", value: 1_500 },
      ],
    };
    const clean = await (await simulator().start(orderFlowTemplate(), request)).done;
    expect(clean).toMatchObject({ status: "completed", error: null });
    expectInvariantsOk(clean.summary);

    const first = simulator();
    const handle = await first.start(orderFlowTemplate(), request);
    // The crash comes between two attempts: InventoryService's second attempt at a message failed
    // (stored), and the wait before its third (100-150 ms at this scale) is under way.
    await waitFor(
      async () =>
        (await count(
          `SELECT count(*)::int AS n FROM sim_spans WHERE run_id = $1 AND kind = 'deliver' AND status = 'error' AND attributes->>'group' = 'inventory-service' AND attributes->>'attempt' = '2'`,
          [handle.runId],
        )) > 0,
    );
    first.abandon();
    const resumed = await (await simulator().resume(handle.runId)).done;
    expect(resumed).toMatchObject({ status: "completed", error: null });
    expectInvariantsOk(resumed.summary);
    expect(resumed.summary.sagas).toEqual(clean.summary.sagas);

    const troubleOf = (graph: RunGraph) =>
      Object.fromEntries(Object.entries(graph.nodes).map(([id, n]) => [id, { failed: n.failed, retried: n.retried, deadLettered: n.deadLettered, red: n.failed > n.retried }]));
    expect(troubleOf(resumed.summary.graph)).toEqual(troubleOf(clean.summary.graph));
    expect(resumed.summary.events.retried).toBe(clean.summary.events.retried);
    // No sticky shows an error the clean run has not: the resume's own work (an entry command
    // issued again, whose events are stored already) is no error of the board's.
    const errors = async (runId: string) =>
      (await db.pool.query<{ node: string; error: string }>(`SELECT DISTINCT attributes->>'nodeId' AS node, coalesce(attributes->>'error', name) AS error FROM sim_spans WHERE run_id = $1 AND status = 'error'`, [runId])).rows.map(
        (r) => `${r.node}: ${r.error.replace(/[0-9a-f-]{36}/g, "…")}`,
      );
    expect(new Set(await errors(handle.runId))).toEqual(new Set(await errors(clean.runId)));
  });

  it("rolls back a consumer's processed record with its effect: a transaction that fails leaves nothing", async () => {
    const store = createPostgresRuntimeStore(db.pool);
    const record = { consumerGroup: "service:Test", messageId: "6f1c2f8e-2b9d-4c52-9a57-0d0d1b1b1b1b", runId: "run-rollback" };
    await expect(
      store.transaction(async (tx) => {
        expect(await store.markProcessed(record, tx)).toBe(true);
        await store.events.appendToStream("rollback-1", [{ eventId: "6f1c2f8e-2b9d-4c52-9a57-0d0d1b1b1b1c", type: "x", data: {}, metadata: { correlationId: "c", causationId: "d" } }], { expectedVersion: "no_stream", outbox: { topic: "t" } }, tx);
        throw new Error("the effect failed");
      }),
    ).rejects.toThrow("the effect failed");
    expect(await count(`SELECT count(*)::int AS n FROM sim_processed WHERE run_id = $1`, [record.runId])).toBe(0);
    expect(await store.events.streamVersion("rollback-1")).toBe(0);
    expect(await store.events.outbox.countUnpublished()).toBeGreaterThanOrEqual(0);
    // And a duplicate inside a committed transaction is recognised.
    await store.transaction(async (tx) => expect(await store.markProcessed(record, tx)).toBe(true));
    expect(await store.markProcessed(record)).toBe(false);
  });

  it("leaves alone, unclaimed and without an error, an interrupted run on a broker this process does not have", async () => {
    const first = simulator(undefined, {}, { relay: stalledRelay });
    const handle = await first.start(orderFlowTemplate(), { count: 2, concurrency: 2, seed: 1 });
    await waitFor(async () => (await count(`SELECT count(*)::int AS n FROM es_outbox WHERE run_id = $1`, [handle.runId])) === 2);
    first.abandon();
    // As if a `stormflow run --broker nats://…` had started it and died.
    await db.pool.query(`UPDATE sim_runs SET scenario = jsonb_set(scenario, '{broker}', '"nats://127.0.0.1:4222"') WHERE id = $1`, [handle.runId]);
    const owner = async () => (await db.pool.query<{ owner_id: string | null; heartbeat_at: string; status: string }>(`SELECT owner_id, heartbeat_at::text, status FROM sim_runs WHERE id = $1`, [handle.runId])).rows[0]!;
    const before = await owner();
    const app = simulator(undefined, { staleAfterMs: 0 });
    expect(await app.resumeStale()).not.toContain(handle.runId);
    expect(await app.resumeStale()).not.toContain(handle.runId);
    expect(app.active(handle.runId)).toBeUndefined();
    expect(await owner()).toEqual(before);
    // Put back in process, the same sweep resumes it.
    await db.pool.query(`UPDATE sim_runs SET scenario = scenario - 'broker' WHERE id = $1`, [handle.runId]);
    const other = simulator(undefined, { staleAfterMs: 0 });
    expect(await other.resumeStale()).toContain(handle.runId);
    expect((await other.active(handle.runId)!.done).status).toBe("completed");
  });

  it("refuses to resume a run that already ended, or one that does not exist", async () => {
    const runtime = createPostgresRuntime(db.pool);
    const handle = await runtime.simulator.start(orderFlowTemplate(), { count: 1, seed: 1 });
    await handle.done;
    await expect(runtime.simulator.resume(handle.runId)).rejects.toThrow(/already ended \(completed\)/);
    await expect(runtime.simulator.resume("no-such-run")).rejects.toMatchObject({ code: "not_found" });
  });
});
