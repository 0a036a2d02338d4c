import type { Socket as NetSocket } from "node:net";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { pingDatabase } from "../db/ping";
import { createTestDatabase, type TestDatabase } from "../db/testing/testDatabase";
import { orderFlowTemplate } from "../model/template";
import { createPostgresRuntime, type Runtime } from "../runtime/runtime";
import type { RealtimeSocket } from "./client";
import { runtimeFeed } from "./runtimeFeed";
import { realtimeStats, type RealtimeLimits } from "./server";
import { seedFinishedRun } from "./testing/seedRuns";
import { recordingClient, sleep, startRealtime, until, type RecordingClient } from "./testing/socketHarness";

// A real collection before each measure, so a figure is what is held, not garbage not yet collected.
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** Bytes held by this process that buffered socket data can occupy: JS heap (strings) plus Buffers. */
function held(): number {
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

/** The client's TCP socket under socket.io-client's websocket: pausing it stops reading from the kernel. */
function tcpOf(socket: RealtimeSocket): NetSocket {
  const transport = (socket.io.engine as unknown as { transport: { ws?: { _socket?: NetSocket } } }).transport;
  const tcp = transport.ws?._socket;
  if (!tcp) throw new Error("no websocket under this client");
  return tcp;
}

const MiB = 1 << 20;
/** Small limits, so the soak reaches them within seconds; the mechanism is the one the defaults use. */
const LIMITS: RealtimeLimits = { highWaterBytes: 256 * 1024, maxBufferedBytes: 2 * MiB, stallMs: 1500, graceMs: 4000 };
// The control: SOAK_UNBOUNDED=1 lifts the limits, and this test must then fail (measured here: the
// held peak reached +76 MiB, against +24 to +27 MiB with the limits, and no client was cut off).
if (process.env.SOAK_UNBOUNDED) Object.assign(LIMITS, { highWaterBytes: 1 << 30, maxBufferedBytes: 1 << 30, stallMs: 60_000 });
/**
 * The stated bound: while the soak runs, this process (server and clients) never holds more than
 * this above its baseline, JS heap plus Buffers after a collection. Without limits the two
 * non-reading clients alone would queue 2 × 20 runs × 10,000 spans (about 130 MB of JSON) in the
 * server. RSS is printed, not asserted: it moves with the heap's own sizing too much to bound here.
 */
const HELD_BOUND = 48 * MiB;

describe("soak: watch/unwatch churn and clients that stop reading", () => {
  let db: TestDatabase;
  let runtime: Runtime;
  const runs: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase(inject("pgUrl"));
    runtime = createPostgresRuntime(db.pool);
    const handle = await runtime.simulator.start(orderFlowTemplate(), { command: "PlaceOrder", count: 1, concurrency: 1, seed: "soak", timeScale: 0 });
    await handle.done;
    const template = (await runtime.store.getRun(handle.runId))!;
    for (let i = 0; i < 20; i++) runs.push(await seedFinishedRun(runtime.store, template, 10_000));
  }, 180_000);
  afterAll(async () => {
    await runtime.close();
    await db.drop();
  });

  it("keeps memory under the stated bound, cuts off non-readers as slow consumers, and health answers throughout", { timeout: 60_000 }, async () => {
    const log: string[] = [];
    const server = await startRealtime({ version: "soak", feed: () => runtimeFeed(runtime), limits: LIMITS, log: (line) => log.push(line) });
    const clients: RecordingClient[] = [];
    try {
      const baseHeld = held();
      const baseRss = process.memoryUsage().rss;
      let peakHeld = 0;
      let peakRss = 0;
      const sampler = setInterval(() => {
        peakHeld = Math.max(peakHeld, held() - baseHeld);
        peakRss = Math.max(peakRss, process.memoryUsage().rss - baseRss);
      }, 500);

      // /api/health's check (pingDatabase: SELECT 1 through the same pool, 3 s limit), over and over.
      const health = { ok: 0, failed: [] as string[] };
      let soaking = true;
      const pinger = (async () => {
        while (soaking) {
          await pingDatabase(db.pool).then(() => health.ok++, (err: Error) => health.failed.push(err.message));
          await sleep(100);
        }
      })();

      // Two clients stop reading, then ask for 50 watches each (20 runs of 10,000 spans).
      // One reads again once it has been cut off; the other never does.
      const [late, never] = [await recordingClient(server.url), await recordingClient(server.url)];
      clients.push(late, never);
      for (const c of [late, never]) {
        tcpOf(c.socket).pause();
        for (let i = 0; i < 50; i++) c.socket.emit("run:watch", { runId: runs[i % runs.length]!, after: 0 });
      }

      // The late one reads again as soon as the server has cut it off (its grace period running).
      const lateReads = until("the late reader cut off", () => log.some((l) => l.includes(`socket ${late.socket.id} cut off`)), 15_000).then(() => tcpOf(late.socket).resume());

      // Meanwhile a reading client churns: bursts of watch/unwatch pairs, and whole runs read.
      const churn = await recordingClient(server.url);
      clients.push(churn);
      // Count its spans instead of keeping them: what this process holds should be the server's.
      let churned = 0;
      churn.socket.off("trace").on("trace", (msg) => (churned += msg.items.length));
      const churnUntil = Date.now() + 8000;
      let bursts = 0;
      while (Date.now() < churnUntil) {
        // Pairs on runs 0-9; one of runs 10-19 watched from the start and left streaming (the
        // next watch of it, ten bursts on, replaces it).
        for (let i = 0; i < 200; i++) {
          const runId = runs[i % 10]!;
          churn.socket.emit("run:watch", { runId, after: 0 });
          churn.socket.emit("run:unwatch", { runId });
        }
        churn.socket.emit("run:watch", { runId: runs[10 + (bursts % 10)]!, after: 0 });
        bursts++;
        await sleep(50);
      }

      await until("both non-readers cut off", () => realtimeStats(server.io).slowConsumers === 2, 15_000);
      await lateReads;
      await until("the late reader's disconnect", () => late.disconnectReason !== null, 10_000);
      // The one that never reads is dropped with its buffer after the grace period.
      await until("the non-reader's connection dropped", () => server.io.engine.clientsCount === 1, 10_000);

      churn.socket.disconnect();
      await until("no open subscription", () => realtimeStats(server.io).openSubscriptions === 0);
      soaking = false;
      await pinger;
      clearInterval(sampler);
      // Everything closed: what is still held now would be a leak.
      for (const c of clients) c.socket.close();
      await server.close();
      const endHeld = held() - baseHeld;

      console.info(`soak: peak held +${(peakHeld / MiB).toFixed(1)} MiB, peak rss +${(peakRss / MiB).toFixed(1)} MiB, end held +${(endHeld / MiB).toFixed(1)} MiB; ${bursts} churn bursts, ${churned} spans to the churning client; ${health.ok} health checks`);
      expect(late.errors.filter((e) => e.code === "slow_consumer")).toHaveLength(1);
      expect(late.errors.find((e) => e.code === "slow_consumer")!.message).toMatch(/did not read what was sent/);
      expect(late.disconnectReason).toBe("io server disconnect");
      expect(log.filter((l) => l.includes("slow consumer"))).toHaveLength(2);
      expect(peakHeld).toBeLessThan(HELD_BOUND);
      expect(endHeld).toBeLessThan(HELD_BOUND / 2);
      expect(health.failed).toEqual([]);
      expect(health.ok).toBeGreaterThan(5);
      expect(churn.errors).toEqual([]);
      expect(churned).toBeGreaterThan(0);
    } finally {
      for (const c of clients) c.socket.close();
      await server.close();
    }
  });
});
