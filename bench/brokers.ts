/**
 * Brokers benchmark: 1,000 Order sagas (concurrency 8, time scale 0) on the in-process broker,
 * NATS JetStream and RabbitMQ, over one throwaway embedded PostgreSQL (fsync on): sagas/s and
 * broker messages/s (published to the broker, per second of the run), each real broker beside
 * its own raw publish→consume rate measured in the same run (20,000 1 KB messages, confirmed
 * publishes, one consumer acking each, no Stormflow code): what the broker itself can do here.
 * Brokers: BENCH_NATS_URL / BENCH_AMQP_URL, else the machine's (127.0.0.1:4222, guest@127.0.0.1:5672);
 * BENCH_BROKER_PARTITIONS sets the partitions per channel on them (default: the simulator's, 8).
 * On each real broker the run goes three ways: its consumer groups in the driving process, in 1
 * `stormflow worker` process, and spread over 3 (`stormflow run --workers N`'s processes; each
 * delivery then also sends a notice to the driver). On 2 cores, 3 workers and a driver share them.
 *
 * `npx tsx bench/brokers.ts [count]` prints the table; `runBrokersBench()` returns its rows.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import amqp from "amqplib";
import { AckPolicy, jetstream, jetstreamManager, RetentionPolicy, StorageType } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { connectBroker } from "../lib/brokers/connect";
import { connectPool } from "../lib/db/database";
import { startEmbedded } from "../lib/db/embedded";
import { migrate } from "../lib/db/migrate";
import { orderFlowTemplate } from "../lib/model/template";
import { createPostgresRuntime } from "../lib/runtime/runtime";
import { spawnWorkers, type SpawnedWorkers } from "../cli/workers/spawnWorkers";
import type { BrokerTransport } from "../lib/sim/ports/transport";

const NATS_URL = process.env.BENCH_NATS_URL ?? "nats://127.0.0.1:4222";
const AMQP_URL = process.env.BENCH_AMQP_URL ?? "amqp://guest:guest@127.0.0.1:5672";
const RAW_MESSAGES = 20_000;

export interface BrokersBenchRow {
  broker: string;
  "sagas/s": string;
  "messages/s": string;
  "raw publish→consume msg/s": string;
  note: string;
}

export async function runBrokersBench(options: { count?: number; log?: (line: string) => void } = {}): Promise<BrokersBenchRow[]> {
  const count = options.count ?? 1_000;
  const log = options.log ?? (() => undefined);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "stormflow-bench-brokers-"));
  const server = await startEmbedded({ dataDir, persistent: false, fast: false, mode: "exclusive" });
  const pool = await connectPool(server.url, 20);
  const transports: BrokerTransport[] = [];
  try {
    await migrate(pool);
    for (const url of [NATS_URL, AMQP_URL]) transports.push(await connectBroker(url));
    const partitions = Number(process.env.BENCH_BROKER_PARTITIONS) || undefined;
    const runtime = createPostgresRuntime(pool, { transports, options: { brokerPartitions: partitions } });
    const rows: BrokersBenchRow[] = [];
    const runOn = async (broker: string | undefined, n: number, workers = false) => {
      const started = performance.now();
      const handle = await runtime.simulator.start(orderFlowTemplate(), { count: n, concurrency: 8, seed: "bench", timeScale: 0, ...(broker ? { broker } : {}) }, { workers });
      const result = await handle.done;
      if (!result.summary) throw new Error(`the run on ${broker ?? "in-process"} ended in ${result.status}: ${result.error}`);
      return { summary: result.summary, seconds: (performance.now() - started) / 1000 };
    };
    const script = fileURLToPath(new URL("../cli/bin.mjs", import.meta.url));
    for (const transport of [null, ...transports]) {
      const name = transport ? `${transport.kind} (${transport.id})` : "in-process";
      const url = transport?.kind === "nats" ? NATS_URL : AMQP_URL;
      const raw = transport ? (transport.kind === "nats" ? await rawNats(NATS_URL) : await rawRabbit(AMQP_URL)) : null;
      for (const workerCount of transport ? [0, 1, 3] : [0]) {
        const how = workerCount === 0 ? "1 process" : `driver + ${workerCount} worker process${workerCount > 1 ? "es" : ""}`;
        let workers: SpawnedWorkers | null = null;
        try {
          if (workerCount > 0) workers = await spawnWorkers(workerCount, url, log, { script, env: { ...process.env, DATABASE_URL: server.url } });
          log(`${name}, ${how}: warm-up 100 sagas, then ${count}`);
          await runOn(transport?.id, 100, workerCount > 0);
          const load = os.loadavg()[0]!;
          const { summary, seconds } = await runOn(transport?.id, count, workerCount > 0);
          const ok = summary.invariants.every((i) => i.ok);
          rows.push({
            broker: workerCount === 0 ? name : `${name}, ${workerCount} worker${workerCount > 1 ? "s" : ""}`,
            "sagas/s": (count / seconds).toFixed(0),
            "messages/s": (summary.events.published / seconds).toFixed(0),
            "raw publish→consume msg/s": raw === null ? "(none: a function call)" : raw.toFixed(0),
            note: `${how}; ${summary.events.published} messages, ${summary.events.delivered} deliveries in ${seconds.toFixed(2)} s; invariants ${ok ? "all ok" : "FAILED"}; load ${load.toFixed(1)}`,
          });
        } finally {
          await workers?.stop();
        }
      }
    }
    await runtime.close();
    return rows;
  } finally {
    for (const t of transports) await t.close().catch(() => undefined);
    await pool.end();
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const BODY = new Uint8Array(1024).fill(120);

/** JetStream: a file stream, 20,000 confirmed publishes (64 in flight) and one pull consumer acking each; msgs/s end to end. */
async function rawNats(url: string): Promise<number> {
  const nc = await connect({ servers: new URL(url).host });
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  const stream = `bench_raw_${process.pid}`;
  await jsm.streams.add({ name: stream, subjects: [`${stream}.>`], storage: StorageType.File, retention: RetentionPolicy.Limits });
  await jsm.consumers.add(stream, { durable_name: "c", ack_policy: AckPolicy.Explicit });
  try {
    const consumer = await js.consumers.get(stream, "c");
    const started = performance.now();
    const consumed = (async () => {
      const messages = await consumer.consume({ max_messages: 500 });
      let n = 0;
      for await (const m of messages) {
        m.ack();
        if (++n === RAW_MESSAGES) break;
      }
    })();
    let sent = 0;
    await Promise.all(
      Array.from({ length: 64 }, async () => {
        while (sent++ < RAW_MESSAGES) await js.publish(`${stream}.m`, BODY);
      }),
    );
    await consumed;
    return (RAW_MESSAGES / (performance.now() - started)) * 1000;
  } finally {
    await jsm.streams.delete(stream).catch(() => false);
    await nc.close();
  }
}

/** RabbitMQ: a quorum queue, 20,000 persistent publishes on a confirm channel and one consumer (prefetch 500) acking each; msgs/s end to end. */
async function rawRabbit(url: string): Promise<number> {
  const connection = await amqp.connect(url);
  const queue = `bench-raw-${process.pid}`;
  try {
    const pub = await connection.createConfirmChannel();
    const sub = await connection.createChannel();
    await pub.assertQueue(queue, { durable: true, arguments: { "x-queue-type": "quorum" } });
    await sub.prefetch(500);
    const started = performance.now();
    let n = 0;
    const consumed = new Promise<void>((resolve) => {
      void sub.consume(queue, (m) => {
        if (!m) return;
        sub.ack(m);
        if (++n === RAW_MESSAGES) resolve();
      });
    });
    const body = Buffer.from(BODY);
    for (let i = 0; i < RAW_MESSAGES; i++) {
      if (!pub.publish("", queue, body, { persistent: true })) await new Promise((resolve) => pub.once("drain", resolve));
    }
    await pub.waitForConfirms();
    await consumed;
    const rate = (RAW_MESSAGES / (performance.now() - started)) * 1000;
    await pub.deleteQueue(queue);
    return rate;
  } finally {
    await connection.close().catch(() => undefined);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [count] = process.argv.slice(2).map(Number);
  console.log(`Brokers benchmark on ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}`);
  console.table(await runBrokersBench({ count: count || undefined, log: (l) => console.error(l) }));
  process.exit(0);
}
