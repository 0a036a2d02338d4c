import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../db/testing/testDatabase";
import { orderFlowTemplate, type Board } from "../model";
import { createPostgresRuntime, type Runtime } from "../runtime/runtime";
import { expectInvariantsOk } from "../runtime/testing/helpers";
import { runNamespace, type BrokerTransport } from "../sim/ports/transport";
import { tripBoard } from "../sim/testing/tripBoard";
import { connectRabbitMq } from "./rabbitmq";
import { parseBrokerUrl } from "./brokerUrl";
import type { BrokerProbe } from "./testing/probes";
import { orderReport, recordingTransport, type Recording } from "./testing/recordingTransport";
import { FAULTY, TEST_BROKERS, outcome } from "./testing/runFixtures";

/*
 * Runs on real brokers (the machine's NATS JetStream and RabbitMQ, or throwaway ones the test
 * setup starts), over real PostgreSQL: the same seed gives the same outcomes as in process, one
 * key's messages reach every group in publish order, duplicates are absorbed, dead letters land
 * on the group's DLQ on the broker and replay, and a run leaves nothing behind.
 */

describe.each(TEST_BROKERS)("on $kind", ({ kind, url, probe: makeProbe, connect }) => {
  let db: TestDatabase;
  let runtime: Runtime;
  let broker: BrokerTransport;
  let recording: Recording;
  let probe: BrokerProbe;

  beforeAll(async () => {
    db = await createTestDatabase(inject("pgUrl"));
    const recorded = recordingTransport(await connect(url()));
    broker = recorded.transport;
    recording = recorded.recording;
    runtime = createPostgresRuntime(db.pool, { transports: [broker] });
    probe = await makeProbe(url());
  });
  afterAll(async () => {
    await runtime?.close();
    await broker?.close();
    await probe?.close();
    await db?.drop();
  });

  async function run(board: Board, request: Record<string, unknown>) {
    const handle = await runtime.simulator.start(board, { timeScale: 0, ...request });
    const result = await handle.done;
    expect(result.error).toBeNull();
    expectInvariantsOk(result.summary);
    return { runId: handle.runId, summary: result.summary };
  }

  it.each([
    ["the Order template", orderFlowTemplate, FAULTY.order],
    ["the trip board", tripBoard, FAULTY.trip],
  ])("%s gives the outcomes it gives in process for the same seed, with and without faults and duplicates; per-key order holds at every group; nothing is left behind", async (_name, makeBoard, faults) => {
    const board = makeBoard();
    for (const request of [
      { count: 40, seed: 11 },
      { count: 40, seed: 12, faults, duplicateRate: 0.2 },
    ]) {
      const inProcess = await run(board, request);
      const onBroker = await run(board, { ...request, broker: broker.id });
      expect(outcome(onBroker.summary)).toEqual(outcome(inProcess.summary));
      if (request.faults) {
        expect(onBroker.summary.events.deadLettered, "the faults dead-letter something").toBeGreaterThan(0);
        expect(onBroker.summary.events.duplicatesSkipped, "duplicates were delivered and absorbed").toBeGreaterThan(0);
      }

      // Per-key order: every group got each key's messages of the types it takes, in publish order, once.
      const { expected, actual } = orderReport(recording);
      expect(Object.keys(expected).length).toBeGreaterThan(10);
      expect(actual).toEqual(expected);
      expect(recording.redelivered).toBe(0);

      // The report names what was declared under the run's namespace; none of it is left.
      const report = onBroker.summary.broker!;
      expect(report).toMatchObject({ kind, url: broker.id });
      expect(report.url).not.toMatch(/:[^:@/]*@/);
      const ns = runNamespace(onBroker.runId);
      expect(report.resources.length).toBeGreaterThan(10);
      for (const resource of report.resources) expect(resource.name.startsWith(ns), resource.name).toBe(true);
      const groups = (await runtime.simulator.prepare(board, { count: 1 })).topology.groups.map((g) => g.name);
      for (const group of groups) expect(report.resources.some((r) => r.name.includes(group)), `${group} has its resources`).toBe(true);
      for (const resource of report.resources.filter((r) => r.type !== "subject")) expect(await probe.exists(resource), `${resource.type} ${resource.name} removed`).toBe(false);
      expect(await probe.namesIn(ns)).toEqual([]);
    }
  });

  it("runs a board whose topics the broker would refuse or merge as they are (dots and underscores, the run's own names, a group's name, 600 bytes of Korean)", async () => {
    const topics: Record<string, string> = { OrderPlaced: "order.events", OrderShipped: "order_events", OrderCancelled: "_direct", OrderCompleted: "email-service", OrderFailed: "주문".repeat(100) };
    const template = orderFlowTemplate();
    const board = { ...template, nodes: template.nodes.map((n) => (n.kind === "event" && topics[n.name] ? { ...n, topic: topics[n.name] } : n)) };
    const request = { count: 10, seed: 21 };
    const inProcess = await run(board, request);
    const onBroker = await run(board, { ...request, broker: broker.id });
    expect(outcome(onBroker.summary)).toEqual(outcome(inProcess.summary));
    const names = onBroker.summary.broker!.resources.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    expect(await probe.namesIn(runNamespace(onBroker.runId))).toEqual([]);
  });

  it("puts dead letters on the group's DLQ with their ids, keeps the topology when asked, replays a dead letter, and a later start removes what a crash left", async () => {
    const { runId, summary } = await run(orderFlowTemplate(), { count: 6, seed: 5, faults: [{ target: "EmailService", mode: "fail" }], broker: broker.id, keepTopology: true });
    const ns = runNamespace(runId);
    const letters = await runtime.store.listDeadLetters(runId);
    expect(letters.length).toBe(summary.events.deadLettered);
    expect(letters.length).toBeGreaterThan(0);
    expect((await probe.deadLetterIds(ns, "email-service")).sort()).toEqual(letters.map((l) => l.messageId).sort());
    const kept = summary.broker!.resources.filter((r) => r.type !== "subject");
    for (const resource of kept) expect(await probe.exists(resource), `${resource.name} kept`).toBe(true);

    const replay = await runtime.simulator.replayDeadLetter(runId, letters[0]!.messageId);
    expect(replay.results).toEqual([{ consumerGroup: "email-service", status: "ok", error: null }]);
    const after = await runtime.store.getRun(runId);
    expectInvariantsOk(after!.summary);

    // What a crash left (the namespace of a run of this store that ended without removing it)
    // goes; a kept run's stays, and so does a namespace this store knows nothing of (another
    // Stormflow's, on another database). On NATS a new process's first run on the broker sweeps;
    // RabbitMQ cannot list without its management plugin (not enabled here), so there idle queues
    // expire (x-expires) and their exchanges go with their last binding.
    const ended = await run(orderFlowTemplate(), { count: 1, seed: 2, broker: broker.id });
    const plan = (namespace: string) => ({ namespace, partitions: 2, channels: ["order-events"], bindings: [{ group: "email-service", channel: "order-events", types: ["order.placed"] }] });
    const crashed = kind === "rabbitmq" ? await connectRabbitMq(parseBrokerUrl(url()), { idleExpiryMs: 1_000 }) : broker;
    const declared = async (namespace: string) => (await crashed.open(plan(namespace), { fresh: true, keep: false })).resources().filter((r) => r.type !== "subject");
    const orphaned = await declared(runNamespace(ended.runId));
    const foreign = await declared("sf-0th3rdb0");
    for (const resource of [...orphaned, ...foreign]) expect(await probe.exists(resource)).toBe(true);
    if (crashed !== broker) await crashed.close();
    const fresh = createPostgresRuntime(db.pool, { transports: [broker] });
    try {
      const next = await fresh.simulator.start(orderFlowTemplate(), { count: 2, seed: 1, timeScale: 0, broker: broker.id });
      expectInvariantsOk((await next.done).summary);
    } finally {
      await fresh.close();
    }
    for (const resource of orphaned) await expect.poll(() => probe.exists(resource), { timeout: 15_000, message: `${resource.name} gone` }).toBe(false);
    for (const resource of kept) expect(await probe.exists(resource), `${resource.name} still kept`).toBe(true);
    if (kind === "nats") for (const resource of foreign) expect(await probe.exists(resource), `${resource.name} not ours: left alone`).toBe(true);
    await probe.remove(foreign);
    await probe.remove(kept);
    for (const resource of kept) expect(await probe.exists(resource)).toBe(false);
  });

  // On RabbitMQ this stalled: the resumed run's first handlers (redeliveries, which start as soon
  // as the first queue is consumed) published before the run counted itself open, and the
  // deliveries it had counted on for those publishes never came (TransportBroker.connect).
  it("loses nothing when the process driving a run dies mid-run: another one resumes it on the broker with the in-process outcomes", async () => {
    const request = { count: 60, concurrency: 4, seed: 31, timeScale: 0, faults: FAULTY.order, duplicateRate: 0.1 };
    const reference = await run(orderFlowTemplate(), request);
    // The first process: its own connection, dropped when it "dies" (what SIGKILL does to it).
    const first = await connect(url());
    const dying = createPostgresRuntime(db.pool, { transports: [first] });
    const handle = await dying.simulator.start(orderFlowTemplate(), { ...request, broker: first.id });
    await expect.poll(() => handle.counters().instances.finished, { timeout: 20_000 }).toBeGreaterThanOrEqual(10);
    expect(handle.counters().instances.finished).toBeLessThan(60);
    dying.simulator.abandon();
    await first.close();
    expect((await runtime.store.getRun(handle.runId))!.status).toBe("running");

    const resumed = await runtime.simulator.resume(handle.runId);
    const result = await resumed.done;
    expect(result.error).toBeNull();
    expectInvariantsOk(result.summary);
    // A resumed run counts each entry command it re-issues once: its summary equals the uninterrupted run's.
    expect(outcome(result.summary)).toEqual(outcome(reference.summary));
    for (const resource of result.summary.broker!.resources.filter((r) => r.type !== "subject")) expect(await probe.exists(resource), `${resource.name} removed`).toBe(false);
  });

  it("refuses a broker this process has not configured, naming the field", async () => {
    await expect(runtime.simulator.start(orderFlowTemplate(), { count: 1, broker: "nats://elsewhere:4222" })).rejects.toMatchObject({ code: "invalid_scenario", issues: [{ path: "broker" }] });
  });
});
