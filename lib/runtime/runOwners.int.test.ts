import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../db/testing/testDatabase";
import { orderFlowTemplate } from "../model";
import type { RunCounters } from "../sim/ports/records";
import type { RunEvent } from "../sim/run/simulator";
import { registerInstance, type InstanceIdentity } from "./postgres/instanceIdentity";
import { RunService } from "./runService";
import { createPostgresRuntime, type PostgresRuntimeOptions, type Runtime } from "./runtime";
import { expectInvariantsOk, waitFor } from "./testing/helpers";

/*
 * Two server instances in one process, over one database: each has its identity (an advisory
 * lock) and its runtime. A crash of one is `abandon()` plus the end of its lock's session, as a
 * killed process's socket closing ends it.
 */

let db: TestDatabase;
const instances: { identity: InstanceIdentity; runtime: Runtime }[] = [];

beforeAll(async () => {
  db = await createTestDatabase(inject("pgUrl"));
});
afterEach(async () => {
  for (const { identity, runtime } of instances.splice(0)) {
    runtime.simulator.abandon();
    await identity.close();
  }
});
afterAll(async () => {
  await db?.drop();
});

async function instance(options: PostgresRuntimeOptions["options"] = {}) {
  const identity = await registerInstance(db.pool);
  const runtime = createPostgresRuntime(db.pool, { owner: identity.id, options: { leaseMs: 500, heartbeatMs: 100, ...options } });
  const made = { identity, runtime, runs: new RunService(runtime) };
  instances.push(made);
  return made;
}

/** A crash: the runs stop where they are, and the instance's session (its lock) ends. */
async function crash(i: { identity: InstanceIdentity; runtime: Runtime }) {
  i.runtime.simulator.abandon();
  await i.identity.close();
}

const sagasStored = async (runId: string) =>
  (await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM es_streams WHERE run_id = $1 AND stream_type = 'saga'`, [runId])).rows[0]!.n;
/** Waits until the run's events stop changing (nothing of a crashed instance is still on its way). */
async function settled(runId: string): Promise<void> {
  const events = async () => (await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM es_events WHERE run_id = $1`, [runId])).rows[0]!.n;
  for (let before = -1, now = await events(); now !== before; ) {
    await new Promise((r) => setTimeout(r, 300));
    [before, now] = [now, await events()];
  }
}
const ownerOf = async (runId: string) => (await db.pool.query<{ owner_id: string | null }>(`SELECT owner_id FROM sim_runs WHERE id = $1`, [runId])).rows[0]!.owner_id;

describe("run owners", () => {
  it("leaves a live owner's run alone, and takes a gone owner's run over at once, without waiting for its heartbeat to go stale", async () => {
    const a = await instance();
    const b = await instance({ staleAfterMs: 60_000 });
    const handle = await a.runtime.simulator.start(orderFlowTemplate(), { count: 150, concurrency: 4, seed: 21 });
    await waitFor(async () => (await sagasStored(handle.runId)) >= 10);
    expect(await ownerOf(handle.runId)).toBe(a.identity.id);

    expect(await b.runtime.simulator.resumeStale()).not.toContain(handle.runId);
    await expect(b.runs.stop(handle.runId)).rejects.toMatchObject({ code: "run_elsewhere" });

    await crash(a);
    // Its heartbeat is fresh (100 ms ago, and staleness is a minute here): the owner being gone is what counts.
    expect(await b.runtime.simulator.resumeStale()).toContain(handle.runId);
    const taken = b.runtime.simulator.active(handle.runId);
    expect(await ownerOf(handle.runId)).toBe(b.identity.id);
    const result = await taken!.done;
    expect(result.status).toBe("completed");
    expectInvariantsOk(result.summary);
    expect(result.summary.sagas).toEqual({ started: 150, completed: 150, compensated: 0, failed: 0 });
  });

  it("stops an interrupted run by taking it over: it ends `stopped`, its invariants checked", async () => {
    const a = await instance();
    const b = await instance();
    const handle = await a.runtime.simulator.start(orderFlowTemplate(), { count: 2_000, concurrency: 4, seed: 22 });
    await waitFor(async () => (await sagasStored(handle.runId)) >= 10);
    await crash(a);

    expect(await b.runs.stop(handle.runId)).toEqual({ runId: handle.runId, status: "running" });
    const result = await b.runtime.simulator.active(handle.runId)!.done;
    expect(result.status).toBe("stopped");
    expectInvariantsOk(result.summary);
    expect(result.summary.sagas.started).toBeLessThan(2_000);
    expect((await b.runs.get(handle.runId)).status).toBe("stopped");
  });

  it("an owner whose run was taken over (it looked hung) stops driving it; the new owner completes it", async () => {
    const a = await instance({ heartbeatMs: 1_000 });
    const b = await instance({ staleAfterMs: 30_000 });
    const handle = await a.runtime.simulator.start(orderFlowTemplate(), { count: 100, concurrency: 4, seed: 23 });
    await waitFor(async () => (await sagasStored(handle.runId)) >= 10);

    // a looks hung: its heartbeat is a minute old, although a is alive (a beat of a's landing
    // between the two statements makes it look alive again: then it is made to look hung again).
    // b's handle is taken the moment b resumes the run: b may finish it while a is still letting go.
    let taken: ReturnType<typeof b.runtime.simulator.active>;
    await waitFor(async () => {
      await db.pool.query(`UPDATE sim_runs SET heartbeat_at = now() - interval '1 minute' WHERE id = $1`, [handle.runId]);
      if (!(await b.runtime.simulator.resumeStale()).includes(handle.runId)) return false;
      taken = b.runtime.simulator.active(handle.runId);
      return true;
    });
    expect(taken).toBeDefined();
    // a's next heartbeat finds the run is not its own any more, and a lets go.
    expect((await a.runtime.simulator.active(handle.runId)?.done)?.status ?? "running").toBe("running");
    expect(a.runtime.simulator.active(handle.runId)).toBeUndefined();
    const result = await taken!.done;
    expect(result.status).toBe("completed");
    expectInvariantsOk(result.summary);
    expect(result.summary.sagas).toEqual({ started: 100, completed: 100, compensated: 0, failed: 0 });
  });

  it("a run that cannot be loaded any more ends `error` and does not keep the sweep from the others", async () => {
    const a = await instance();
    const b = await instance();
    const handle = await a.runtime.simulator.start(orderFlowTemplate(), { count: 20, concurrency: 4, seed: 25 });
    await waitFor(async () => (await sagasStored(handle.runId)) >= 2);
    await crash(a);
    // Older than the crashed run, so the sweep meets it first; its board is not a board.
    const broken = crypto.randomUUID();
    await db.pool.query(
      `INSERT INTO sim_runs (id, board_name, board, scenario, status, counters, created_at, heartbeat_at, owner_id)
       VALUES ($1, 'Broken', '{"nodes": 3}', '{}', 'running', '{}', now() - interval '1 hour', now() - interval '1 hour', $2)`,
      [broken, crypto.randomUUID()],
    );

    const resumed = await b.runtime.simulator.resumeStale();
    expect(resumed).toContain(handle.runId);
    expect(resumed).not.toContain(broken);
    expect(await b.runs.get(broken)).toMatchObject({ status: "error", error: expect.stringMatching(/^could not resume: /) });
    expect((await b.runtime.simulator.active(handle.runId)!.done).status).toBe("completed");
    expect(await b.runtime.simulator.resumeStale()).not.toContain(broken);
  });

  it("countSagas agrees with the invariants' count from the store, outcome by outcome", async () => {
    const a = await instance();
    const handle = await a.runtime.simulator.start(orderFlowTemplate(), { count: 40, concurrency: 8, seed: 26, faults: [{ target: "OrderSaga#3", mode: "rate", value: 0.5 }] });
    const { summary } = await handle.done;
    expect(summary!.sagas.completed).toBeGreaterThan(0);
    expect(summary!.sagas.compensated).toBeGreaterThan(0);
    expect(await a.runtime.store.countSagas(handle.runId)).toEqual(summary!.sagas);
  });

  it("a resumed run's live counters never show more sagas ended than started", async () => {
    // a stores its counters once a minute: when it dies they say no saga started, though many did.
    const a = await instance({ heartbeatMs: 60_000 });
    const b = await instance();
    const handle = await a.runtime.simulator.start(orderFlowTemplate(), { count: 300, concurrency: 16, seed: 24 });
    await waitFor(async () => (await sagasStored(handle.runId)) >= 40);
    await crash(a);
    // abandon() stops a's run, but statements it had sent still land; a dead process's would have
    // landed (or not) before anything else started. Resume once they have.
    await settled(handle.runId);
    expect((await b.runs.get(handle.runId)).counters.sagas.started).toBe(0);

    const seen: RunCounters["sagas"][] = [];
    const resumed = (await b.runtime.simulator.takeOver(handle.runId))!;
    resumed.watch((event: RunEvent) => {
      if (event.type === "status") seen.push(event.counters.sagas);
    });
    const result = await resumed.done;
    expectInvariantsOk(result.summary);
    expect(seen.length).toBeGreaterThan(0);
    for (const sagas of seen) expect(sagas.completed + sagas.compensated + sagas.failed).toBeLessThanOrEqual(sagas.started);
    expect(result.summary.sagas).toEqual({ started: 300, completed: 300, compensated: 0, failed: 0 });
  });
});
