import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { pingDatabase } from "../db/ping";
import { createTestDatabase, type TestDatabase } from "../db/testing/testDatabase";
import { orderFlowTemplate } from "../model/template";
import { createPostgresRuntime, type Runtime } from "../runtime/runtime";
import type { RunRecord } from "../sim/ports/records";
import type { RunFeed } from "./runFeed";
import { runtimeFeed } from "./runtimeFeed";
import { realtimeStats } from "./server";
import { seedFinishedRun } from "./testing/seedRuns";
import { countingFeed, recordingClient, sleep, startRealtime, until, type RecordingClient } from "./testing/socketHarness";

const ascending = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/**
 * The concurrent-watch race of issue 11, over socket.io and real PostgreSQL: watches, unwatches
 * and disconnects that arrive while a watch is still reading its run's status.
 */
describe("run:watch races on one socket", () => {
  let db: TestDatabase;
  let runtime: Runtime;
  let template: RunRecord;
  let bigRun: string;
  const SPANS = 20_000;
  const cleanups: (() => Promise<void> | void)[] = [];

  beforeAll(async () => {
    db = await createTestDatabase(inject("pgUrl"));
    runtime = createPostgresRuntime(db.pool);
    const handle = await runtime.simulator.start(orderFlowTemplate(), { command: "PlaceOrder", count: 1, concurrency: 1, seed: "watches", timeScale: 0 });
    await handle.done;
    template = (await runtime.store.getRun(handle.runId))!;
    bigRun = await seedFinishedRun(runtime.store, template, SPANS);
  }, 120_000);
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  afterAll(async () => {
    await runtime.close();
    await db.drop();
  });

  async function serve(feed: RunFeed = runtimeFeed(runtime), log: string[] = []) {
    const server = await startRealtime({ version: "test", feed: () => feed, log: (line) => log.push(line) });
    cleanups.push(server.close);
    return server;
  }
  async function client(url: string): Promise<RecordingClient> {
    const c = await recordingClient(url);
    cleanups.push(() => void c.socket.close());
    return c;
  }

  it("ten watches of one finished 20,000-span run sent at once deliver every seq exactly once", async () => {
    const { feed, counts } = countingFeed(runtimeFeed(runtime));
    const server = await serve(feed);
    const c = await client(server.url);
    for (let i = 0; i < 10; i++) c.socket.emit("run:watch", { runId: bigRun, after: 0 });
    await until("every span", () => c.received(bigRun).length >= SPANS && c.statuses.length > 0);
    await sleep(500); // anything a stray subscription would still send arrives within this
    expect(c.received(bigRun)).toEqual(ascending(SPANS));
    expect(c.statuses.map((s) => s.status)).toEqual(["completed"]);
    expect(c.errors).toEqual([]);
    expect(realtimeStats(server.io).openSubscriptions).toBe(1);
    // Replaced watches never read spans: ten pages of 2,000, plus the final tail read.
    expect(counts.readTrace).toBeLessThanOrEqual(SPANS / 2000 + 2);
  });

  it("a second watch of a run mid-stream goes on where the first stopped: still each seq once", async () => {
    const server = await serve();
    const c = await client(server.url);
    c.socket.emit("run:watch", { runId: bigRun, after: 0 });
    await until("a first page", () => c.received(bigRun).length > 0);
    c.socket.emit("run:watch", { runId: bigRun, after: 0 });
    await until("every span", () => c.received(bigRun).length >= SPANS && c.statuses.length > 0);
    await sleep(500);
    expect(c.received(bigRun)).toEqual(ascending(SPANS));
  });

  it("a watch then an immediate unwatch sends nothing, reads no spans and leaves no subscription", async () => {
    const { feed, counts } = countingFeed(runtimeFeed(runtime));
    const server = await serve(feed);
    const c = await client(server.url);
    c.socket.emit("run:watch", { runId: bigRun, after: 0 });
    c.socket.emit("run:unwatch", { runId: bigRun });
    await sleep(300);
    // A later message on the same socket is answered, so both were handled.
    const other = await seedFinishedRun(runtime.store, template, 5);
    c.socket.emit("run:watch", { runId: other, after: 0 });
    await until("the other run", () => c.received(other).length === 5 && c.statuses.length === 1);
    expect(c.received(bigRun)).toEqual([]);
    expect(c.statuses.map((s) => s.runId)).toEqual([other]);
    expect(counts.readTrace).toBeLessThanOrEqual(2); // the other run's page and tail only
    expect(realtimeStats(server.io).openSubscriptions).toBe(1);
  });

  it("an unwatch mid-stream stops the run's spans: what follows is only what was already on the wire", async () => {
    const { feed, counts } = countingFeed(runtimeFeed(runtime));
    const server = await serve(feed);
    const c = await client(server.url);
    // Unwatch as soon as the first page arrives, from the client's own handler.
    c.socket.once("trace", () => c.socket.emit("run:unwatch", { runId: bigRun }));
    c.socket.emit("run:watch", { runId: bigRun, after: 0 });
    await until("a first page", () => c.received(bigRun).length > 0);
    await until("no open subscription", () => realtimeStats(server.io).openSubscriptions === 0);
    const readsAtUnwatch = counts.readTrace;
    await sleep(500);
    const got = c.received(bigRun);
    expect(got).toEqual(ascending(got.length));
    expect(got.length).toBeLessThan(SPANS);
    expect(counts.readTrace - readsAtUnwatch).toBeLessThanOrEqual(1); // at most the read in flight
    const settled = got.length;
    await sleep(300);
    expect(c.received(bigRun).length).toBe(settled);
  });

  it("30 distinct runs watched back to back: the first 20 are accepted, the other 10 refused with bad_request", async () => {
    const runs: string[] = [];
    for (let i = 0; i < 30; i++) runs.push(await seedFinishedRun(runtime.store, template, 3));
    const server = await serve();
    const c = await client(server.url);
    for (const runId of runs) c.socket.emit("run:watch", { runId, after: 0 });
    await until("20 statuses and 10 refusals", () => c.statuses.length === 20 && c.errors.length === 10);
    await sleep(300);
    expect(new Set(c.statuses.map((s) => s.runId))).toEqual(new Set(runs.slice(0, 20)));
    expect(c.errors.map((e) => e.runId)).toEqual(runs.slice(20));
    for (const e of c.errors) expect(e).toMatchObject({ code: "bad_request", message: "run:watch: at most 20 runs can be watched at once" });
    for (const runId of runs.slice(0, 20)) expect(c.received(runId)).toEqual([1, 2, 3]);
    expect(realtimeStats(server.io).openSubscriptions).toBe(20);
    // An unwatch frees a place for another run.
    c.socket.emit("run:unwatch", { runId: runs[0]! });
    c.socket.emit("run:watch", { runId: runs[29]!, after: 0 });
    await until("run 30", () => c.received(runs[29]!).length === 3);
    expect(realtimeStats(server.io).openSubscriptions).toBe(20);
  });

  it("a disconnect while watches are still reading their status closes them all: nothing read afterwards", async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const inner = runtimeFeed(runtime);
    const { feed, counts } = countingFeed({ ...inner, status: async (runId) => (await held, inner.status(runId)) });
    const server = await serve(feed);
    const c = await client(server.url);
    const runs = [bigRun, ...(await Promise.all([1, 2, 3, 4].map(() => seedFinishedRun(runtime.store, template, 50))))];
    for (const runId of runs) c.socket.emit("run:watch", { runId, after: 0 });
    await until("a status read in flight", () => counts.status === 1);
    expect(realtimeStats(server.io).openSubscriptions).toBe(5);
    c.socket.disconnect();
    await until("every subscription closed", () => realtimeStats(server.io).openSubscriptions === 0);
    release();
    await sleep(500);
    // The held read finished into a closed subscription; the queued ones never ran.
    expect(counts.status).toBe(1);
    expect(counts.readTrace).toBe(0);
    expect(counts.watch).toBe(0);
    expect(realtimeStats(server.io).openSubscriptions).toBe(0);
  });

  it("an unwatch while the watch is still reading its status: the set-up ends closed and sends nothing", async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const inner = runtimeFeed(runtime);
    const { feed, counts } = countingFeed({ ...inner, status: async (runId) => (await held, inner.status(runId)) });
    const server = await serve(feed);
    const c = await client(server.url);
    c.socket.emit("run:watch", { runId: bigRun, after: 0 });
    await until("the status read in flight", () => counts.status === 1);
    c.socket.emit("run:unwatch", { runId: bigRun });
    await until("the subscription closed", () => realtimeStats(server.io).openSubscriptions === 0);
    release();
    await sleep(300);
    expect(c.received(bigRun)).toEqual([]);
    expect(c.statuses).toEqual([]);
    expect(c.errors).toEqual([]);
    expect(counts.readTrace).toBe(0);
  });

  it("2,000 watch/unwatch pairs from one socket: one store read at a time, none left open, health answers", async () => {
    const { feed, counts } = countingFeed(runtimeFeed(runtime));
    const server = await serve(feed);
    const c = await client(server.url);
    for (let i = 0; i < 2000; i++) {
      c.socket.emit("run:watch", { runId: bigRun, after: 0 });
      c.socket.emit("run:unwatch", { runId: bigRun });
    }
    // What /api/health does, through the same pool, while the socket's messages are handled.
    const health = pingDatabase(db.pool).then(() => "ok", (err: Error) => err.message);
    await until("the socket's messages handled", () => realtimeStats(server.io).openSubscriptions === 0);
    await sleep(300);
    c.socket.disconnect();
    await sleep(300);
    expect(await health).toBe("ok");
    expect(counts.maxInFlight).toBeLessThanOrEqual(1);
    // Watches unwatched while queued behind the socket's one read never read anything (before
    // the fix every one of the 2,000 read the status, all at once).
    expect(counts.status).toBeLessThan(200);
    expect(realtimeStats(server.io).openSubscriptions).toBe(0);
  });

  it("a failing store read is an internal error without the database's text, logged on the server in one line", async () => {
    const log: string[] = [];
    const inner = runtimeFeed(runtime);
    const feed: RunFeed = { ...inner, readTrace: async () => { throw new Error('invalid byte sequence for encoding "UTF8": 0x00\n  at sim_span_batches'); } };
    const server = await serve(feed, log);
    const c = await client(server.url);
    c.socket.emit("run:watch", { runId: bigRun, after: 0 });
    await until("the error", () => c.errors.length === 1);
    expect(c.errors[0]).toMatchObject({ code: "internal", runId: bigRun });
    expect(c.errors[0]!.message).not.toMatch(/byte sequence|UTF8|sim_span/);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatch(/^realtime: run [0-9a-f-]{36}: invalid byte sequence for encoding "UTF8": 0x00 at sim_span_batches$/);
  });
});
