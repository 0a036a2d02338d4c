import { describe, expect, it } from "vitest";
import type { SpanKind, TraceItem } from "@/lib/contracts/runs";
import {
  CausalOrderCache,
  MIN_BAR_PERCENT,
  TraceIndex,
  barGeometry,
  causalOrder,
  expandGroup,
  flattenRows,
  isCollapsed,
  messageSource,
  spanTone,
  toggleGroup,
  WaterfallLayout,
  rowRef,
  type CollapseState,
} from "./waterfall";

let seq = 0;
function span(traceId: string, spanId: string, parentSpanId: string | null, startedAt: number, endedAt: number, more: Partial<TraceItem> = {}): TraceItem {
  seq++;
  return {
    seq,
    traceId,
    spanId,
    parentSpanId,
    name: spanId,
    kind: (more.kind ?? "handle") as SpanKind,
    startedAt,
    endedAt,
    status: "ok",
    attributes: { correlationId: traceId },
    ...more,
  };
}

const OPEN: CollapseState = { allCollapsed: false, toggled: new Set() };

describe("TraceIndex", () => {
  it("groups spans by trace, newest correlation first, with bounds and counts", () => {
    seq = 0;
    const items = [
      span("t1", "a", null, 10, 50, { kind: "command" }),
      span("t2", "x", null, 20, 30, { kind: "command" }),
      span("t1", "b", "a", 5, 60, { status: "error" }),
      span("t1", "c", "b", 40, 45, { kind: "compensation" }),
    ];
    const index = new TraceIndex();
    expect(index.sync(items)).toBe(true);
    expect(index.ordered().map((g) => g.traceId)).toEqual(["t2", "t1"]);
    const t1 = index.groups.get("t1")!;
    expect([t1.start, t1.end, t1.errors, t1.compensations, t1.root?.spanId, t1.firstSeq]).toEqual([5, 60, 1, 1, "a", 1]);
  });

  it("counts a failed attempt once: its delivery and its handling both end in error", () => {
    seq = 0;
    const attempt = (n: number) => ({ correlationId: "t1", messageId: "m1", group: "email-service", attempt: n });
    const items = [
      span("t1", "a", null, 0, 1, { kind: "command" }),
      span("t1", "d1", "a", 1, 2, { kind: "deliver", status: "error", attributes: attempt(1) }),
      span("t1", "h1", "d1", 1, 2, { kind: "handle", status: "error", attributes: attempt(1) }),
      span("t1", "d2", "a", 2, 3, { kind: "deliver", status: "error", attributes: attempt(2) }),
      span("t1", "h2", "d2", 2, 3, { kind: "handle", status: "error", attributes: attempt(2) }),
      span("t1", "s", "a", 3, 4, { kind: "saga-step", status: "error" }),
    ];
    const index = new TraceIndex();
    index.sync(items);
    expect(index.groups.get("t1")?.errors).toBe(3);
  });

  it("folds in only what is new, and starts over for another run", () => {
    seq = 0;
    const first = [span("t1", "a", null, 0, 1)];
    const index = new TraceIndex();
    index.sync(first);
    const v = index.version;
    expect(index.sync(first)).toBe(false);
    expect(index.version).toBe(v);
    const more = first.concat([span("t1", "b", "a", 1, 2), span("t3", "z", null, 3, 4)]);
    expect(index.sync(more)).toBe(true);
    expect(index.groups.get("t1")!.spans).toHaveLength(2);
    expect(index.ordered().map((g) => g.traceId)).toEqual(["t3", "t1"]);

    seq = 0;
    const other = [span("u1", "q", null, 0, 1)];
    index.sync(other);
    expect([...index.groups.keys()]).toEqual(["u1"]);
    index.sync([]);
    expect(index.groups.size).toBe(0);
  });
});

describe("causalOrder", () => {
  it("walks the tree depth-first, siblings by start time", () => {
    seq = 0;
    const spans = [
      span("t", "pub2", "app", 30, 31),
      span("t", "app", "cmd", 10, 20),
      span("t", "pub1", "app", 21, 22),
      span("t", "del1", "pub1", 23, 25),
      span("t", "cmd", null, 0, 40),
    ];
    expect(causalOrder(spans).map((o) => `${o.depth}:${o.span.spanId}`)).toEqual(["0:cmd", "1:app", "2:pub1", "3:del1", "2:pub2"]);
  });

  it("treats a span whose parent has not arrived as a root", () => {
    seq = 0;
    const spans = [span("t", "late", "missing", 5, 6), span("t", "root", null, 0, 10)];
    expect(causalOrder(spans).map((o) => `${o.depth}:${o.span.spanId}`)).toEqual(["0:root", "0:late"]);
  });

  it("keeps every span even with a cycle of parent links", () => {
    seq = 0;
    const spans = [span("t", "a", "b", 0, 1), span("t", "b", "a", 1, 2), span("t", "self", "self", 2, 3)];
    const out = causalOrder(spans);
    expect(out.map((o) => o.span.spanId).sort()).toEqual(["a", "b", "self"]);
  });

  it("handles a deep chain without recursion", () => {
    seq = 0;
    const spans = [span("t", "s0", null, 0, 1)];
    for (let i = 1; i < 20_000; i++) spans.push(span("t", `s${i}`, `s${i - 1}`, i, i + 1));
    const out = causalOrder(spans);
    expect(out).toHaveLength(20_000);
    expect(out[19_999]!.depth).toBe(19_999);
  });

  it("is cached per group until the group grows", () => {
    seq = 0;
    const index = new TraceIndex();
    const items = [span("t", "a", null, 0, 1)];
    index.sync(items);
    const cache = new CausalOrderCache();
    const g = index.groups.get("t")!;
    const first = cache.of(g);
    expect(cache.of(g)).toBe(first);
    index.sync(items.concat([span("t", "b", "a", 1, 2)]));
    expect(cache.of(g)).not.toBe(first);
    expect(cache.of(g)).toHaveLength(2);
  });
});

describe("rows", () => {
  seq = 0;
  const items = [span("t1", "a", null, 0, 10), span("t1", "b", "a", 1, 2), span("t2", "c", null, 5, 6, { status: "error" })];
  const index = new TraceIndex();
  index.sync(items);
  const cache = new CausalOrderCache();
  const order = (g: Parameters<typeof cache.of>[0]) => cache.of(g);

  it("lists each group's header and its spans", () => {
    const rows = flattenRows(index.ordered(), OPEN, order);
    expect(rows.map((r) => (r.type === "group" ? `G${r.group.traceId}` : r.span.spanId))).toEqual(["Gt2", "c", "Gt1", "a", "b"]);
  });

  it("collapses groups one by one or all at once", () => {
    const one = toggleGroup(OPEN, "t1");
    expect(flattenRows(index.ordered(), one, order)).toHaveLength(3);
    expect(isCollapsed(toggleGroup(one, "t1"), "t1")).toBe(false);
    const all: CollapseState = { allCollapsed: true, toggled: new Set() };
    expect(flattenRows(index.ordered(), all, order).map((r) => r.type)).toEqual(["group", "group"]);
    const opened = expandGroup(all, "t2");
    expect(isCollapsed(opened, "t2")).toBe(false);
    expect(expandGroup(opened, "t2")).toBe(opened);
  });

  it("lays out the same rows as flattening, without building them", () => {
    for (const collapse of [OPEN, toggleGroup(OPEN, "t2"), toggleGroup(OPEN, "t1"), { allCollapsed: true, toggled: new Set<string>() }]) {
      for (const filter of [undefined, (g: { errors: number }) => g.errors > 0]) {
        const flat = flattenRows(index.ordered(), collapse, order, filter);
        const layout = new WaterfallLayout(index.ordered(), collapse, order, filter);
        expect(layout.count).toBe(flat.length);
        expect(layout.slice(0, layout.count)).toEqual(flat);
        flat.forEach((r, i) => expect(layout.indexOf(rowRef(r))).toBe(i));
      }
    }
    const layout = new WaterfallLayout(index.ordered(), toggleGroup(OPEN, "t1"), order);
    expect(layout.indexOf({ traceId: "t1", spanId: "b" })).toBe(-1);
    expect(layout.indexOf({ traceId: "nope", spanId: null })).toBe(-1);
    expect(() => layout.row(layout.count)).toThrow(RangeError);
    expect(layout.slice(-5, 99)).toHaveLength(layout.count);
  });

  it("asks for a group's causal order only when one of its span rows is read", () => {
    const asked: string[] = [];
    const layout = new WaterfallLayout(index.ordered(), OPEN, (g) => {
      asked.push(g.traceId);
      return cache.of(g);
    });
    expect(layout.count).toBe(5);
    layout.row(0);
    layout.row(2);
    expect(asked).toEqual([]);
    layout.row(3);
    expect(asked).toEqual(["t1"]);
  });

  it("filters groups", () => {
    const rows = flattenRows(index.ordered(), OPEN, order, (g) => g.errors > 0);
    expect(rows.map((r) => r.type)).toEqual(["group", "span"]);
  });
});

describe("barGeometry", () => {
  it("places a bar relative to the group's start and duration", () => {
    expect(barGeometry(125, 150, 100, 200)).toEqual({ left: 25, width: 25 });
    expect(barGeometry(100, 200, 100, 200)).toEqual({ left: 0, width: 100 });
  });
  it("gives an instant span a visible tick, kept inside the track", () => {
    expect(barGeometry(150, 150, 100, 200)).toEqual({ left: 50, width: MIN_BAR_PERCENT });
    expect(barGeometry(200, 200, 100, 200)).toEqual({ left: 100 - MIN_BAR_PERCENT, width: MIN_BAR_PERCENT });
  });
  it("fills the track when the group has no duration", () => {
    expect(barGeometry(5, 5, 5, 5)).toEqual({ left: 0, width: 100 });
  });
  it("clamps spans outside the group and an end before the start", () => {
    expect(barGeometry(50, 300, 100, 200)).toEqual({ left: 0, width: 100 });
    const g = barGeometry(150, 140, 100, 200);
    expect(g.left).toBe(50);
    expect(g.width).toBe(MIN_BAR_PERCENT);
  });
});

describe("spanTone", () => {
  it("colours by status and kind", () => {
    expect(spanTone({ kind: "handle", status: "ok" })).toBe("ok");
    expect(spanTone({ kind: "handle", status: "error" })).toBe("error");
    expect(spanTone({ kind: "compensation", status: "ok" })).toBe("compensation");
    expect(spanTone({ kind: "compensation", status: "error" })).toBe("error");
    expect(spanTone({ kind: "retry", status: "ok" })).toBe("retry");
  });
});

describe("messageSource", () => {
  it("finds a delivery's message and the stream its event was appended to", () => {
    seq = 0;
    const app = span("t", "app", "cmd", 0, 1, { kind: "append", attributes: { correlationId: "t", streamId: "Order-1" } });
    const pub = span("t", "pub", "app", 1, 2, { kind: "publish", attributes: { correlationId: "t", messageId: "m1", eventType: "order.placed" } });
    const del = span("t", "del", "pub", 2, 3, { kind: "deliver", attributes: { correlationId: "t", messageId: "m1", eventType: "order.placed" } });
    const handle = span("t", "h", "del", 3, 4, { kind: "projection", attributes: { correlationId: "t" } });
    const by = new Map([app, pub, del, handle].map((s) => [s.spanId, s]));
    expect(messageSource(handle, by)).toEqual({ messageId: "m1", eventType: "order.placed", streamId: "Order-1", carrier: del });
    expect(messageSource(del, by)).toEqual({ messageId: "m1", eventType: "order.placed", streamId: "Order-1", carrier: del });
  });
  it("finds no stream for a command's message, nor when the append has not arrived", () => {
    seq = 0;
    const cmd = span("t", "cmd", null, 0, 1, { kind: "command", attributes: { correlationId: "t", messageId: "c1" } });
    const saga = span("t", "saga", "cmd", 1, 2, { kind: "handle" });
    const bare = span("t", "bare", null, 0, 1, { kind: "projection" });
    const del = span("t", "del", "pub-missing", 2, 3, { kind: "deliver", attributes: { correlationId: "t", messageId: "m2" } });
    const by = new Map([cmd, saga, bare, del].map((s) => [s.spanId, s]));
    expect(messageSource(saga, by)).toEqual({ messageId: "c1", eventType: null, streamId: null, carrier: cmd });
    expect(messageSource(bare, by)).toEqual({ messageId: null, eventType: null, streamId: null, carrier: null });
    expect(messageSource(del, by)).toEqual({ messageId: "m2", eventType: null, streamId: null, carrier: del });
  });
  it("ignores a streamId below the span that carries the message", () => {
    seq = 0;
    const app = span("t", "app2", "del", 0, 1, { kind: "append", attributes: { correlationId: "t", streamId: "Payment-9" } });
    const del = span("t", "del", null, 0, 1, { kind: "deliver", attributes: { correlationId: "t", messageId: "m3" } });
    const by = new Map([app, del].map((s) => [s.spanId, s]));
    expect(messageSource(app, by)).toEqual({ messageId: "m3", eventType: null, streamId: null, carrier: del });
  });
});
