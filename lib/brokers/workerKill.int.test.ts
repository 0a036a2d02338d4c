import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../db/testing/testDatabase";
import { orderFlowTemplate } from "../model";
import { createPostgresRuntime, type Runtime } from "../runtime/runtime";
import { expectInvariantsOk } from "../runtime/testing/helpers";
import { runNamespace, type BrokerTransport } from "../sim/ports/transport";
import type { BrokerProbe } from "./testing/probes";
import { TEST_BROKERS, outcome } from "./testing/runFixtures";

/*
 * A run spread over three real `stormflow worker` processes, one of which is killed with SIGKILL
 * in the middle of the run: nothing is lost (what it held is redelivered to the others), every
 * invariant holds, the outcomes are the in-process ones for the same seed, and nothing is left on
 * the broker.
 */

const BIN = fileURLToPath(new URL("../../cli/bin.mjs", import.meta.url));

interface WorkerProcess {
  readonly child: ChildProcess;
  said: string;
  readonly exited: Promise<void>;
}

function startWorker(url: string, dbUrl: string, slot: string): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [BIN, "worker", "--broker", url, "--slot", slot], { env: { ...process.env, DATABASE_URL: dbUrl }, stdio: ["ignore", "ignore", "pipe"] });
  const worker: WorkerProcess = { child, said: "", exited: new Promise((resolve) => child.once("exit", () => resolve())) };
  return new Promise((resolve, reject) => {
    child.stderr!.on("data", (chunk: Buffer) => {
      worker.said += chunk.toString("utf8");
      if (worker.said.includes(": ready on ")) resolve(worker);
    });
    child.once("exit", (code) => reject(new Error(`worker ${slot} exited (${code}): ${worker.said}`)));
  });
}

describe.each(TEST_BROKERS)("a worker killed mid-run on $kind", ({ url, probe: makeProbe, connect }) => {
  let db: TestDatabase;
  let runtime: Runtime;
  let broker: BrokerTransport;
  let probe: BrokerProbe;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    db = await createTestDatabase(inject("pgUrl"));
    broker = await connect(url());
    runtime = createPostgresRuntime(db.pool, { transports: [broker] });
    probe = await makeProbe(url());
  });
  afterAll(async () => {
    for (const { child, exited } of workers) {
      child.kill("SIGKILL");
      await exited;
    }
    await runtime?.close();
    await broker?.close();
    await probe?.close();
    await db?.drop();
  });

  it("loses nothing: its messages go to the other workers, every invariant holds, the outcomes are the in-process ones, nothing is left", async () => {
    const board = orderFlowTemplate();
    // Each payment takes 100 ms of real time, so the killed worker is holding messages when it goes.
    const request = { count: 60, seed: 31, timeScale: 1, faults: [{ target: "PaymentService", mode: "latency", value: 100 }, { target: "OrderSaga#2", mode: "rate", value: 0.3 }] };
    const inProcess = await (await runtime.simulator.start(board, request)).done;
    expectInvariantsOk(inProcess.summary);

    workers.push(...(await Promise.all(["1/3", "2/3", "3/3"].map((slot) => startWorker(url(), db.url, slot)))));
    const handle = await runtime.simulator.start(board, { ...request, broker: broker.id }, { workers: true });
    const victim = workers[0]!;
    // Killed once the run is well under way and the victim has joined it.
    while (handle.counters().events.delivered < 80 || !victim.said.includes("joined run")) {
      expect(handle.status()).toBe("running");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    victim.child.kill("SIGKILL");
    await victim.exited;
    const deliveredAtKill = handle.counters().events.delivered;

    const result = await handle.done;
    expect(result.error).toBeNull();
    expectInvariantsOk(result.summary);
    expect(outcome(result.summary!)).toEqual(outcome(inProcess.summary!));
    expect(result.summary!.events.delivered, "the run went on after the kill").toBeGreaterThan(deliveredAtKill);
    // The two left did the rest: each joined the run.
    for (const worker of workers.slice(1)) expect(worker.said).toContain(`joined run ${handle.runId}`);
    expect(await probe.namesIn(runNamespace(handle.runId))).toEqual([]);
  });
});
