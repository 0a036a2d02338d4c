import { describe, expect, it } from "vitest";
import { orderFlowTemplate } from "../model/template";
import { createMemoryRuntime } from "../runtime/runtime";
import { countingIds, virtualTime } from "../runtime/testing/virtualTime";
import type { TraceItem } from "../sim/ports/trace";
import { RunPlayback, causalChain } from "./runPlayback";

let seq = 0;
const span = (spanId: string, parent: string | null, kind: TraceItem["kind"], attributes: TraceItem["attributes"], status: TraceItem["status"] = "ok"): TraceItem => ({
  seq: ++seq, traceId: "c1", spanId, parentSpanId: parent, name: spanId, kind, startedAt: 0, endedAt: 1, status, attributes,
});

describe("RunPlayback", () => {
  it("counts distinct messages per sticky and edge, attempts that failed, and keeps untouched entries", () => {
    const p = new RunPlayback();
    const deliver = (id: string, message: string, status: TraceItem["status"] = "ok") =>
      span(id, "pub", "deliver", { nodeId: "svc-email-confirm", edgeId: "e-placed-email", messageId: message, ...(status === "error" ? { error: "boom" } : {}) }, status);
    p.apply([span("cmd", null, "command", { nodeId: "cmd-place-order", edgeId: "e-customer-place", messageId: "c1" }), deliver("d1", "m1", "error")]);
    expect(p.nodes.get("svc-email-confirm")).toMatchObject({ counts: { received: 1, handled: 0, failed: 1 }, lastError: "boom" });
    const before = p.nodes.get("cmd-place-order");
    // A retry of the same message, and a duplicate copy: still one message.
    p.apply([deliver("d2", "m1"), deliver("d3", "m1")]);
    expect(p.nodes.get("svc-email-confirm")?.counts).toMatchObject({ received: 1, handled: 1, failed: 1 });
    expect(p.edges.get("e-placed-email")?.messages).toBe(1);
    expect(p.nodes.get("cmd-place-order")).toBe(before);
  });

  it("counts a span whose parent never arrived, or arrives later", () => {
    const p = new RunPlayback();
    p.apply([span("late-child", "not-yet", "deliver", { nodeId: "saga-order", edgeId: "e-placed-saga", messageId: "m9" })]);
    expect(p.edges.get("e-placed-saga")?.messages).toBe(1);
  });

  it("on a whole run, ends with exactly the graph the simulator reports", async () => {
    const time = virtualTime();
    const runtime = createMemoryRuntime({ ...time, ids: countingIds(), random: () => 0.5 });
    const handle = await runtime.simulator.start(orderFlowTemplate(), { count: 6, seed: 2, duplicateRate: 0.3, faults: [{ target: "OrderSaga#2", mode: "fail" }, { target: "EmailService", mode: "transient", value: 1 }] });
    const result = await handle.done;
    const spans = await runtime.store.readSpans(handle.runId, 0, 100_000);
    const p = new RunPlayback();
    // Streamed in small, uneven batches.
    for (let i = 0; i < spans.length; i += 7) p.apply(spans.slice(i, i + 7));
    const graph = result.summary!.graph;
    expect(Object.fromEntries([...p.nodes].map(([id, a]) => [id, a.counts]))).toEqual(graph.nodes);
    expect(Object.fromEntries([...p.edges].map(([id, a]) => [id, { messages: a.messages }]))).toEqual(graph.edges);
    expect(p.nodes.get("saga-order")?.counts.steps).toMatchObject({ 1: { failed: 6 }, 0: { compensated: 6 } });
  });

  it("walks a span's causal chain up to its root", () => {
    const items = [span("a", null, "command", {}), span("b", "a", "append", {}), span("c", "b", "publish", {})];
    expect(causalChain(items[2]!, new Map(items.map((i) => [i.spanId, i]))).map((s) => s.spanId)).toEqual(["c", "b", "a"]);
  });
});
