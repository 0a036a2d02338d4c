import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../db/testing/testDatabase";
import { orderFlowTemplate, type Board } from "../model";
import { createPostgresRuntime, startPostgresWorker, type Runtime } from "../runtime/runtime";
import { expectInvariantsOk } from "../runtime/testing/helpers";
import { runNamespace, type BrokerTransport } from "../sim/ports/transport";
import type { Worker } from "../sim/run/worker";
import { tripBoard } from "../sim/testing/tripBoard";
import type { BrokerProbe } from "./testing/probes";
import { orderReport, recordingTransport, type Recording } from "./testing/recordingTransport";
import { FAULTY, TEST_BROKERS, outcome } from "./testing/runFixtures";

/*
 * Runs spread over workers (lib/sim/run/worker.ts): a driver that hosts no consumer group, and
 * workers, each on a connection of its own, that host them all, over one real PostgreSQL and a real
 * broker. The outcomes are the in-process ones for the same seed, each key's messages reach every
 * group in publish order whichever worker handled them, every worker did a share of the work, the
 * driver's live graph counts what the workers did, and nothing is left on the broker.
 */

describe.each(TEST_BROKERS)("workers on $kind", ({ url, probe: makeProbe, connect }) => {
  let db: TestDatabase;
  let runtime: Runtime;
  let driverBroker: BrokerTransport;
  let recording: Recording;
  let probe: BrokerProbe;
  const workerBrokers: BrokerTransport[] = [];
  const workers: Worker[] = [];

  beforeAll(async () => {
    db = await createTestDatabase(inject("pgUrl"));
    const recorded = recordingTransport(await connect(url()));
    driverBroker = recorded.transport;
    recording = recorded.recording;
    runtime = createPostgresRuntime(db.pool, { transports: [driverBroker] });
    probe = await makeProbe(url());
    for (let index = 0; index < 3; index++) {
      const broker = recordingTransport(await connect(url()), recording).transport;
      workerBrokers.push(broker);
      workers.push(startPostgresWorker(db.pool, { transport: broker, id: `worker-${index}`, share: { index, of: 3 }, pollMs: 100, standbyAfterMs: 3_000 }));
    }
  });
  afterAll(async () => {
    for (const worker of workers) await worker.close();
    await runtime?.close();
    for (const broker of workerBrokers) await broker.close();
    await driverBroker?.close();
    await probe?.close();
    await db?.drop();
  });

  async function run(board: Board, request: Record<string, unknown>, workersHost: boolean) {
    const handle = await runtime.simulator.start(board, { timeScale: 0, ...request }, { workers: workersHost });
    const result = await handle.done;
    expect(result.error).toBeNull();
    expectInvariantsOk(result.summary);
    return { runId: handle.runId, summary: result.summary!, graph: handle.graph() };
  }

  it.each([
    ["the Order template", orderFlowTemplate, FAULTY.order],
    ["the trip board", tripBoard, FAULTY.trip],
  ])("%s over three workers gives the in-process outcomes for the same seed; per-key order holds; every worker works; nothing is left", async (_name, makeBoard, faults) => {
    const board = makeBoard();
    for (const request of [
      { count: 40, seed: 21 },
      { count: 40, seed: 22, faults, duplicateRate: 0.2 },
    ]) {
      const inProcess = await run(board, request, false);
      recording.published.clear();
      recording.received.clear();
      recording.redelivered = 0;
      const before = workers.map((w) => w.delivered());
      const spread = await run(board, { ...request, broker: driverBroker.id }, true);
      expect(outcome(spread.summary)).toEqual(outcome(inProcess.summary));
      // The live graph is the workers' spans, told to the driver: it equals the in-process run's message counts.
      expect(spread.summary.graph.edges).toEqual(inProcess.summary.graph.edges);
      if (request.faults) expect(spread.summary.events.duplicatesSkipped, "the workers' skipped duplicates reach the driver").toBeGreaterThan(0);

      const { expected, actual } = orderReport(recording);
      expect(Object.keys(expected).length).toBeGreaterThan(10);
      expect(actual).toEqual(expected);

      const shares = workers.map((w, i) => w.delivered() - before[i]!);
      expect(shares.every((n) => n > 0), `every worker handled some deliveries: ${shares.join(", ")}`).toBe(true);

      const ns = runNamespace(spread.runId);
      expect(await probe.namesIn(ns)).toEqual([]);
    }
  });

  it("a driver whose groups are hosted by workers is refused without a broker", async () => {
    await expect(runtime.simulator.start(orderFlowTemplate(), { count: 1 }, { workers: true })).rejects.toMatchObject({ code: "invalid_scenario" });
  });
});
