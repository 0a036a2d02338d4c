import { describe, expect, it } from "vitest";
import { DEAD_LETTER_NOTICE, createOrderSagaTemplate, deriveTopology, orderFlowTemplate, type Board } from "../../model";
import { createMemoryRuntimeStore } from "../../runtime/memory/memoryRuntimeStore";
import { createMemoryRuntime } from "../../runtime/runtime";
import { countingIds, virtualTime } from "../../runtime/testing/virtualTime";
import { SPAN_KINDS, type TraceItem } from "../ports/trace";
import { SAGA_EVENT } from "../saga/sagaState";
import { createSimulator, MAX_ACTIVE_RUNS } from "./simulator";
import { RunGraphFold, graphTotals } from "../trace/graph";
import { tripBoard } from "../testing/tripBoard";
import { orderFlowV1, withDelivery } from "../testing/v1Boards";

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
  it("runs the Order template: every saga completes over the broker, every invariant holds", async () => {
    const { summary, result } = await run(orderFlowTemplate(), { count: 20, concurrency: 4, seed: 7 });
    expect(result.status).toBe("completed");
    expect(summary.sagas).toEqual({ started: 20, completed: 20, compensated: 0, failed: 0 });
    // Per order: OrderPlaced and OrderCompleted; three step commands and three replies.
    expect(summary.messages).toEqual({ events: 40, commands: 60, replies: 60, notices: 0 });
    // OrderPlaced to 4 groups (email, analytics, saga, view), OrderCompleted to 1, each command and reply to 1.
    expect(summary.events).toMatchObject({ appended: 40, published: 160, delivered: 20 * (4 + 1 + 3 + 3), duplicatesSkipped: 0, retried: 0, deadLettered: 0 });
    invariantsOk(summary);
  });

  it("v1 board: compensates Payment's refusal in reverse order (Inventory released, then Order cancelled), then OrderFailed, as in v1", async () => {
    const { runtime, handle, summary, spans } = await run(orderFlowV1(), { count: 5, seed: 1, faults: [{ target: "Payment", mode: "fail" }] });
    expect(summary.sagas).toEqual({ started: 5, completed: 0, compensated: 5, failed: 0 });
    invariantsOk(summary);
    const streams = (await runtime.store.events.listStreams({ runId: handle.runId })).filter((s) => s.streamType === "saga");
    expect(streams).toHaveLength(5);
    for (const stream of streams) {
      const events = await runtime.store.events.readStream(stream.streamId);
      expect(events.map((e) => [e.type, (e.data as { stepIndex?: number }).stepIndex])).toEqual([
        [SAGA_EVENT.started, undefined],
        ["CreateOrder", undefined],
        [SAGA_EVENT.stepCompleted, 0],
        ["ReserveItems", undefined],
        [SAGA_EVENT.stepCompleted, 1],
        ["ChargePayment", undefined],
        [SAGA_EVENT.stepFailed, 2],
        ["ReleaseItems", undefined],
        [SAGA_EVENT.stepCompensated, 1],
        ["CancelOrder", undefined],
        [SAGA_EVENT.stepCompensated, 0],
        [SAGA_EVENT.ended, undefined],
        ["order.failed", undefined],
      ]);
      expect((events.at(-1)!.data as { reason: string }).reason).toMatch(/^step 3 \(Payment: ChargePayment\) failed: Payment refused: injected fault Payment:fail \(attempt 1\)$/);
    }
    // The compensations went to the participants over the broker, Inventory first, each with a real span.
    const trace = spans.filter((s) => s.traceId === spans.find((x) => x.kind === "compensation")!.traceId);
    expect(trace.filter((s) => s.kind === "compensation").sort((a, b) => a.seq - b.seq).map((s) => [s.attributes.service, s.attributes.stepIndex])).toEqual([["Inventory", 1], ["Order", 0]]);
    const delivered = trace.filter((s) => s.kind === "deliver" && s.attributes.messageKind === "command").map((s) => s.attributes.group);
    expect(delivered).toEqual(expect.arrayContaining(["order", "inventory", "payment"]));
    // A refusal is the participant's answer, not a broken delivery: nothing is retried.
    expect(summary.events.retried).toBe(0);
    const rows = await runtime.store.readModelRows(handle.runId, "OrderView");
    expect(rows.map((r) => r.data.status)).toEqual(Array(5).fill("OrderFailed"));
  });

  it("gives every delivery 2-3 copies at duplicate rate 1, and the read model and effects are those of a run without", async () => {
    for (const board of [orderFlowTemplate(), tripBoard(), createOrderSagaTemplate()]) {
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
          .map((row) => JSON.stringify({ ...row.data, id: "-", updatedAt: "-", status: board.name === "Trip booking" ? "-" : row.data.status, events: row.eventCount }))
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

  it("dead-letters a poison message after the group's maxAttempts with its id, headers, attempts and last error; a replay once fixed succeeds", async () => {
    const board = withDelivery(orderFlowTemplate(), { maxAttempts: 3 });
    const { runtime, handle, summary, spans } = await run(board, { count: 3, seed: 2, faults: [{ target: "EmailService", mode: "fail" }] });
    invariantsOk(summary);
    expect(summary.events.deadLettered).toBe(3);
    expect(summary.events.retried).toBe(3 * 2);
    const letters = await runtime.store.listDeadLetters(handle.runId);
    expect(letters).toHaveLength(3);
    const letter = letters[0]!;
    expect(letter).toMatchObject({ consumerGroup: "email-service", attempts: 3, replayStatus: null, lastError: "injected fault EmailService:fail (attempt 3)" });
    expect(letter.message.messageId).toBe(letter.messageId);
    expect(letter.message.headers).toMatchObject({ runId: handle.runId, correlationId: expect.any(String), causationId: expect.any(String) });
    expect(spans.filter((s) => s.kind === "dead-letter")).toHaveLength(3);

    // The run is over, so its faults are: the replay is the delivery after the fix.
    const report = await runtime.simulator.replayDeadLetter(handle.runId, letter.messageId);
    expect(report.results).toEqual([{ consumerGroup: "email-service", status: "ok", error: null }]);
    expect((await runtime.store.listDeadLetters(handle.runId, letter.messageId))[0]).toMatchObject({ replayStatus: "ok", replayedAt: expect.any(String) });
    const processed = await runtime.store.countProcessed(handle.runId);
    expect(processed["email-service"]).toBe(1);
    await expect(runtime.simulator.replayDeadLetter(handle.runId, letter.messageId)).rejects.toThrow(/already replayed/);
    await expect(runtime.simulator.replayDeadLetter(handle.runId, "00000000-0000-4000-8000-000000000000")).rejects.toMatchObject({ code: "not_found" });
    // The replay's spans continue the run's sequence.
    const after = await runtime.store.readSpans(handle.runId, spans.at(-1)!.seq, 100);
    expect(after.map((s) => s.kind)).toContain("deliver");
    expect(after[0]!.seq).toBe(spans.at(-1)!.seq + 1);
  });

  it("v1 board: retries transient faults and recovers, transient=2 on a saga participant and =1 on a service, as in v1", async () => {
    const { summary } = await run(orderFlowV1(), {
      count: 4,
      seed: 5,
      faults: [
        { target: "Inventory", mode: "transient", value: 2 },
        { target: "AnalyticsService", mode: "transient", value: 1 },
      ],
    });
    invariantsOk(summary);
    expect(summary.sagas.completed).toBe(4);
    // A transient fault breaks the handling (it is not a refusal): the broker retries it.
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

  it("is deterministic: same seed, board and faults give the same outcome counts; another seed may not", { timeout: 30_000 }, async () => {
    const request = { count: 30, concurrency: 6, faults: [{ target: "Billing", mode: "rate", value: 0.5 }, { target: "Mailer", mode: "rate", value: 0.5 }], duplicateRate: 0.3 };
    const board = withDelivery(tripBoard(), { maxAttempts: 2 });
    const a = await run(board, { ...request, seed: "alpha" });
    const b = await run(board, { ...request, seed: "alpha" });
    const c = await run(board, { ...request, seed: "beta" });
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
    const { spans } = await run(withDelivery(orderFlowV1(), { maxAttempts: 2 }), { count: 3, seed: 1, faults: [{ target: "Payment", mode: "fail" }, { target: "EmailService", mode: "fail" }] });
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

  it("stamps an event past version 1 with its schemaVersion, and leaves version 1 events as they were", async () => {
    const template = orderFlowTemplate();
    const board = { ...template, nodes: template.nodes.map((n) => (n.kind === "event" && n.name === "OrderPlaced" ? { ...n, version: 3 } : n)) };
    const { runtime, handle } = await run(board, { count: 2, seed: 1 });
    const events = (await runtime.store.events.readAll({ runId: handle.runId, limit: 1000 })).events.filter((e) => e.metadata.messageKind === "event");
    const placed = events.filter((e) => e.type === "order.placed");
    expect(placed).toHaveLength(2);
    for (const e of placed) expect(e.metadata.schemaVersion).toBe(3);
    for (const e of events.filter((x) => x.type !== "order.placed")) expect(e.metadata).not.toHaveProperty("schemaVersion");
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
    expect(priced.metadata).toMatchObject({ consumer: "price-every-trip" });
    const issued = events.find((e) => e.type === "TICKETS_ISSUED")!;
    expect(issued.metadata.consumer).toBe("issue-tickets-when-confirmed");
  });

  it("resumes after a crash: a saga interrupted mid-way (waiting on a slow step) finishes when the run is resumed", async () => {
    const time = virtualTime();
    const store = createMemoryRuntimeStore({ now: time.clock.now });
    const sim1 = createSimulator({ store, ...time, ids: countingIds("1"), random: () => 0.5 });
    // Slow, but within the step's 10 s timeout.
    const handle = await sim1.start(orderFlowTemplate(), { count: 4, seed: 1, faults: [{ target: "OrderSaga#2", mode: "latency", value: 6_000 }] });
    // Wait until every saga has sent its payment command: started, inventory sent and done, payment sent.
    for (let i = 0; i < 500; i++) {
      const sagas = (await store.events.listStreams({ runId: handle.runId })).filter((s) => s.streamType === "saga");
      if (sagas.length === 4 && sagas.every((s) => s.version === 4)) break;
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

  it("a resumed run makes no attempt again at an entry command its faulted aggregate handled before the crash", async () => {
    // Order fails each command's first attempt; the slow payment keeps the sagas going at the crash.
    const request = { count: 4, seed: 1, faults: [{ target: "Order", mode: "transient", value: 1 }, { target: "OrderSaga#2", mode: "latency", value: 6_000 }] };
    const clean = (await run(orderFlowTemplate(), request)).summary;
    expect(clean.graph.nodes["agg-order-place"]).toMatchObject({ failed: 4, retried: 4 });

    const time = virtualTime();
    const store = createMemoryRuntimeStore({ now: time.clock.now });
    const sim1 = createSimulator({ store, ...time, ids: countingIds("1"), random: () => 0.5 });
    const handle = await sim1.start(orderFlowTemplate(), request);
    // The crash comes once every PlaceOrder was handled, its spans stored (spans not yet stored are lost with the process).
    for (let i = 0; i < 500; i++) {
      const spans = await store.readSpans(handle.runId, 0, 100_000);
      if (spans.filter((s) => s.kind === "retry" && s.attributes.nodeId === "agg-order-place").length === 4) break;
      await new Promise((r) => setImmediate(r));
    }
    sim1.abandon();
    const result = await (await createSimulator({ store, ...time, ids: countingIds("2"), random: () => 0.5 }).resume(handle.runId)).done;
    invariantsOk(result.summary!);
    expect(result.summary!.sagas).toEqual(clean.sagas);
    // Every PlaceOrder was issued again, and its stored events found: Order's attempts counted once.
    expect(result.summary!.graph.nodes["agg-order-place"]).toMatchObject({ failed: 4, retried: 4 });
    expect(result.summary!.commands).toEqual({ handled: 4, rejected: 0 });
  });

  it("runs two runs side by side in one simulator, each with its own relay, broker and invariants", async () => {
    const runtime = memoryRuntime();
    const [a, b] = await Promise.all([
      runtime.simulator.start(orderFlowTemplate(), { count: 15, seed: 1, faults: [{ target: "PaymentService", mode: "fail" }] }),
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
    // The sixth write fails, whichever way it goes (an append in a transaction, or a write unit).
    let writes = 0;
    const append = store.events.appendToStream.bind(store.events);
    store.events.appendToStream = async (...args) => {
      if (++writes === 6) throw new Error("connection terminated unexpectedly");
      return append(...args);
    };
    const commit = store.commit.bind(store);
    store.commit = async (unit) => {
      if (++writes === 6) throw new Error("connection terminated unexpectedly");
      return commit(unit);
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

  it("runs a board whose fields are named like Object.prototype members: they are fields like any other", async () => {
    const names = ["__proto__", "constructor", "toString", "valueOf", "hasOwnProperty"];
    const extra = names.map((name) => ({ name, type: "string" as const }));
    const board = orderFlowTemplate();
    const nodes = board.nodes.map((n) =>
      (n.kind === "command" || n.kind === "event") && (n.id === "cmd-place-order" || n.id === "evt-order-placed")
        ? { ...n, payload: [...n.payload, ...extra] }
        : n.kind === "readModel" && n.id === "rm-order-view"
          ? { ...n, fields: [...n.fields, ...extra] }
          : n,
    );
    const { summary, runtime, handle } = await run({ ...board, nodes }, { count: 3, concurrency: 2, seed: 4 });
    invariantsOk(summary);
    const events = (await runtime.store.events.readAll({ runId: handle.runId, limit: 10_000 })).events;
    const placed = events.find((e) => e.type === "order.placed")!;
    for (const name of names) expect(Object.hasOwn(placed.data as object, name), name).toBe(true);
    const rows = await runtime.store.readModelRows(handle.runId, "OrderView");
    expect(rows).toHaveLength(3);
    for (const row of rows) for (const name of names) expect(typeof row.data[name], `${row.rowId} ${name}`).toBe("string");
  });

  it("keeps at most 64 × concurrency flows unfinished (here 2 × 2): entry commands wait for the sagas; a stop leaves only those to finish", async () => {
    const time = virtualTime();
    const runtime = createMemoryRuntime({ ...time, ids: countingIds(), random: () => 0.5, options: { openFlowsPerConcurrency: 2, statusMs: 10 } });
    // Slow payments: sagas take far longer than their entry commands.
    const handle = await runtime.simulator.start(orderFlowTemplate(), { count: 40, concurrency: 2, seed: 1, faults: [{ target: "PaymentService", mode: "latency", value: 500 }] });
    let open = 0;
    let stopped = false;
    handle.watch((event) => {
      if (event.type !== "status") return;
      open = Math.max(open, event.counters.instances.issued - event.counters.instances.finished);
      if (!stopped && event.counters.instances.finished >= 6) {
        stopped = true;
        handle.stop();
      }
    });
    const result = await handle.done;
    expect(open).toBeGreaterThan(0);
    expect(open).toBeLessThanOrEqual(4);
    expect(result.status).toBe("stopped");
    expect(result.summary!.sagas.started).toBeLessThanOrEqual(6 + 4 + 2);
    invariantsOk(result.summary!);
  });

  it(`drives at most MAX_ACTIVE_RUNS runs at once: one more is refused (too_many_runs) until one ends`, { timeout: 30_000 }, async () => {
    const runtime = memoryRuntime();
    const slow = { count: 100_000, concurrency: 1, seed: 1, faults: [{ target: "PaymentService", mode: "latency", value: 1000 }] };
    const handles = [];
    for (let i = 0; i < MAX_ACTIVE_RUNS; i++) handles.push(await runtime.simulator.start(orderFlowTemplate(), slow));
    const before = (await runtime.store.listRuns({ limit: 100 })).length;
    await expect(runtime.simulator.start(orderFlowTemplate(), slow)).rejects.toMatchObject({ code: "too_many_runs" });
    expect((await runtime.store.listRuns({ limit: 100 })).length).toBe(before);
    handles[0]!.stop();
    await handles[0]!.done;
    const next = await runtime.simulator.start(orderFlowTemplate(), slow);
    for (const handle of [...handles.slice(1), next]) handle.stop();
    await Promise.all([...handles, next].map((h) => h.done));
  });

  it("refuses a bad request before storing anything", async () => {
    const runtime = memoryRuntime();
    await expect(runtime.simulator.start(orderFlowTemplate(), { count: 0 })).rejects.toMatchObject({ code: "invalid_scenario" });
    expect(await runtime.store.listRuns()).toEqual([]);
  });
});

describe("sagas orchestrated over the broker (schema v2)", () => {
  /** A saga stream's records and commands, as `type stepIndex` (step numbers 1-based), without the start. */
  async function history(runtime: ReturnType<typeof memoryRuntime>, runId: string) {
    const saga = (await runtime.store.events.listStreams({ runId })).find((s) => s.streamType === "saga")!;
    const events = await runtime.store.events.readStream(saga.streamId);
    return events.slice(1).map((e) => {
      const meta = e.metadata as { messageKind?: string; saga?: { stepIndex: number; role: string; attempt: number } };
      if (meta.messageKind === "command") return `send ${e.type} ${meta.saga!.stepIndex + 1}${meta.saga!.role === "compensation" ? " undo" : ""}${meta.saga!.attempt > 1 ? ` #${meta.saga!.attempt}` : ""}`;
      const step = (e.data as { stepIndex?: number }).stepIndex;
      return `${e.type.replace("sim.saga.", "")}${step === undefined ? "" : ` ${step + 1}`}`;
    });
  }

  it("a step fault fails that step only: Kitchen runs steps 2 and 4, and only step 4 fails; later steps never run", async () => {
    const { runtime, handle, summary, spans } = await run(createOrderSagaTemplate(), { count: 3, seed: 1, faults: [{ target: "CreateOrderSaga#4", mode: "fail" }] });
    invariantsOk(summary);
    // ApproveTicket has no refusal: the failure breaks Kitchen's handling, the broker gives up, the
    // saga is told and sends the retriable step again until its sends run out: failed, not compensated.
    expect(summary.sagas).toEqual({ started: 3, completed: 0, compensated: 0, failed: 3 });
    expect(await history(runtime, handle.runId)).toEqual([
      "send VerifyConsumer 1", "step-completed 1",
      "send CreateTicket 2", "step-completed 2",
      "send AuthorizeCard 3", "step-completed 3",
      "send ApproveTicket 4", "attempt-failed 4",
      "send ApproveTicket 4 #2", "attempt-failed 4",
      "send ApproveTicket 4 #3", "attempt-failed 4",
      "send ApproveTicket 4 #4", "attempt-failed 4",
      "send ApproveTicket 4 #5", "step-failed 4",
      "ended", "order.rejected",
    ]);
    const kitchen = spans.filter((s) => s.kind === "deliver" && s.attributes.group === "kitchen-service");
    expect(kitchen.filter((s) => s.attributes.eventType === "CreateTicket").every((s) => s.status === "ok")).toBe(true);
    expect(kitchen.filter((s) => s.attributes.eventType === "ApproveTicket").every((s) => s.status === "error")).toBe(true);
    expect(spans.some((s) => s.attributes.eventType === "ApproveOrder")).toBe(false);
    // Every send was dead-lettered in Kitchen's own queue, each telling the saga.
    const letters = await runtime.store.listDeadLetters(handle.runId);
    expect(letters).toHaveLength(3 * 5);
    expect(new Set(letters.map((l) => l.consumerGroup))).toEqual(new Set(["kitchen-service"]));
    // Each row's error counts attempts as the row does: 5 of each send.
    expect(new Set(letters.map((l) => `${l.attempts} ${l.lastError}`))).toEqual(
      new Set(["5 injected fault CreateOrderSaga#4:fail (attempt 5)", ...[2, 3, 4, 5].map((n) => `5 injected fault CreateOrderSaga#4:fail (attempt 5 of send ${n})`)]),
    );
    expect(summary.messages.notices).toBe(15);
  });

  it("a refusal compensates the compensable steps before it, in reverse, and nothing after it runs", async () => {
    const { runtime, handle, summary } = await run(createOrderSagaTemplate(), { count: 2, seed: 1, faults: [{ target: "CreateOrderSaga#3", mode: "fail" }] });
    invariantsOk(summary);
    expect(summary.sagas).toEqual({ started: 2, completed: 0, compensated: 2, failed: 0 });
    expect(await history(runtime, handle.runId)).toEqual([
      "send VerifyConsumer 1", "step-completed 1",
      "send CreateTicket 2", "step-completed 2",
      "send AuthorizeCard 3", "step-failed 3",
      "send RejectTicket 2 undo", "step-compensated 2",
      "send ReleaseConsumerHold 1 undo", "step-compensated 1",
      "ended", "order.rejected",
    ]);
    const failed = (await runtime.store.events.readAll({ runId: handle.runId, limit: 1000 })).events.find((e) => e.type === "sim.saga.step-failed")!;
    expect(failed.data).toMatchObject({ reason: "reply", error: expect.stringContaining("Accounting Service refused: injected fault CreateOrderSaga#3:fail") });
  });

  it("a timeout compensates too: a reply later than the step's timeout, in design time, whatever the time scale", async () => {
    for (const timeScale of [1, 0]) {
      const { runtime, handle, summary } = await run(orderFlowTemplate(), { count: 2, seed: 1, timeScale, faults: [{ target: "OrderSaga#2", mode: "latency", value: 12_000 }] });
      invariantsOk(summary);
      expect(summary.sagas).toMatchObject({ compensated: 2 });
      const failed = (await runtime.store.events.readAll({ runId: handle.runId, limit: 1000 })).events.find((e) => e.type === "sim.saga.step-failed")!;
      expect(failed.data).toMatchObject({ stepIndex: 1, reason: "timeout", error: "no reply within 10000 ms (the participant took 12000 ms)" });
      // ChargePayment timed out: it may have been done (here it was, late), so it is refunded before the reservation is released.
      expect(await history(runtime, handle.runId)).toEqual([
        "send ReserveInventory 1", "step-completed 1",
        "send ChargePayment 2", "step-failed 2",
        "send RefundPayment 2 undo", "step-compensated 2",
        "send ReleaseInventory 1 undo", "step-compensated 1",
        "ended", "order.failed",
      ]);
    }
    // Within the timeout the same latency is only slow.
    const within = await run(orderFlowTemplate(), { count: 2, seed: 1, timeScale: 0, faults: [{ target: "OrderSaga#2", mode: "latency", value: 9_000 }] });
    expect(within.summary.sagas).toMatchObject({ completed: 2 });
  });

  it("a compensation that still fails after its retries ends the saga failed, its command in the participant's DLQ", async () => {
    const faults = [
      { target: "OrderSaga#3", mode: "fail" },
      { target: "OrderSaga#2/compensation", mode: "fail" },
    ];
    const { runtime, handle, summary, spans } = await run(orderFlowTemplate(), { count: 2, seed: 1, faults });
    invariantsOk(summary);
    expect(summary.sagas).toEqual({ started: 2, completed: 0, compensated: 0, failed: 2 });
    expect(await history(runtime, handle.runId)).toEqual([
      "send ReserveInventory 1", "step-completed 1",
      "send ChargePayment 2", "step-completed 2",
      "send ConfirmOrder 3", "step-failed 3",
      "send RefundPayment 2 undo", "compensation-failed 2",
      "ended", "order.failed",
    ]);
    const letters = await runtime.store.listDeadLetters(handle.runId);
    expect(letters.map((l) => [l.consumerGroup, l.message.eventType, l.attempts])).toEqual([
      ["payment-service", "RefundPayment", 5],
      ["payment-service", "RefundPayment", 5],
    ]);
    const ended = (await runtime.store.events.readAll({ runId: handle.runId, limit: 1000 })).events.find((e) => e.type === "order.failed")!;
    expect((ended.data as { reason: string }).reason).toMatch(/then compensating step 2 failed: RefundPayment was dead-lettered by payment-service/);
    // The saga was told by the notice the documents list on its reply channel, with the fields they list.
    const notices = (await runtime.store.events.readAll({ runId: handle.runId, limit: 1000 })).events.filter((e) => e.type === DEAD_LETTER_NOTICE.type);
    expect(notices).toHaveLength(2);
    for (const notice of notices) expect(Object.keys(notice.data as object)).toEqual(DEAD_LETTER_NOTICE.payload.map((f) => f.name));
    expect(deriveTopology(orderFlowTemplate()).channels.find((c) => c.name === "order-saga.replies")?.messages.map((m) => m.type)).toContain(notices[0]!.type);
    // The saga sticky shows the failed step and the failed compensation.
    const graph = summary.graph.nodes["saga-order"]!;
    expect(graph.steps).toMatchObject({ 0: { completed: 2 }, 1: { completed: 2, compensationFailed: 2 }, 2: { failed: 2 } });
    expect(graph.sagas).toEqual({ completed: 0, compensated: 0, failed: 2 });
    expect(spans.filter((s) => s.kind === "dead-letter").every((s) => s.attributes.group === "payment-service" && s.attributes.dlq === "payment-service.dlq")).toBe(true);
  });

  it("a failed compensation replayed from the DLQ finishes its saga: compensated, the summary and graph say so, OrderFailed told once", async () => {
    const faults = [
      { target: "OrderSaga#3", mode: "fail" },
      { target: "OrderSaga#2/compensation", mode: "fail" },
    ];
    const { runtime, handle, summary } = await run(orderFlowTemplate(), { count: 2, seed: 1, faults });
    expect(summary.sagas).toMatchObject({ compensated: 0, failed: 2 });
    const [letter] = await runtime.store.listDeadLetters(handle.runId);
    const report = await runtime.simulator.replayDeadLetter(handle.runId, letter!.messageId);
    expect(report.results).toEqual([{ consumerGroup: "payment-service", status: "ok", error: null }]);

    const record = (await runtime.store.getRun(handle.runId))!;
    expect(record.summary!.sagas).toMatchObject({ compensated: 1, failed: 1 });
    expect(record.counters.sagas).toMatchObject({ compensated: 1, failed: 1 });
    for (const invariant of record.summary!.invariants) expect(invariant, `${invariant.name}: ${invariant.detail}`).toMatchObject({ ok: true });
    // The stored graph is the fold of every stored span, the replay's included: what the canvas draws.
    const spans = await runtime.store.readSpans(handle.runId, 0, 100_000);
    const fold = new RunGraphFold();
    fold.apply(spans);
    expect(record.summary!.graph).toEqual(fold.snapshot());
    expect(record.summary!.graph.nodes["saga-order"]?.sagas).toEqual({ completed: 0, compensated: 1, failed: 1 });
    expect(record.summary!.graph.nodes["saga-order"]?.steps?.[1]).toMatchObject({ compensated: 1, compensationFailed: 1 });
    // The reopened saga undid step 1 too, and did not tell the board twice that the order failed.
    const events = (await runtime.store.events.readAll({ runId: handle.runId, limit: 1000 })).events;
    expect(events.filter((e) => e.type === "order.failed")).toHaveLength(2);
    expect(events.filter((e) => e.type === "ReleaseInventory")).toHaveLength(1);
  });

  it("a retriable step is sent again after its dead letter and completes once its transient fault is over", async () => {
    // 5 attempts a send: the first send's 5 attempts fail, the second's 6th and 7th, its 8th succeeds.
    const { runtime, handle, summary } = await run(createOrderSagaTemplate(), { count: 2, seed: 1, faults: [{ target: "CreateOrderSaga#4", mode: "transient", value: 7 }] });
    invariantsOk(summary);
    expect(summary.sagas).toEqual({ started: 2, completed: 2, compensated: 0, failed: 0 });
    expect(await history(runtime, handle.runId)).toContain("send ApproveTicket 4 #2");
    // Per saga: 4 + 2 broker retries, and the saga's own resend.
    expect(summary.events.retried).toBe(2 * (4 + 2 + 1));
    expect(summary.events.deadLettered).toBe(2);
  });

  it("draws the run on the board: counts per sticky and edge that the summary's retries and dead letters sum to", async () => {
    const faults = [
      { target: "EmailService", mode: "transient", value: 2 },
      { target: "AnalyticsService", mode: "fail" },
      { target: "OrderSaga#2", mode: "fail" },
    ];
    const { summary } = await run(withDelivery(orderFlowTemplate(), { maxAttempts: 3 }), { count: 10, seed: 4, duplicateRate: 0.5, faults });
    invariantsOk(summary);
    const { nodes, edges } = summary.graph;
    expect(graphTotals(summary.graph)).toEqual({ retried: summary.events.retried, deadLettered: summary.events.deadLettered });
    // Each attempt counts, duplicate copies' attempts too (a copy is tried like the original).
    expect(summary.events.retried).toBeGreaterThanOrEqual(10 * 2 + 10 * 2);
    // Distinct messages, however many copies and attempts: 10 orders, each placed once.
    expect(nodes["cmd-place-order"]).toMatchObject({ received: 10, handled: 10 });
    expect(edges["e-customer-place"]).toEqual({ messages: 10 });
    expect(nodes["evt-order-placed"]).toMatchObject({ received: 10, handled: 10 });
    const email = nodes["svc-email-confirm"]!;
    expect(email).toMatchObject({ received: 10, handled: 10, deadLettered: 0 });
    expect(email.failed).toBe(email.retried);
    const analytics = nodes["svc-analytics"]!;
    expect(analytics).toMatchObject({ received: 10, handled: 0, deadLettered: 10 });
    // Three attempts a delivery, two waits between them.
    expect(analytics.failed * 2).toBe(analytics.retried * 3);
    // The saga takes 10 starts and, per saga, the two replies and the compensation's reply.
    expect(nodes["saga-order"]).toMatchObject({ received: 10 * 4, handled: 10 * 4, sagas: { completed: 0, compensated: 10, failed: 0 } });
    expect(nodes["saga-order"]!.steps).toEqual({
      0: { completed: 10, failed: 0, compensated: 10, compensationFailed: 0 },
      1: { completed: 0, failed: 10, compensated: 0, compensationFailed: 0 },
    });
    // Commands and replies cross the saga → participant edges; the end events the saga's own edge.
    expect(edges["e-saga-inventory"]).toEqual({ messages: 10 * 4 });
    expect(edges["e-saga-payment"]).toEqual({ messages: 10 * 2 });
    expect(edges["e-saga-failed"]).toEqual({ messages: 10 });
    expect(edges["e-saga-completed"]).toBeUndefined();
    expect(edges["e-placed-saga"]).toEqual({ messages: 10 });
    expect(nodes["svc-inventory"]).toMatchObject({ received: 20, handled: 20 });
  });
});
