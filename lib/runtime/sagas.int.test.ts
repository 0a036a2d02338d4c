import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../db/testing/testDatabase";
import { createOrderSagaTemplate, orderFlowTemplate, type Board } from "../model";
import { tripBoard } from "../sim/testing/tripBoard";
import { orderFlowV1 } from "../sim/testing/v1Boards";
import { createPostgresRuntime, type Runtime } from "./runtime";
import { expectInvariantsOk } from "./testing/helpers";

/*
 * Sagas orchestrated over the broker, on real PostgreSQL: a fault on one step, a refusal, a
 * timeout, a compensation that cannot be carried out, a retriable step sent again, and the v1
 * boards of the test suite running with the outcomes they had in v1. Time scale 0: the policies'
 * waits are design time only, the outcomes the same as at any scale.
 */

let db: TestDatabase;
let runtime: Runtime;

beforeAll(async () => {
  db = await createTestDatabase(inject("pgUrl"));
  runtime = createPostgresRuntime(db.pool);
});
afterAll(async () => {
  await runtime?.close();
  await db?.drop();
});

async function run(board: Board, request: Record<string, unknown>) {
  const handle = await runtime.simulator.start(board, { timeScale: 0, ...request });
  const result = await handle.done;
  expect(result.error).toBeNull();
  expectInvariantsOk(result.summary!);
  return { runId: handle.runId, summary: result.summary! };
}

/** Each saga's stream, as `send <Command> <step>[ undo][ #attempt]` and `<record> <step>`. */
async function histories(runId: string): Promise<string[][]> {
  const { rows } = await db.pool.query<{ stream_id: string; type: string; data: { stepIndex?: number }; metadata: { messageKind?: string; saga?: { stepIndex: number; role: string; attempt: number } } }>(
    `SELECT e.stream_id, e.type, e.data, e.metadata FROM es_events e JOIN es_streams s USING (stream_id)
     WHERE s.run_id = $1 AND s.stream_type = 'saga' ORDER BY e.stream_id, e.version`,
    [runId],
  );
  const byStream = new Map<string, string[]>();
  for (const row of rows) {
    const saga = row.metadata.saga;
    const line =
      row.metadata.messageKind === "command" && saga
        ? `send ${row.type} ${saga.stepIndex + 1}${saga.role === "compensation" ? " undo" : ""}${saga.attempt > 1 ? ` #${saga.attempt}` : ""}`
        : `${row.type.replace("sim.saga.", "")}${row.data.stepIndex === undefined ? "" : ` ${row.data.stepIndex + 1}`}`;
    byStream.set(row.stream_id, [...(byStream.get(row.stream_id) ?? []), line]);
  }
  return [...byStream.values()];
}

/** Every saga of the run had this history (its start left out). */
async function everySaga(runId: string, expected: string[]): Promise<void> {
  const all = await histories(runId);
  expect(all.length).toBeGreaterThan(0);
  for (const history of all) expect(history.slice(1)).toEqual(expected);
}

describe("saga orchestration on PostgreSQL", () => {
  it("a refused pivot fails that step only: the compensable steps before it are compensated in reverse, the steps after it never run", async () => {
    // Create Order: Kitchen runs steps 2 and 4; step 3 (the card) is refused.
    const { runId, summary } = await run(createOrderSagaTemplate(), { count: 8, concurrency: 4, seed: 1, faults: [{ target: "CreateOrderSaga#3", mode: "fail" }] });
    expect(summary.sagas).toEqual({ started: 8, completed: 0, compensated: 8, failed: 0 });
    await everySaga(runId, [
      "send VerifyConsumer 1", "step-completed 1",
      "send CreateTicket 2", "step-completed 2",
      "send AuthorizeCard 3", "step-failed 3",
      "send RejectTicket 2 undo", "step-compensated 2",
      "send ReleaseConsumerHold 1 undo", "step-compensated 1",
      "ended", "order.rejected",
    ]);
    const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM es_events WHERE run_id = $1 AND type IN ('ApproveTicket', 'ApproveOrder')`, [runId]);
    expect(rows[0].n).toBe(0);
  });

  it("a fault on Kitchen's step 4 spares Kitchen's step 2; the retriable step is sent again after its dead letter and completes", async () => {
    const { runId, summary } = await run(createOrderSagaTemplate(), { count: 4, seed: 2, faults: [{ target: "CreateOrderSaga#4", mode: "transient", value: 7 }] });
    // Retriable step 4 is sent again after the broker dead-letters its first send (5 attempts a send), and completes.
    expect(summary.sagas).toEqual({ started: 4, completed: 4, compensated: 0, failed: 0 });
    await everySaga(runId, [
      "send VerifyConsumer 1", "step-completed 1",
      "send CreateTicket 2", "step-completed 2",
      "send AuthorizeCard 3", "step-completed 3",
      "send ApproveTicket 4", "attempt-failed 4",
      "send ApproveTicket 4 #2", "step-completed 4",
      "send ApproveOrder 5", "step-completed 5",
      "ended", "order.approved",
    ]);
    const letters = await runtime.store.listDeadLetters(runId);
    expect(letters.map((l) => [l.consumerGroup, l.message.eventType])).toEqual(Array(4).fill(["kitchen-service", "ApproveTicket"]));
    // Kitchen's CreateTicket (step 2) never failed.
    const { rows } = await db.pool.query(
      `SELECT count(*)::int AS n FROM sim_spans WHERE run_id = $1 AND kind = 'deliver' AND status = 'error' AND attributes->>'eventType' = 'CreateTicket'`,
      [runId],
    );
    expect(rows[0].n).toBe(0);
  });

  it("a failure reply and a timeout each compensate; a timed-out step is undone too (its participant may have done it)", async () => {
    const refused = await run(orderFlowTemplate(), { count: 5, seed: 3, faults: [{ target: "OrderSaga#2", mode: "fail" }] });
    const late = await run(orderFlowTemplate(), { count: 5, seed: 3, faults: [{ target: "OrderSaga#2", mode: "latency", value: 15_000 }] });
    for (const { summary } of [refused, late]) expect(summary.sagas).toEqual({ started: 5, completed: 0, compensated: 5, failed: 0 });
    // Refused: the payment was never taken; only the reservation is undone.
    await everySaga(refused.runId, [
      "send ReserveInventory 1", "step-completed 1",
      "send ChargePayment 2", "step-failed 2",
      "send ReleaseInventory 1 undo", "step-compensated 1",
      "ended", "order.failed",
    ]);
    // Timed out: PaymentService did charge (late), so the payment is refunded first, then the reservation released.
    await everySaga(late.runId, [
      "send ReserveInventory 1", "step-completed 1",
      "send ChargePayment 2", "step-failed 2",
      "send RefundPayment 2 undo", "step-compensated 2",
      "send ReleaseInventory 1 undo", "step-compensated 1",
      "ended", "order.failed",
    ]);
    const reason = async (runId: string) =>
      (await db.pool.query(`SELECT data->>'reason' AS reason, data->>'error' AS error FROM es_events WHERE run_id = $1 AND type = 'sim.saga.step-failed' LIMIT 1`, [runId])).rows[0];
    expect(await reason(refused.runId)).toMatchObject({ reason: "reply", error: expect.stringContaining("PaymentService refused") });
    expect(await reason(late.runId)).toEqual({ reason: "timeout", error: "no reply within 10000 ms (the participant took 15000 ms)" });
  });

  it("a compensation that still fails after its retries leaves the saga failed, its command dead-lettered", async () => {
    const faults = [
      { target: "OrderSaga#3", mode: "fail" },
      { target: "OrderSaga#2/compensation", mode: "fail" },
    ];
    const { runId, summary } = await run(orderFlowTemplate(), { count: 3, seed: 4, faults });
    expect(summary.sagas).toEqual({ started: 3, completed: 0, compensated: 0, failed: 3 });
    await everySaga(runId, [
      "send ReserveInventory 1", "step-completed 1",
      "send ChargePayment 2", "step-completed 2",
      "send ConfirmOrder 3", "step-failed 3",
      "send RefundPayment 2 undo", "compensation-failed 2",
      "ended", "order.failed",
    ]);
    const letters = await runtime.store.listDeadLetters(runId);
    expect(letters).toHaveLength(3);
    for (const letter of letters) expect(letter).toMatchObject({ consumerGroup: "payment-service", attempts: 5, message: { eventType: "RefundPayment", headers: { kind: "command" } } });
    expect(summary.events.deadLettered).toBe(3);
    expect(summary.graph.nodes["saga-order"]).toMatchObject({ sagas: { failed: 3 }, steps: { 1: { compensationFailed: 3 }, 2: { failed: 3 } } });
    // OrderFailed says why, for whoever has to step in.
    const { rows } = await db.pool.query(`SELECT data->>'reason' AS reason FROM es_events WHERE run_id = $1 AND type = 'order.failed' LIMIT 1`, [runId]);
    expect(rows[0].reason).toMatch(/^step 3 \(Order: ConfirmOrder\) failed: .*; then compensating step 2 failed: RefundPayment was dead-lettered by payment-service/);
  });

  it("that compensation replayed from the DLQ once fixed lets its saga go on: it undoes the rest and ends compensated", async () => {
    const faults = [
      { target: "OrderSaga#3", mode: "fail" },
      { target: "OrderSaga#2/compensation", mode: "fail" },
    ];
    const { runId } = await run(orderFlowTemplate(), { count: 2, seed: 5, faults });
    const [letter] = await runtime.store.listDeadLetters(runId);
    expect((await runtime.simulator.replayDeadLetter(runId, letter!.messageId)).results).toEqual([{ consumerGroup: "payment-service", status: "ok", error: null }]);
    const histories_ = await histories(runId);
    expect(histories_.map((h) => h.slice(1)).sort((a, b) => b.length - a.length)[0]).toEqual([
      "send ReserveInventory 1", "step-completed 1",
      "send ChargePayment 2", "step-completed 2",
      "send ConfirmOrder 3", "step-failed 3",
      "send RefundPayment 2 undo", "compensation-failed 2",
      "ended", "order.failed",
      "reopened 2", "step-compensated 2",
      "send ReleaseInventory 1 undo", "step-compensated 1",
      "ended",
    ]);
    const record = (await runtime.store.getRun(runId))!;
    expect(record.summary).toMatchObject({ status: "completed", sagas: { started: 2, compensated: 1, failed: 1 } });
    expectInvariantsOk(record.summary!);
    expect(record.summary!.graph.nodes["saga-order"]?.sagas).toEqual({ completed: 0, compensated: 1, failed: 1 });
  });

  it("a retriable step's command replayed from the DLQ lets its failed saga go on: the step completes, the next ones run, the saga ends completed", async () => {
    // Kitchen cannot approve tickets: each send of step 4 is dead-lettered, and every saga ends failed.
    const { runId, summary } = await run(createOrderSagaTemplate(), { count: 4, seed: 6, faults: [{ target: "CreateOrderSaga#4", mode: "fail" }] });
    expect(summary.sagas).toEqual({ started: 4, completed: 0, compensated: 0, failed: 4 });
    expect(summary.graph.nodes["saga-create-order"]).toMatchObject({ sagas: { completed: 0, compensated: 0, failed: 4 }, steps: { 3: { completed: 0, failed: 4 } } });
    const letters = await runtime.store.listDeadLetters(runId);
    expect(letters).toHaveLength(4 * 5);
    // The first send's letter of one saga (any of its sends would do: each is the same step).
    const letter = letters.find((l) => l.message.headers.saga?.attempt === 1)!;
    const sagaId = letter.message.headers.saga!.sagaId;
    expect((await runtime.simulator.replayDeadLetter(runId, letter.messageId)).results).toEqual([{ consumerGroup: "kitchen-service", status: "ok", error: null }]);

    const history = (await histories(runId)).find((h) => h.includes("send ApproveOrder 5"));
    expect(history?.slice(1)).toEqual([
      "send VerifyConsumer 1", "step-completed 1",
      "send CreateTicket 2", "step-completed 2",
      "send AuthorizeCard 3", "step-completed 3",
      "send ApproveTicket 4", "attempt-failed 4",
      "send ApproveTicket 4 #2", "attempt-failed 4",
      "send ApproveTicket 4 #3", "attempt-failed 4",
      "send ApproveTicket 4 #4", "attempt-failed 4",
      "send ApproveTicket 4 #5", "step-failed 4",
      "ended", "order.rejected",
      "reopened 4", "step-completed 4",
      "send ApproveOrder 5", "step-completed 5",
      // Now approved: the board is told, as it was told the order was rejected.
      "ended", "order.approved",
    ]);
    // The Order aggregate handled ApproveOrder for that saga, and only for it.
    const { rows } = await db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM sim_spans WHERE run_id = $1 AND kind = 'deliver' AND status = 'ok' AND attributes->>'eventType' = 'ApproveOrder' AND attributes->>'correlationId' = $2`,
      [runId, letter.message.headers.correlationId],
    );
    expect(rows[0]!.n).toBe(1);
    expect((await db.pool.query(`SELECT 1 FROM sim_spans WHERE run_id = $1 AND attributes->>'eventType' = 'ApproveOrder' AND attributes->>'correlationId' <> $2`, [runId, letter.message.headers.correlationId])).rowCount).toBe(0);

    const record = (await runtime.store.getRun(runId))!;
    expectInvariantsOk(record.summary);
    expect(record.summary).toMatchObject({ status: "completed", sagas: { started: 4, completed: 1, compensated: 0, failed: 3 } });
    expect(record.counters.sagas).toEqual({ started: 4, completed: 1, compensated: 0, failed: 3 });
    expect(record.summary.graph.nodes["saga-create-order"]).toMatchObject({
      sagas: { completed: 1, compensated: 0, failed: 3 },
      steps: { 3: { completed: 1, failed: 3 }, 4: { completed: 1, failed: 0 } },
    });
    expect(record.summary.graph.nodes["agg-order-approve"]).toMatchObject({ received: 1, handled: 1, failed: 0 });
    // The saga as the store folds it (what a restart would resume from) ended completed.
    expect(await runtime.store.countSagas(runId)).toEqual({ started: 4, completed: 1, compensated: 0, failed: 3 });

    // Another send's letter of the same saga: Kitchen approves the ticket again; the saga, done with
    // that step, takes no notice, and nothing changes.
    const again = letters.find((l) => l.message.headers.saga?.sagaId === sagaId && l.message.headers.saga.attempt === 2)!;
    expect((await runtime.simulator.replayDeadLetter(runId, again.messageId)).results).toEqual([{ consumerGroup: "kitchen-service", status: "ok", error: null }]);
    const after = (await runtime.store.getRun(runId))!;
    expectInvariantsOk(after.summary);
    expect(after.summary.sagas).toEqual({ started: 4, completed: 1, compensated: 0, failed: 3 });
  });

  it("a replayed step command its saga can no longer take says so: the replay is ok, with a note of what the saga did", async () => {
    // Kitchen cannot create tickets: step 2's command is dead-lettered, the saga compensates step 1.
    const { runId } = await run(createOrderSagaTemplate(), { count: 1, seed: 7, faults: [{ target: "CreateOrderSaga#2", mode: "transient", value: 5 }] });
    const [letter] = await runtime.store.listDeadLetters(runId);
    expect(letter?.message.eventType).toBe("CreateTicket");
    const [result] = (await runtime.simulator.replayDeadLetter(runId, letter!.messageId)).results;
    // Kitchen creates the ticket now, but the saga had turned back already: nobody will cancel it.
    expect(result).toMatchObject({ consumerGroup: "kitchen-service", status: "ok", error: null });
    expect(result?.note).toMatch(/^CreateTicket went through, but CreateOrderSaga had ended compensated already: .*not undone/);
    const record = (await runtime.store.getRun(runId))!;
    expectInvariantsOk(record.summary);
    expect(record.summary.sagas).toEqual({ started: 1, completed: 0, compensated: 1, failed: 0 });
  });

  it("every v1 board of the test suite runs with the outcome it had in v1, for the same seed", async () => {
    const outcomes: [Board, Record<string, unknown>, Record<string, number>][] = [
      [orderFlowV1(), { count: 10, seed: 1 }, { started: 10, completed: 10, compensated: 0, failed: 0 }],
      [orderFlowV1(), { count: 10, seed: 1, faults: [{ target: "Payment", mode: "fail" }] }, { started: 10, completed: 0, compensated: 10, failed: 0 }],
      // Order is both the aggregate (it rejects PlaceOrder) and step 1's participant (it refuses CreateOrder).
      [orderFlowV1(), { count: 10, seed: 1, faults: [{ target: "Order", mode: "fail" }] }, { started: 10, completed: 0, compensated: 10, failed: 0 }],
      [orderFlowV1(), { count: 10, seed: 5, faults: [{ target: "Inventory", mode: "transient", value: 2 }] }, { started: 10, completed: 10, compensated: 0, failed: 0 }],
      [tripBoard(), { count: 10, seed: 9 }, { started: 10, completed: 10, compensated: 0, failed: 0 }],
      [tripBoard(), { count: 10, seed: 9, faults: [{ target: "Billing", mode: "fail" }] }, { started: 10, completed: 0, compensated: 10, failed: 0 }],
      [tripBoard(), { count: 10, seed: 4, faults: [{ target: "Trip", mode: "fail" }] }, { started: 0, completed: 0, compensated: 0, failed: 0 }],
    ];
    for (const [board, request, sagas] of outcomes) {
      const { runId, summary } = await run(board, request);
      expect(summary.sagas, `${board.name} ${JSON.stringify(request)}`).toEqual(sagas);
      if (board.name === "Order flow") {
        const statuses = (await runtime.store.readModelRows(runId, "OrderView")).map((row) => row.data.status);
        expect(new Set(statuses)).toEqual(new Set([(sagas.completed ?? 0) > 0 ? "OrderCompleted" : "OrderFailed"]));
      }
    }
    // Billing failed: Cars has no compensation (it is the pivot), so Hotels then Flights are undone, as in v1.
    const billing = await run(tripBoard(), { count: 2, seed: 9, faults: [{ target: "Billing", mode: "fail" }] });
    await everySaga(billing.runId, [
      "send BookFlight 1", "step-completed 1",
      "send BookHotel 2", "step-completed 2",
      "send RentCar 3", "step-completed 3",
      "send ChargeCard 4", "step-failed 4",
      "send CancelHotel 2 undo", "step-compensated 2",
      "send CancelFlight 1 undo", "step-compensated 1",
      "ended", "TRIP_CANCELLED",
    ]);
  });
});
