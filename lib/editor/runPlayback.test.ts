import { describe, expect, it } from "vitest";
import type { TraceItem } from "../sim/ports/trace";
import { orderFlowTemplate } from "../model/template";
import { RunPlayback, causalChain } from "./runPlayback";

let seq = 0;
const span = (spanId: string, parent: string | null, nodeId: string | null, extra: Partial<TraceItem> = {}): TraceItem => ({
  seq: ++seq, traceId: "c1", spanId, parentSpanId: parent, name: spanId, kind: "handle", startedAt: 0, endedAt: 1, status: "ok",
  attributes: nodeId ? { nodeId } : {}, ...extra,
});

describe("RunPlayback", () => {
  it("counts messages on the edges of the causal chain and activity on stickies", () => {
    const p = new RunPlayback(orderFlowTemplate());
    const items = [
      span("cmd", null, "cmd-place-order", { kind: "command" }),
      span("agg", "cmd", "agg-order-place"),
      span("pub", "agg", "evt-order-placed", { kind: "publish" }),
      span("email", "pub", "svc-email-confirm"),
      span("inv", "pub", "svc-inventory-reserve", { status: "error", attributes: { nodeId: "svc-inventory-reserve", error: "boom" } }),
    ];
    p.apply(items);
    expect(p.edges.get("e-place-order")?.count).toBe(1);
    expect(p.edges.get("e-order-placed")?.count).toBe(1);
    expect(p.edges.get("e-placed-email")?.count).toBe(1);
    expect(p.edges.get("e-placed-inventory")?.count).toBe(1);
    expect(p.nodes.get("svc-inventory-reserve")).toMatchObject({ handled: 1, errors: 1, lastError: "boom" });
    const before = p.nodes;
    p.apply([span("email2", "pub", "svc-email-confirm")]);
    expect(p.nodes.get("svc-email-confirm")?.handled).toBe(2);
    expect(p.nodes.get("svc-inventory-reserve")).toBe(before.get("svc-inventory-reserve"));
    // A span on no sticky (a delivery) between cause and effect still counts on the edge.
    p.apply([span("deliver", "pub", null, { kind: "deliver" }), span("analytics", "deliver", "svc-analytics")]);
    expect(p.edges.get("e-placed-analytics")?.count).toBe(1);
    const bySpan = new Map(items.map((i) => [i.spanId, i]));
    expect(causalChain(items[4]!, bySpan).map((s) => s.spanId)).toEqual(["inv", "pub", "agg", "cmd"]);
  });

  it("records a saga's compensations in the order they ran", () => {
    const p = new RunPlayback(orderFlowTemplate());
    const step = (i: number, kind: "saga-step" | "compensation", status: "ok" | "error" = "ok") =>
      span(`${kind}${i}${seq}`, null, "saga-order", { kind, status, attributes: { nodeId: "saga-order", stepIndex: i } });
    p.apply([step(0, "saga-step"), step(1, "saga-step"), step(2, "saga-step", "error"), step(1, "compensation"), step(0, "compensation")]);
    expect(p.nodes.get("saga-order")).toMatchObject({ completedSteps: [0, 1], compensated: [1, 0], errors: 1 });
  });
});
