import { describe, expect, it } from "vitest";
import type { RunEvent } from "../sim/run/simulator";
import type { TraceItem } from "../sim/ports/trace";
import type { RunStatusMessage } from "./protocol";
import type { RunFeed } from "./runFeed";
import { RunSubscription } from "./runSubscription";

const span = (seq: number): TraceItem => ({
  seq, traceId: "t", spanId: `s${seq}`, parentSpanId: null, name: "x", kind: "handle", startedAt: seq, endedAt: seq + 1, status: "ok", attributes: {},
});
const counters = { instances: { issued: 0, finished: 0 }, commands: { handled: 0, rejected: 0 }, sagas: { started: 0, completed: 0, compensated: 0, failed: 0 }, events: { appended: 0, published: 0, delivered: 0, duplicatesSkipped: 0, retried: 0, deadLettered: 0 }, concurrencyConflicts: 0, spans: 0 };

/** A feed whose store and live listeners the test drives: spans are "stored" before they are announced. */
function fakeFeed() {
  const stored: TraceItem[] = [];
  const listeners = new Set<(e: RunEvent) => void>();
  let status: RunStatusMessage = { runId: "r", status: "running", counters, summary: null };
  const feed: RunFeed = {
    status: async () => status,
    readTrace: async (_r, after, limit) => stored.filter((s) => s.seq > after).slice(0, limit),
    watch: (_r, l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
  return {
    feed,
    store(from: number, to: number, announce = true) {
      const items = Array.from({ length: to - from + 1 }, (_, i) => span(from + i));
      stored.push(...items);
      if (announce) for (const l of listeners) l({ type: "trace", runId: "r", items });
    },
    progress(next: typeof counters) {
      status = { ...status, counters: next };
      for (const l of listeners) l({ type: "status", runId: "r", status: "running", counters: next, summary: null });
    },
    finish() {
      status = { ...status, status: "completed", counters };
      for (const l of listeners) l({ type: "status", runId: "r", status: "completed", counters, summary: null });
    },
  };
}

const settle = () => new Promise((r) => setTimeout(r, 40));

describe("RunSubscription", () => {
  it("sends the backlog after the client's seq, then live spans, each seq exactly once", async () => {
    const f = fakeFeed();
    f.store(1, 10);
    const got: number[] = [];
    const statuses: string[] = [];
    const sub = new RunSubscription(f.feed, "r", 4, { trace: (m) => got.push(...m.items.map((i) => i.seq)), status: (m) => statuses.push(m.status), error: (e) => { throw new Error(e); } }, { coalesceMs: 5, pageSize: 3 });
    await sub.start({ runId: "r", status: "running", counters, summary: null });
    f.store(11, 20);
    f.store(21, 22);
    await settle();
    f.finish();
    await settle();
    expect(got).toEqual(Array.from({ length: 18 }, (_, i) => i + 5));
    expect(statuses.at(-1)).toBe("completed");
    sub.close();
  });

  it("while a backlog drains, the run's newer counters still go out (at most every statusEveryMs); the final status only after the spans", async () => {
    const f = fakeFeed();
    f.store(1, 30);
    const log: string[] = [];
    let clock = 0;
    const moved = { ...counters, instances: { issued: 9, finished: 7 } };
    const sub = new RunSubscription(
      f.feed,
      "r",
      0,
      {
        trace: (m) => {
          // A slow client: each page takes 100 ms; the run moves on meanwhile.
          clock += 100;
          const last = m.items.at(-1)!.seq;
          log.push(`trace ${last}`);
          if (last === 9) f.progress(moved);
        },
        status: (m) => log.push(`status ${m.status} ${m.counters.instances.finished}`),
        error: (e) => {
          throw new Error(e);
        },
      },
      { coalesceMs: 5, pageSize: 3, statusEveryMs: 250, now: () => clock },
    );
    await sub.start({ runId: "r", status: "running", counters, summary: null });
    await settle();
    f.finish();
    await settle();
    sub.close();
    const at = (entry: string) => log.indexOf(entry);
    // The newer counters went out while pages were still going (not only once all 30 spans were sent).
    expect(at("status running 7")).toBeGreaterThan(-1);
    expect(at("status running 7")).toBeLessThan(at("trace 30"));
    // Not after every page: at most one status per 250 ms of the clock (each page is 100 ms).
    const midDrain = log.slice(0, at("trace 30")).filter((l) => l.startsWith("status"));
    expect(midDrain.length).toBeLessThanOrEqual(Math.ceil((10 * 100) / 250));
    // The final status after every span.
    expect(at("status completed 0")).toBeGreaterThan(at("trace 30"));
  });

  it("fills a gap from the store instead of skipping it", async () => {
    const f = fakeFeed();
    const got: number[] = [];
    const sub = new RunSubscription(f.feed, "r", 0, { trace: (m) => got.push(...m.items.map((i) => i.seq)), status: () => undefined, error: () => undefined }, { coalesceMs: 5 });
    await sub.start({ runId: "r", status: "running", counters, summary: null });
    f.store(1, 5, false); // stored, never announced to this subscriber
    f.store(6, 8);
    await settle();
    expect(got).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    sub.close();
  });

  it("holds live spans that are ahead of the store until the store fills the gap", async () => {
    const f = fakeFeed();
    const got: number[] = [];
    const live = new Set<(e: RunEvent) => void>();
    const feed: RunFeed = { ...f.feed, watch: (_r, l) => (live.add(l), () => live.delete(l)) };
    const sub = new RunSubscription(feed, "r", 0, { trace: (m) => got.push(...m.items.map((i) => i.seq)), status: () => undefined, error: () => undefined }, { coalesceMs: 5 });
    await sub.start({ runId: "r", status: "running", counters, summary: null });
    // Spans 1-3 were recorded before we subscribed and are not stored yet; 4-5 arrive live.
    for (const l of live) l({ type: "trace", runId: "r", items: [span(4), span(5)] });
    await settle();
    expect(got).toEqual([]);
    f.store(1, 5, false);
    await settle();
    expect(got).toEqual([1, 2, 3, 4, 5]);
    sub.close();
  });

  it("polls the store for a run driven elsewhere until it ends", async () => {
    const f = fakeFeed();
    const feed: RunFeed = { ...f.feed, watch: () => null };
    const got: number[] = [];
    const sub = new RunSubscription(feed, "r", 0, { trace: (m) => got.push(...m.items.map((i) => i.seq)), status: () => undefined, error: () => undefined }, { pollMs: 10 });
    await sub.start({ runId: "r", status: "running", counters, summary: null });
    f.store(1, 3, false);
    await settle();
    f.store(4, 4, false);
    await settle();
    expect(got).toEqual([1, 2, 3, 4]);
    sub.close();
  });

  it("closed while reading its status: the set-up ends closed, sends nothing and subscribes to nothing", async () => {
    const f = fakeFeed();
    f.store(1, 10);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let watched = 0;
    const feed: RunFeed = { ...f.feed, status: async (r) => (await held, f.feed.status(r)), watch: (r, l) => (watched++, f.feed.watch(r, l)) };
    const sent: string[] = [];
    const sub = new RunSubscription(feed, "r", 0, { trace: () => sent.push("trace"), status: () => sent.push("status"), error: (e) => sent.push(e) });
    const started = sub.start();
    sub.close();
    release();
    expect(await started).toBe("closed");
    await settle();
    expect(sent).toEqual([]);
    expect(watched).toBe(0);
  });

  it("closed while a page read is in flight: the page is dropped", async () => {
    const f = fakeFeed();
    f.store(1, 10);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const feed: RunFeed = { ...f.feed, readTrace: async (...args) => (await held, f.feed.readTrace(...args)) };
    const got: number[] = [];
    const sub = new RunSubscription(feed, "r", 0, { trace: (m) => got.push(...m.items.map((i) => i.seq)), status: () => undefined, error: () => undefined });
    const started = sub.start({ runId: "r", status: "completed", counters, summary: null });
    await settle();
    sub.close();
    release();
    expect(await started).toBe("closed");
    expect(got).toEqual([]);
  });

  it("a client that cannot take live spans holds at most maxLive of them, and still gets every seq from the store", async () => {
    const f = fakeFeed();
    let open!: () => void;
    let blocked = true;
    const gate = {
      read: <T,>(read: () => Promise<T>) => read(),
      // The client's buffer is full until the test opens it.
      writable: () => (blocked ? new Promise<void>((r) => (open = () => ((blocked = false), r()))) : Promise.resolve()),
      wrote: () => undefined,
    };
    const got: number[] = [];
    const sub = new RunSubscription(f.feed, "r", 0, { trace: (m) => got.push(...m.items.map((i) => i.seq)), status: () => undefined, error: () => undefined }, { coalesceMs: 5, maxLive: 50, gate });
    void sub.start({ runId: "r", status: "running", counters, summary: null });
    for (let i = 0; i < 10; i++) {
      f.store(i * 30 + 1, i * 30 + 30);
      expect((sub as unknown as { live: unknown[] }).live.length).toBeLessThanOrEqual(50);
    }
    await settle();
    expect(got).toEqual([]);
    open();
    await settle();
    f.finish();
    await settle();
    expect(got).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    sub.close();
  });
});
