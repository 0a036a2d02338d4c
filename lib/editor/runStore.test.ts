import { describe, expect, it } from "vitest";
import { orderFlowTemplate } from "../model/template";
import type { TraceItem } from "../contracts/runs";
import type { RunInfo } from "../contracts/runs";
import { RUN_VIEW_MEMORY, createRunViewStore } from "./runStore";

const span = (seq: number, spanId: string, parent: string | null, nodeId: string): TraceItem => ({
  seq, traceId: "c", spanId, parentSpanId: parent, name: spanId, kind: "handle", startedAt: 0, endedAt: 1, status: "ok", attributes: { nodeId },
});

describe("run view store", () => {
  it("keeps spans once each in seq order and highlights a span's causal path", () => {
    const store = createRunViewStore();
    store.getState().show("r1", orderFlowTemplate());
    const a = span(1, "a", null, "cmd-place-order");
    const b = span(2, "b", "a", "agg-order-place");
    const c = span(3, "c", "b", "evt-order-placed");
    store.getState().receive([a, b]);
    store.getState().receive([b, c]);
    expect(store.getState().items.map((i) => i.seq)).toEqual([1, 2, 3]);
    store.getState().selectSpan("c");
    expect([...store.getState().highlight.nodes].sort()).toEqual(["agg-order-place", "cmd-place-order", "evt-order-placed"]);
    expect([...store.getState().highlight.edges].sort()).toEqual(["e-order-placed", "e-place-order"]);
    store.getState().show("r2", orderFlowTemplate());
    expect(store.getState().items).toEqual([]);
  });

  it("keeps the record of the run on screen only, and forgets it (and the started count) when another run is shown", () => {
    const store = createRunViewStore();
    store.getState().show("r1", orderFlowTemplate(), { count: 30 });
    expect(store.getState().requestedCount).toBe(30);
    const record = { runId: "r1", status: "running" } as RunInfo;
    store.getState().setRecord(record);
    expect(store.getState().record).toBe(record);
    store.getState().setRecord({ runId: "r0", status: "completed" } as RunInfo);
    expect(store.getState().record).toBe(record);
    store.getState().show("r2", orderFlowTemplate());
    expect(store.getState().record).toBeNull();
    expect(store.getState().requestedCount).toBeNull();
  });

  it("owns the panels' per-run memory, bounded, for the life of the board page", () => {
    const store = createRunViewStore();
    const memory = store.getState().memory;
    for (let i = 0; i < RUN_VIEW_MEMORY + 10; i++) memory.set(`events:run-${i}`, i);
    expect(memory.size).toBe(RUN_VIEW_MEMORY);
    expect(memory.get("events:run-0")).toBeUndefined();
    store.getState().show("r1", orderFlowTemplate());
    expect(store.getState().memory).toBe(memory);
  });

  it("keeps the server's reason for a cut-off feed until spans flow again or another run is shown", () => {
    const store = createRunViewStore();
    store.getState().show("r1", orderFlowTemplate());
    store.getState().setNotice("This tab fell too far behind the live feed (slow_consumer)");
    expect(store.getState().notice).toContain("slow_consumer");
    store.getState().receive([]);
    expect(store.getState().notice).not.toBeNull();
    store.getState().receive([span(1, "a", null, "cmd-place-order")]);
    expect(store.getState().notice).toBeNull();
    store.getState().setNotice("again");
    store.getState().show("r2", orderFlowTemplate());
    expect(store.getState().notice).toBeNull();
  });

  it("asks for the run on screen to be read again after it changed (a dead letter replayed), and for no other run", () => {
    const store = createRunViewStore();
    store.getState().show("r1", orderFlowTemplate());
    const before = store.getState().resyncs;
    store.getState().resync("r0");
    expect(store.getState().resyncs).toBe(before);
    store.getState().resync("r1");
    expect(store.getState().resyncs).toBe(before + 1);
  });
});
