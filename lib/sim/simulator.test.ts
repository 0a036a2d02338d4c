import { describe, expect, it } from "vitest";
import { orderFlowTemplate, type Board } from "../model";
import { createMemoryRuntimeStore } from "../runtime/memory/memoryRuntimeStore";
import { createMemoryRuntime } from "../runtime/runtime";
import { countingIds, virtualTime } from "../runtime/testing/virtualTime";
import { SPAN_KINDS, type TraceItem } from "./ports/trace";
import { SAGA_EVENT } from "./sagaState";
import { createSimulator } from "./simulator";
import { tripBoard } from "./testing/tripBoard";

/** A runtime on the in-memory store and virtual time: backoffs and latency cost nothing. */
function memoryRuntime() {
  const time = virtualTime();
  let jitter = 0;
  return createMemoryRuntime({ ...time, ids: countingIds(), random: () => (jitter = (jitter + 0.37) % 1) });
}

async function run(board: Board, request: Record<string, unknown>) {
  const runtime = memoryRuntime();
  const handle = await runtime.simulator.start(board, request);
  const result = await handle.done;
  const spans = await runtime.store.readSpans(handle.runId, 0, 100_000);
  return { runtime, handle, result, summary: result.summary!, spans };
}

function invariantsOk(summary: { invariants: readonly { name: string; ok: boolean; detail: string }[] }) {
  for (const invariant of summary.invariants) expect(invariant, `${invariant.name}: ${invariant.detail}`).toMatchObject({ ok: true });
  expect(summary.invariants.map((i) => i.name)).toEqual(["saga-atomicity", "outbox-drained", "idempotency", "projection-rebuild", "stream-versions"]);
}

describe("simulator on the in-memory store", () => {
  it("runs the Order template: every saga completes, every invariant holds", async () => {
    const { summary, result } = await run(orderFlowTemplate(), { count: 20, concurrency: 4, seed: 7 });
    expect(result.status).toBe("completed");
    expect(summary.sagas).toEqual({ started: 20, completed: 20, compensated: 0, failed: 0 });
    // OrderPlaced and OrderCompleted per order; 4 consumers of OrderPlaced, 1 of OrderCompleted.
    expect(summary.events).toMatchObject({ appended: 40, published: 40, delivered: 100, duplicatesSkipped: 0, retried: 0, deadLettered: 0 });
    invariantsOk(summary);
  });

  it("compensates Payment failures in reverse order: Inventory released, then Order cancelled, then OrderFailed", async () => {
    const { runtime, handle, summary, spans } = await run(orderFlowTemplate(), { count: 5, seed: 1, faults: [{ target: "Payment", mode: "fail" }] });
    expect(summary.sagas).toEqual({ started: 5, completed: 0, compensated: 5, failed: 0 });
    invariantsOk(summary);
    const streams = (await runtime.store.events.listStreams({ runId: handle.runId })).filter((s) => s.streamType === "saga");
    expect(streams).toHaveLength(5);
    for (const stream of streams) {
      const events = await runtime.store.events.readStream(stream.streamId);
      expect(events.map((e) => [e.type, (e.data as { stepIndex?: number }).stepIndex])).toEqual([
        [SAGA_EVENT.started, undefined],
        [SAGA_EVENT.stepCompleted, 0],
        [SAGA_EVENT.stepCompleted, 1],
        [SAGA_EVENT.stepFailed, 2],
        [SAGA_EVENT.stepCompensated, 1],
        [SAGA_EVENT.stepCompensated, 0],
        [SAGA_EVENT.ended, undefined],
        ["order.failed", undefined],
      ]);
      expect((events.at(-1)!.data as { reason: string }).reason).toMatch(/step 3 \(Payment: Charge payment\) failed: injected fault Payment:fail/);
    }
    // Per saga: Payment tried maxAttempts times (4 retries), then two compensation spans, Inventory first.
    const trace = spans.filter((s) => s.traceId === spans.find((x) => x.kind === "compensation")!.traceId);
    const compensations = trace.filter((s) => s.kind === "compensation").sort((a, b) => a.seq - b.seq);
    expect(compensations.map((s) => [s.attributes.service, s.attributes.stepIndex])).toEqual([["Inventory", 1], ["Order", 0]]);
    expect(trace.filter((s) => s.kind === "saga-step" && s.attributes.service === "Payment").map((s) => s.status)).toEqual(["error", "error", "error", "error", "error"]);
    expect(summary.events.retried).toBe(5 * 4);
    const rows = await runtime.store.readModelRows(handle.runId, "OrderView");
    expect(rows.map((r) => r.data.status)).toEqual(Array(5).fill("OrderFailed"));
  });

  it("gives every delivery 2-3 copies at duplicate rate 1, and the read model and effects are those of a run without", async () => {
    for (const board of [orderFlowTemplate(), tripBoard()]) {
      const once = await run(board, { count: 10, seed: 3 });
      const dup = await run(board, { count: 10, seed: 3, duplicateRate: 1 });
      invariantsOk(dup.summary);
      const delivered = dup.summary.events.delivered;
      expect(delivered).toBeGreaterThanOrEqual(2 * once.summary.events.delivered);
      expect(delivered).toBeLessThanOrEqual(3 * once.summary.events.delivered);
      expect(dup.summary.events.duplicatesSkipped).toBe(delivered - once.summary.events.delivered);
      // Row ids are per run; in the trip board the last status depends on which of two concurrent
      // policies commits last, so only the Order template's status is compared.
      const rows = async (r: Awaited<ReturnType<typeof run>>) =>
        (await r.runtime.store.readModelRows(r.handle.runId))
          .map((row) => JSON.stringify({ ...row.data, id: "-", updatedAt: "-", status: board.name === "Order flow" ? row.data.status : "-", events: row.eventCount }))
          .sort();
      expect(await rows(dup)).toEqual(await rows(once));
      const effects = async (r: Awaited<ReturnType<typeof run>>) => {
        const counts: Record<string, number> = {};
        for (const e of (await r.runtime.store.events.readAll({ runId: r.handle.runId, limit: 10_000 })).events) counts[e.type] = (counts[e.type] ?? 0) + 1;
        return counts;
      };
      expect(await effects(dup)).toEqual(await effects(once));
      expect(dup.summary.sagas).toEqual(once.summary.sagas);
    }
  });

  it("dead-letters a poison message after maxAttempts with its id, headers, attempts and last error; a replay once fixed succeeds", async () => {
    const { runtime, handle, summary, spans } = await run(orderFlowTemplate(), { count: 3, seed: 2, maxAttempts: 3, faults: [{ target: "EmailService", mode: "fail" }] });
    invariantsOk(summary);
    expect(summary.events.deadLettered).toBe(3);
    expect(summary.events.retried).toBe(3 * 2);
    const letters = await runtime.store.listDeadLetters(handle.runId);
    expect(letters).toHaveLength(3);
    const letter = letters[0]!;
    expect(letter).toMatchObject({ consumerGroup: "service:EmailService", attempts: 3, replayStatus: null, lastError: "injected fault EmailService:fail (attempt 3)" });
    expect(letter.message.messageId).toBe(letter.messageId);
    expect(letter.message.headers).toMatchObject({ runId: handle.runId, correlationId: expect.any(String), causationId: expect.any(String) });
    expect(spans.filter((s) => s.kind === "dead-letter")).toHaveLength(3);

    // The run is over, so its faults are: the replay is the delivery after the fix.
    const report = await runtime.simulator.replayDeadLetter(handle.runId, letter.messageId);
    expect(report.results).toEqual([{ consumerGroup: "service:EmailService", status: "ok", error: null }]);
    expect((await runtime.store.listDeadLetters(handle.runId, letter.messageId))[0]).toMatchObject({ replayStatus: "ok", replayedAt: expect.any(String) });
    const processed = await runtime.store.countProcessed(handle.runId);
    expect(processed["service:EmailService"]).toBe(1);
    await expect(runtime.simulator.replayDeadLetter(handle.runId, letter.messageId)).rejects.toThrow(/already replayed/);
    await expect(runtime.simulator.replayDeadLetter(handle.runId, "00000000-0000-4000-8000-000000000000")).rejects.toMatchObject({ code: "not_found" });
    // The replay's spans continue the run's sequence.
    const after = await runtime.store.readSpans(handle.runId, spans.at(-1)!.seq, 100);
    expect(after.map((s) => s.kind)).toContain("deliver");
    expect(after[0]!.seq).toBe(spans.at(-1)!.seq + 1);
  });

  it("retries transient faults and recovers: transient=2 on a saga step, a service and an aggregate", async () => {
    const { summary } = await run(orderFlowTemplate(), {
      count: 4,
      seed: 5,
      faults: [
        { target: "Inventory", mode: "transient", value: 2 },
        { target: "AnalyticsService", mode: "transient", value: 1 },
      ],
    });
    invariantsOk(summary);
    expect(summary.sagas.completed).toBe(4);
    expect(summary.events.retried).toBe(4 * 2 + 4 * 1);
    expect(summary.events.deadLettered).toBe(0);
  });

  it("appends an aggregate's failure events when its fault outlasts every attempt", async () => {
    const { summary, runtime, handle } = await run(tripBoard(), { count: 3, seed: 4, faults: [{ target: "Trip", mode: "fail" }] });
    invariantsOk(summary);
    const rows = await runtime.store.readModelRows(handle.runId, "TripView");
    expect(rows.map((r) => r.data.status)).toEqual(["TripRejected", "TripRejected", "TripRejected"]);
    expect(summary.sagas.started).toBe(0);
  });

  it("is deterministic: same seed, board and faults give the same outcome counts; another seed may not", async () => {
    const request = { count: 30, concurrency: 6, faults: [{ target: "Billing", mode: "rate", value: 0.5 }, { target: "Mailer", mode: "rate", value: 0.5 }], maxAttempts: 2, duplicateRate: 0.3 };
    const a = await run(tripBoard(), { ...request, seed: "alpha" });
    const b = await run(tripBoard(), { ...request, seed: "alpha" });
    const c = await run(tripBoard(), { ...request, seed: "beta" });
    const outcome = (s: typeof a.summary) => ({ sagas: s.sagas, events: s.events });
    expect(outcome(b.summary)).toEqual(outcome(a.summary));
    expect(a.summary.sagas.compensated).toBeGreaterThan(0);
    expect(a.summary.sagas.completed).toBeGreaterThan(0);
    expect(outcome(c.summary)).not.toEqual(outcome(a.summary));
    invariantsOk(a.summary);
    invariantsOk(c.summary);
  });

  it("runs a second, different board (event-started saga, policies, a service that emits, an external system)", async () => {
    const { summary, runtime, handle } = await run(tripBoard(), { count: 8, seed: 9, faults: [{ target: "Billing", mode: "fail" }] });
    invariantsOk(summary);
    expect(summary.sagas).toEqual({ started: 8, completed: 0, compensated: 8, failed: 0 });
    // Billing (step 4) failed: Cars has no compensation, so Hotels then Flights are compensated.
    const saga = (await runtime.store.events.listStreams({ runId: handle.runId })).find((s) => s.streamType === "saga")!;
    const events = await runtime.store.events.readStream(saga.streamId);
    expect(events.filter((e) => e.type === SAGA_EVENT.stepCompensated).map((e) => (e.data as { stepIndex: number }).stepIndex)).toEqual([1, 0]);
    expect(events.at(-1)!.type).toBe("TRIP_CANCELLED");
    const ok = await run(tripBoard(), { count: 8, seed: 9 });
    invariantsOk(ok.summary);
    const types = new Set((await ok.runtime.store.events.readAll({ runId: ok.handle.runId, limit: 10_000 })).events.map((e) => e.type));
    for (const type of ["TRIP_REQUESTED", "TRAVELER_NOTIFIED", "TRIP_PRICED", "VISA_CHECKED", "TRIP_CONFIRMED", "TICKETS_ISSUED", "TRIP_AUDITED"]) expect(types).toContain(type);
  });

  it("records spans of every kind with a per-run seq, one trace per correlation and parents that exist", async () => {
    const { spans } = await run(orderFlowTemplate(), { count: 3, seed: 1, maxAttempts: 2, faults: [{ target: "Payment", mode: "fail" }, { target: "EmailService", mode: "fail" }] });
    expect(spans.map((s) => s.seq)).toEqual(spans.map((_, i) => i + 1));
    expect(new Set(spans.map((s) => s.kind))).toEqual(new Set(SPAN_KINDS));
    const ids = new Set(spans.map((s) => s.spanId));
    for (const span of spans) {
      expect(span.spanId).toMatch(/^[0-9a-f]{16}$/);
      if (span.parentSpanId !== null) expect(ids.has(span.parentSpanId), `${span.kind} ${span.name}`).toBe(true);
      expect(span.endedAt).toBeGreaterThanOrEqual(span.startedAt);
      expect(span.attributes.correlationId).toBe(span.traceId);
    }
    const roots = spans.filter((s) => s.parentSpanId === null);
    expect(roots.map((s) => s.kind)).toEqual(["command", "command", "command"]);
    expect(new Set(spans.map((s) => s.traceId)).size).toBe(3);
    const withMessage = (kind: TraceItem["kind"]) => spans.filter((s) => s.kind === kind);
    for (const kind of ["publish", "deliver", "dead-letter"] as const) {
      for (const span of withMessage(kind)) expect(span.attributes).toMatchObject({ messageId: expect.any(String), eventType: expect.any(String) });
    }
    for (const kind of ["saga-step", "compensation"] as const) {
      for (const span of withMessage(kind)) expect(span.attributes).toMatchObject({ sagaId: expect.stringMatching(/^saga-OrderSaga-/), service: expect.any(String), stepIndex: expect.any(Number) });
    }
  });

  it("keeps correlationId constant and causationId the direct cause across one entry command's events", async () => {
    const { runtime, handle } = await run(tripBoard(), { count: 1, seed: 1 });
    const events = (await runtime.store.events.readAll({ runId: handle.runId, limit: 1000 })).events;
    expect(new Set(events.map((e) => e.metadata.correlationId)).size).toBe(1);
    const byId = new Map(events.map((e) => [e.eventId, e]));
    const requested = events.find((e) => e.type === "TRIP_REQUESTED")!;
    const priced = events.find((e) => e.type === "TRIP_PRICED")!;
    const notified = events.find((e) => e.type === "TRAVELER_NOTIFIED")!;
    expect(notified.metadata.causationId).toBe(requested.eventId);
    // A policy's command sits between the event and the aggregate's event.
    expect(byId.has(priced.metadata.causationId)).toBe(false);
    expect(priced.metadata).toMatchObject({ consumer: "policy:Price every trip" });
    const issued = events.find((e) => e.type === "TICKETS_ISSUED")!;
    expect(issued.metadata.consumer).toBe("policy:Issue tickets when confirmed");
  });

  it("resumes after a crash: a saga interrupted mid-way (waiting on a slow step) finishes when the run is resumed", async () => {
    const time = virtualTime();
    const store = createMemoryRuntimeStore({ now: time.clock.now });
    const sim1 = createSimulator({ store, ...time, ids: countingIds("1"), random: () => 0.5 });
    const handle = await sim1.start(orderFlowTemplate(), { count: 4, seed: 1, faults: [{ target: "Payment", mode: "latency", value: 60_000 }] });
    // Wait until every saga has written Order and Inventory and is waiting on Payment.
    for (let i = 0; i < 200; i++) {
      const sagas = (await store.events.listStreams({ runId: handle.runId })).filter((s) => s.streamType === "saga");
      if (sagas.length === 4 && sagas.every((s) => s.version === 3)) break;
      await new Promise((r) => setImmediate(r));
    }
    sim1.abandon();
    expect((await handle.done).status).toBe("running");
    expect((await store.getRun(handle.runId))!.status).toBe("running");

    const sim2 = createSimulator({ store, ...time, ids: countingIds("2"), random: () => 0.5 });
    const resumed = await sim2.resume(handle.runId);
    const result = await resumed.done;
    expect(result.status).toBe("completed");
    invariantsOk(result.summary!);
    expect(result.summary!.sagas).toEqual({ started: 4, completed: 4, compensated: 0, failed: 0 });
    const spans = await store.readSpans(handle.runId, 0, 100_000);
    expect(spans.map((s) => s.seq)).toEqual(spans.map((_, i) => i + 1));
  });

  it("runs two runs side by side in one simulator, each with its own relay, broker and invariants", async () => {
    const runtime = memoryRuntime();
    const [a, b] = await Promise.all([
      runtime.simulator.start(orderFlowTemplate(), { count: 15, seed: 1, faults: [{ target: "Payment", mode: "fail" }] }),
      runtime.simulator.start(tripBoard(), { count: 15, seed: 2 }),
    ]);
    const [ra, rb] = await Promise.all([a.done, b.done]);
    invariantsOk(ra.summary!);
    invariantsOk(rb.summary!);
    expect(ra.summary!.sagas.compensated).toBe(15);
    expect(rb.summary!.sagas.completed).toBe(15);
    expect((await runtime.store.readModelRows(a.runId)).every((r) => r.readModel === "OrderView")).toBe(true);
  });

  it("ends a run in `error`, with the reason, when its store fails; watchers get the status", async () => {
    const time = virtualTime();
    const store = createMemoryRuntimeStore({ now: time.clock.now });
    let appends = 0;
    const append = store.events.appendToStream.bind(store.events);
    store.events.appendToStream = async (...args) => {
      if (++appends === 6) throw new Error("connection terminated unexpectedly");
      return append(...args);
    };
    const simulator = createSimulator({ store, ...time, ids: countingIds(), random: () => 0.5 });
    const handle = await simulator.start(orderFlowTemplate(), { count: 10, seed: 1 });
    const statuses: string[] = [];
    handle.watch((e) => e.type === "status" && statuses.push(e.status));
    const result = await handle.done;
    expect(result).toMatchObject({ status: "error", summary: null, error: "connection terminated unexpectedly" });
    expect(handle.status()).toBe("error");
    expect(statuses).toContain("error");
    expect(await store.getRun(handle.runId)).toMatchObject({ status: "error", error: "connection terminated unexpectedly", finishedAt: expect.any(String) });
  });

  it("refuses a bad request before storing anything", async () => {
    const runtime = memoryRuntime();
    await expect(runtime.simulator.start(orderFlowTemplate(), { count: 0 })).rejects.toMatchObject({ code: "invalid_scenario" });
    expect(await runtime.store.listRuns()).toEqual([]);
  });
});
