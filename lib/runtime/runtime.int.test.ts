import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../db/testing/testDatabase";
import { orderFlowTemplate, type Board } from "../model";
import { SAGA_EVENT } from "../sim/saga/sagaState";
import { tripBoard } from "../sim/testing/tripBoard";
import { orderFlowV1, withDelivery } from "../sim/testing/v1Boards";
import { createPostgresRuntime, type Runtime } from "./runtime";
import { expectInvariantsOk } from "./testing/helpers";

/*
 * The runtime on real PostgreSQL: the Order template and a second board with every invariant,
 * compensation order, duplicate deliveries, dead letters and replay, determinism, version
 * conflicts, and the spans as stored.
 */

let db: TestDatabase;
let runtime: Runtime;

beforeAll(async () => {
  db = await createTestDatabase(inject("pgUrl"));
  runtime = createPostgresRuntime(db.pool, { options: { leaseMs: 1_000 } });
});
afterAll(async () => {
  await runtime?.close();
  await db?.drop();
});

async function run(board: Board, request: Record<string, unknown>) {
  const handle = await runtime.simulator.start(board, request);
  const result = await handle.done;
  expect(result.error).toBeNull();
  return { runId: handle.runId, result, summary: result.summary! };
}

describe("simulation runtime on PostgreSQL", () => {
  it("runs the Order template with every invariant holding, and stores the run, its spans and its read model", async () => {
    const { runId, summary, result } = await run(orderFlowTemplate(), { count: 40, concurrency: 8, seed: 11 });
    expect(result.status).toBe("completed");
    expectInvariantsOk(summary);
    expect(summary.sagas).toEqual({ started: 40, completed: 40, compensated: 0, failed: 0 });
    // OrderPlaced and OrderCompleted, three step commands and three replies per order.
    expect(summary.messages).toEqual({ events: 80, commands: 120, replies: 120, notices: 0 });
    expect(summary.events).toMatchObject({ appended: 80, published: 320, delivered: 40 * (4 + 1 + 3 + 3), duplicatesSkipped: 0, deadLettered: 0 });

    const stored = await runtime.store.getRun(runId);
    expect(stored).toMatchObject({ status: "completed", summary: { runId, status: "completed" }, scenario: { command: "PlaceOrder", count: 40, seed: "11" } });
    const spans = await runtime.store.readSpans(runId, 0, 100_000);
    expect(spans.map((s) => s.seq)).toEqual(spans.map((_, i) => i + 1));
    expect(stored!.counters.spans).toBe(spans.length);
    expect(new Set(spans.map((s) => s.traceId)).size).toBe(40);
    const page = await runtime.store.readSpans(runId, 10, 5);
    expect(page.map((s) => s.seq)).toEqual([11, 12, 13, 14, 15]);

    const rows = await runtime.store.readModelRows(runId, "OrderView");
    expect(rows).toHaveLength(40);
    for (const row of rows) {
      expect(row.data).toMatchObject({ id: row.rowId, status: "OrderCompleted", customerId: expect.any(String), totalAmount: expect.any(Number) });
      expect(row.eventCount).toBe(2);
    }
    const { rows: processed } = await db.pool.query(`SELECT consumer_group, count(*)::int AS n FROM sim_processed WHERE run_id = $1 GROUP BY 1 ORDER BY 1`, [runId]);
    // Consumer groups as the design document names them; each participant and the saga processed its messages once.
    expect(processed).toEqual([
      { consumer_group: "analytics-service", n: 40 },
      { consumer_group: "email-service", n: 40 },
      { consumer_group: "inventory-service", n: 40 },
      { consumer_group: "order", n: 40 },
      { consumer_group: "order-saga", n: 160 },
      { consumer_group: "order-view", n: 80 },
      { consumer_group: "payment-service", n: 40 },
    ]);
  });

  it("v1 board: on a Payment failure releases Inventory, then cancels the Order (reverse order, the failed step not compensated), then emits OrderFailed", async () => {
    const { runId, summary } = await run(orderFlowV1(), { count: 12, concurrency: 6, seed: 2, faults: [{ target: "Payment", mode: "fail" }] });
    expectInvariantsOk(summary);
    expect(summary.sagas).toEqual({ started: 12, completed: 0, compensated: 12, failed: 0 });
    const sagas = (await runtime.store.events.listStreams({ runId })).filter((s) => s.streamType === "saga");
    expect(sagas).toHaveLength(12);
    const participant = ["Order", "Inventory", "Payment", "Order"];
    for (const saga of sagas) {
      const events = await runtime.store.events.readStream(saga.streamId);
      const steps = events.filter((e) => e.type.startsWith("sim.saga.step")).map((e) => `${e.type.slice(9)} ${participant[(e.data as { stepIndex: number }).stepIndex]}`);
      expect(steps).toEqual(["step-completed Order", "step-completed Inventory", "step-failed Payment", "step-compensated Inventory", "step-compensated Order"]);
      expect(events.at(-1)).toMatchObject({ type: "order.failed", data: { orderId: expect.any(String), reason: expect.stringContaining("Payment") } });
    }
    const rows = await runtime.store.readModelRows(runId, "OrderView");
    expect(new Set(rows.map((r) => r.data.status))).toEqual(new Set(["OrderFailed"]));
  });

  it("runs a second, different board (trip booking) with every invariant holding", async () => {
    const { summary } = await run(withDelivery(tripBoard(), { maxAttempts: 2 }), { count: 30, concurrency: 8, seed: 5, faults: [{ target: "Hotels", mode: "rate", value: 0.6 }] });
    expectInvariantsOk(summary);
    expect(summary.sagas.started).toBe(30);
    expect(summary.sagas.completed + summary.sagas.compensated).toBe(30);
    expect(summary.sagas.compensated).toBeGreaterThan(0);
  });

  it("delivers every message 2-3 times at duplicate rate 1 and ends with the same read model and effects", async () => {
    for (const board of [orderFlowTemplate(), tripBoard(), orderFlowV1()]) {
      const once = await run(board, { count: 15, seed: 8 });
      const dup = await run(board, { count: 15, seed: 8, duplicateRate: 1 });
      expectInvariantsOk(dup.summary);
      const single = once.summary.events.delivered;
      expect(dup.summary.events.delivered).toBeGreaterThanOrEqual(2 * single);
      expect(dup.summary.events.delivered).toBeLessThanOrEqual(3 * single);
      expect(dup.summary.events.duplicatesSkipped).toBe(dup.summary.events.delivered - single);
      // Row ids are per run; in the trip board the last status depends on which of two concurrent
      // policies commits last, so only the Order template's status is compared.
      const view = async (runId: string) =>
        (await runtime.store.readModelRows(runId))
          .map((r) => JSON.stringify({ ...r.data, id: 0, createdAt: 0, updatedAt: 0, status: board.name === "Trip booking" ? 0 : r.data.status, n: r.eventCount }))
          .sort();
      expect(await view(dup.runId)).toEqual(await view(once.runId));
      const effects = async (runId: string) =>
        (await db.pool.query(`SELECT type, count(*)::int AS n FROM es_events WHERE run_id = $1 GROUP BY type ORDER BY type`, [runId])).rows;
      expect(await effects(dup.runId)).toEqual(await effects(once.runId));
      const processed = async (runId: string) =>
        (await db.pool.query(`SELECT consumer_group, count(*)::int AS n FROM sim_processed WHERE run_id = $1 GROUP BY 1 ORDER BY 1`, [runId])).rows;
      expect(await processed(dup.runId)).toEqual(await processed(once.runId));
    }
  });

  it("dead-letters a poison message after maxAttempts, keeping its id, headers, attempts and last error; the replay succeeds once fixed", async () => {
    const { runId, summary } = await run(withDelivery(orderFlowTemplate(), { maxAttempts: 3 }), { count: 4, seed: 3, faults: [{ target: "EmailService", mode: "fail" }] });
    expectInvariantsOk(summary);
    expect(summary.events).toMatchObject({ deadLettered: 4, retried: 8 });
    const letters = await runtime.store.listDeadLetters(runId);
    expect(letters).toHaveLength(4);
    const [letter] = letters;
    expect(letter).toMatchObject({ runId, consumerGroup: "email-service", attempts: 3, lastError: "injected fault EmailService:fail (attempt 3)", replayStatus: null });
    expect(letter!.message).toMatchObject({ messageId: letter!.messageId, eventType: "order.placed", headers: { runId, correlationId: expect.any(String), causationId: expect.any(String) } });
    const { rows } = await db.pool.query(`SELECT event_id::text FROM es_events WHERE event_id = $1`, [letter!.messageId]);
    expect(rows).toHaveLength(1);

    const before = (await runtime.store.getRun(runId))!;
    const report = await runtime.simulator.replayDeadLetter(runId, letter!.messageId);
    expect(report).toEqual({ runId, messageId: letter!.messageId, results: [{ consumerGroup: "email-service", status: "ok", error: null }] });
    const processed = await db.pool.query(`SELECT 1 FROM sim_processed WHERE consumer_group = 'email-service' AND message_id = $1`, [letter!.messageId]);
    expect(processed.rowCount).toBe(1);
    expect((await runtime.store.listDeadLetters(runId, letter!.messageId))[0]).toMatchObject({ replayStatus: "ok" });
    // The run's counters and its summary say the same after the replay: the message was
    // dead-lettered (the DLQ marks it replayed), and it was delivered once more.
    const after = (await runtime.store.getRun(runId))!;
    expect(after.counters.events).toEqual(after.summary!.events);
    expect(after.summary!.events).toMatchObject({ deadLettered: 4, delivered: before.summary!.events.delivered + 1, published: before.summary!.events.published });
  });

  it("gives the same outcome counts for the same seed, board and faults", async () => {
    const request = { count: 25, concurrency: 8, faults: [{ target: "Billing", mode: "rate", value: 0.4 }, { target: "Mailer", mode: "transient", value: 1 }], duplicateRate: 0.2 };
    const board = withDelivery(tripBoard(), { maxAttempts: 2 });
    const a = await run(board, { ...request, seed: "same" });
    const b = await run(board, { ...request, seed: "same" });
    expectInvariantsOk(a.summary);
    expect({ sagas: b.summary.sagas, events: b.summary.events }).toEqual({ sagas: a.summary.sagas, events: a.summary.events });
  });

  it("retries an aggregate's append on a version conflict and counts it", async () => {
    // Two policies append to one Trip stream on the same event: hold the first append until the
    // second arrives, so both expect the same version and one of them must re-read and retry.
    const events = runtime.store.events;
    const append = events.appendToStream.bind(events);
    let waiting: (() => void) | null = null;
    let held = 0;
    (events as { appendToStream: typeof append }).appendToStream = async (streamId, list, options, tx) => {
      if (streamId.startsWith("Trip-") && tx !== undefined && options.expectedVersion === 1 && held < 2) {
        held++;
        if (waiting) {
          waiting();
          waiting = null;
        } else await new Promise<void>((resolve) => (waiting = resolve));
      }
      return append(streamId, list, options, tx);
    };
    try {
      const { runId, summary } = await run(tripBoard(), { count: 1, seed: 1 });
      expectInvariantsOk(summary);
      expect(held).toBe(2);
      expect(summary.concurrencyConflicts).toBeGreaterThanOrEqual(1);
      const trip = (await runtime.store.events.listStreams({ runId })).find((s) => s.streamType === "Trip")!;
      expect((await runtime.store.events.readStream(trip.streamId)).map((e) => e.type).sort()).toEqual(["TRIP_PRICED", "TRIP_REQUESTED", "VISA_CHECKED"]);
    } finally {
      (events as { appendToStream: typeof append }).appendToStream = append;
    }
  });

  it("keeps the saga's state in its stream: started, each command sent and its step completed, end and the board event", async () => {
    const { runId } = await run(orderFlowTemplate(), { count: 1, seed: 1 });
    const saga = (await runtime.store.events.listStreams({ runId })).find((s) => s.streamType === "saga")!;
    const events = await runtime.store.events.readStream(saga.streamId);
    expect(events.map((e) => e.type)).toEqual([
      SAGA_EVENT.started,
      "ReserveInventory", SAGA_EVENT.stepCompleted,
      "ChargePayment", SAGA_EVENT.stepCompleted,
      "ConfirmOrder", SAGA_EVENT.stepCompleted,
      SAGA_EVENT.ended, "order.completed",
    ]);
    expect(events.map((e) => e.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // The commands went out through the outbox, on each participant's command channel.
    const { rows } = await db.pool.query(`SELECT o.topic FROM es_outbox o JOIN es_events e USING (event_id) WHERE e.stream_id = $1 ORDER BY o.id`, [saga.streamId]);
    expect(rows.map((r) => r.topic)).toEqual(["inventory-service.commands", "payment-service.commands", "order.commands", "order-events"]);
  });
});
