import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { io as connect } from "socket.io-client";
import { createTestDatabase, type TestDatabase } from "../db/testing/testDatabase";
import { orderFlowTemplate } from "../model/template";
import { createPostgresRuntime, type Runtime } from "../runtime/runtime";
import type { TraceItem } from "../sim/ports/trace";
import { watchRun, type RealtimeSocket } from "./client";
import { SOCKET_PATH, type RunStatusMessage } from "./protocol";
import { runtimeFeed } from "./runtimeFeed";
import { attachRealtime, type RealtimeServer } from "./server";

/** A seeded generator for the disconnect points, so a failure can be replayed. */
function mulberry32(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("live trace over socket.io, across reconnects", () => {
  let db: TestDatabase;
  let runtime: Runtime;
  let http: Server;
  let io: RealtimeServer;
  let url: string;

  beforeAll(async () => {
    db = await createTestDatabase(inject("pgUrl"));
    runtime = createPostgresRuntime(db.pool);
    http = createServer();
    io = attachRealtime(http, { version: "test", feed: () => runtimeFeed(runtime) });
    await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await runtime.close();
    await new Promise<void>((r) => io.close(() => r()));
    await db.drop();
  });

  it("a client that drops and resumes at random points of a 1,000-saga run ends with every seq exactly once", { timeout: 240_000 }, async () => {
    const random = mulberry32(20261124);
    const handle = await runtime.simulator.start(orderFlowTemplate(), { command: "PlaceOrder", count: 1000, concurrency: 8, seed: "resume", faults: [{ target: "PaymentService", mode: "rate", value: 0.3 }], timeScale: 0.01 });
    const socket: RealtimeSocket = connect(url, { path: SOCKET_PATH, transports: ["websocket"], reconnection: false });
    const received: number[] = [];
    let final: RunStatusMessage | null = null;
    let reconnects = 0;
    const watcher = watchRun(socket, handle.runId, {
      items: (items: TraceItem[]) => received.push(...items.map((i) => i.seq)),
      status: (s) => {
        if (s.status !== "running") final = s;
      },
      error: (e) => {
        throw new Error(`${e.code}: ${e.message}`);
      },
    });

    // Drop the connection at random moments while the run goes, then come back.
    while (!final) {
      await new Promise((r) => setTimeout(r, 100 + random() * 600));
      if (final) break;
      socket.disconnect();
      await new Promise((r) => setTimeout(r, random() * 400));
      socket.connect();
      reconnects++;
    }
    await handle.done;
    // The last batch may follow the final status: wait until the client holds the stored count.
    const stored = await runtime.store.lastSpanSeq(handle.runId);
    const deadline = Date.now() + 20_000;
    while (received.length < stored && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    watcher.stop();
    socket.close();

    expect(reconnects).toBeGreaterThan(3);
    expect(stored).toBeGreaterThan(10_000);
    expect(received.length).toBe(stored);
    expect(received).toEqual(Array.from({ length: stored }, (_, i) => i + 1));
    // And the socket's sequence is exactly what the HTTP trace endpoint reads from the store.
    const fromStore = await runtime.store.readSpans(handle.runId, 0, stored + 10);
    expect(fromStore.map((s) => s.seq)).toEqual(received);
  });

  it("answers a malformed or unknown watch with an error event and keeps serving", async () => {
    const socket: RealtimeSocket = connect(url, { path: SOCKET_PATH, transports: ["websocket"] });
    const errors: string[] = [];
    socket.on("error", (e) => errors.push(`${e.code}: ${e.message}`));
    await new Promise<void>((r) => socket.on("connect", () => r()));
    // Run ids are UUIDs: an unknown run is a well-formed id that no run has; anything else
    // (a non-UUID, a NUL byte) is refused before the database sees it.
    const noSuchRun = "00000000-0000-4000-8000-000000000000";
    socket.emit("run:watch", { runId: 42 } as never);
    socket.emit("run:watch", { runId: noSuchRun, after: 0 });
    socket.emit("run:watch", { runId: noSuchRun, after: -1 });
    socket.emit("run:watch", { runId: "no-such-run", after: 0 });
    socket.emit("run:watch", { runId: "a\u0000b", after: 0 });
    const deadline = Date.now() + 5000;
    while (errors.length < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    // The unknown-run answer waits for the database, so it may come last.
    expect(errors).toHaveLength(5);
    expect(errors).toEqual(expect.arrayContaining([
      expect.stringMatching(/^bad_request: run:watch: runId: /),
      `unknown_run: No run with id "${noSuchRun}"`,
      expect.stringMatching(/^bad_request: run:watch: after: /),
    ]));
    // Neither bad id reaches PostgreSQL: both are refused naming the field, with no database text.
    expect(errors.filter((e) => /^bad_request: run:watch: runId: must be a run id \(a UUID\)/.test(e))).toHaveLength(2);
    expect(errors.join("\n")).not.toMatch(/invalid byte sequence|syntax|SQL|relation/i);
    expect(socket.connected).toBe(true);
    socket.close();
  });
});
