/**
 * Simulation benchmark: 1,000 Order sagas (the Order template's PlaceOrder; OrderPlaced starts
 * OrderSaga, which orchestrates three participants over the broker: three step commands and
 * three replies) with concurrency 8 and time scale 0 (no design waits), on a throwaway embedded
 * PostgreSQL with fsync on (the default durability, not the tests' fast mode). Reports sagas/s
 * and the p50/p99 latency of one flow (entry command issued → everything it caused done, its saga
 * included) from an HDR histogram, the messages and the PostgreSQL commits per saga beside it,
 * and the invariant check that ends every run, timed apart. Target: ≥ 300 sagas/s (issue 10).
 *
 * `npx tsx bench/run.ts [count] [concurrency]` prints the table; `runSimBench()` returns its rows (bench/index.ts).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as hdr from "hdr-histogram-js";
import type { Pool } from "pg";
import { connectPool } from "../lib/db/database";
import { startEmbedded } from "../lib/db/embedded";
import { migrate } from "../lib/db/migrate";
import { orderFlowTemplate } from "../lib/model/template";
import { createPostgresRuntime } from "../lib/runtime/runtime";
import type { RunSummary } from "../lib/sim/ports/records";

export interface SimBenchOptions {
  /** Sagas in the measured run (default 1,000). */
  count?: number;
  /** Entry commands in flight at once (default 8). */
  concurrency?: number;
  /** Faults as the API takes them (default none: every saga completes). */
  faults?: { target: string; mode: "fail" | "transient" | "rate" | "latency"; value?: number }[];
  log?: (line: string) => void;
}

export interface SimBenchRow {
  metric: string;
  value: string;
  note: string;
}

/** Runs a warm-up and then the measured run; returns one row per figure. */
export async function runSimBench(options: SimBenchOptions = {}): Promise<SimBenchRow[]> {
  const count = options.count ?? 1_000;
  const concurrency = options.concurrency ?? 8;
  const log = options.log ?? (() => undefined);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "stormflow-bench-run-"));
  const server = await startEmbedded({ dataDir, persistent: false, fast: process.env.BENCH_FAST === "1", mode: "exclusive" });
  const pool = await connectPool(process.env.BENCH_UNIX ? server.url.replace("@127.0.0.1:" + server.port, "@" + encodeURIComponent("/tmp") + ":" + server.port) : server.url, 20);
  try {
    await migrate(pool);
    const latency = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: 3 });
    let lastFinished = 0;
    let measuring = false;
    const runtime = createPostgresRuntime(pool, {
      observer: {
        instanceFinished(_runId, _instance, durationMs) {
          if (!measuring) return;
          latency.recordValue(Math.max(1, Math.round(durationMs * 1000)));
          lastFinished = performance.now();
        },
      },
    });

    // Warm up: connections, prepared statements, plans, the JIT.
    log("warm-up: 100 sagas");
    await runOnce(runtime, 100, concurrency, options.faults);

    // What this database can commit right now, with the same number of writers: the machine is
    // shared, so this reference says how much of the figure below is the runtime and how much the disk.
    const commitsPerSecond = await rawCommitRate(pool, concurrency, 1_000);

    log(`measured: ${count} sagas, concurrency ${concurrency}`);
    measuring = true;
    const loadBefore = os.loadavg()[0]!;
    const commitsBefore = await commits(pool);
    const machineBefore = machineCpuMs();
    const nodeBefore = process.cpuUsage();
    const started = performance.now();
    const summary = await runOnce(runtime, count, concurrency, options.faults);
    const ended = performance.now();
    const machineCpu = machineCpuMs() - machineBefore;
    const nodeUsage = process.cpuUsage(nodeBefore);
    const nodeCpu = (nodeUsage.user + nodeUsage.system) / 1000;
    // The whole run's commits (its invariant check reads, which commits little), per saga.
    const commitsPerSaga = (await commits(pool)) - commitsBefore;
    measuring = false;
    const sagaSeconds = (lastFinished - started) / 1000;
    const ms = (percentile: number) => (latency.getValueAtPercentile(percentile) / 1000).toFixed(1);
    const ok = summary.invariants.every((i) => i.ok);
    const messages = summary.messages.events + summary.messages.commands + summary.messages.replies + summary.messages.notices;
    return [
      { metric: "sagas/s", value: (count / sagaSeconds).toFixed(0), note: `${count} sagas ended in ${sagaSeconds.toFixed(2)} s, time scale 0 (target ≥ 300)` },
      { metric: "messages per saga", value: (messages / count).toFixed(1), note: `${summary.messages.events / count} domain events, ${summary.messages.commands / count} step commands, ${summary.messages.replies / count} replies; ${(summary.events.delivered / count).toFixed(1)} deliveries` },
      { metric: "commits per saga", value: (commitsPerSaga / count).toFixed(1), note: "PostgreSQL transactions committed during the run (pg_stat_database), over the sagas" },
      {
        metric: "CPU per saga",
        value: Number.isNaN(machineCpu) ? "n/a" : `${(machineCpu / count).toFixed(1)} ms`,
        note: `the whole machine's busy time over the run (/proc/stat), of which this Node process ${(nodeCpu / count).toFixed(1)} ms; ${os.cpus().length} cores give ${((os.cpus().length * 1000) / (machineCpu / count)).toFixed(0)} sagas/s at most at this cost`,
      },
      { metric: "saga latency p50", value: `${ms(50)} ms`, note: "entry command issued → its flow done, saga included" },
      { metric: "saga latency p99", value: `${ms(99)} ms`, note: `max ${(latency.maxValue / 1000).toFixed(1)} ms` },
      { metric: "invariant check", value: `${((ended - lastFinished) / 1000).toFixed(2)} s`, note: `after the last saga; ${ok ? "all 5 ok" : "FAILED: " + summary.invariants.filter((i) => !i.ok).map((i) => i.name).join(", ")}` },
      { metric: "run total", value: `${((ended - started) / 1000).toFixed(2)} s`, note: `${summary.events.appended} events appended, ${summary.events.delivered} delivered, ${summary.concurrencyConflicts} conflicts` },
      { metric: "reference: raw commits/s", value: commitsPerSecond.toFixed(0), note: `one-row INSERT per transaction, ${concurrency} writers, same database, just before (a saga needs 2 appends on its path)` },
      { metric: "machine", value: `${os.cpus().length} cores`, note: `1-min load ${loadBefore.toFixed(1)} before, ${os.loadavg()[0]!.toFixed(1)} after; PostgreSQL 18 embedded, fsync on` },
    ];
  } finally {
    await pool.end();
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** CPU time the whole machine has been busy (every core, every process) since boot, in ms; NaN off Linux. */
function machineCpuMs(): number {
  try {
    // cpu  user nice system idle iowait irq softirq steal ...: in clock ticks (USER_HZ, 100 on Linux).
    const fields = fs.readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
    const busy = fields.reduce((sum, v, i) => (i === 3 || i === 4 ? sum : sum + v), 0);
    return busy * 10;
  } catch {
    return Number.NaN;
  }
}

/** Transactions committed so far in this database (its statistics are flushed first). */
async function commits(pool: Pool): Promise<number> {
  await pool.query(`SELECT pg_stat_force_next_flush()`);
  const result = await pool.query<{ n: string }>(`SELECT xact_commit::text AS n FROM pg_stat_database WHERE datname = current_database()`);
  return Number(result.rows[0]?.n ?? 0);
}

/** One-row INSERT transactions per second with `writers` concurrent writers (autocommit, fsync on). */
async function rawCommitRate(pool: Pool, writers: number, total: number): Promise<number> {
  await pool.query(`CREATE TABLE IF NOT EXISTS bench_commits (id BIGSERIAL PRIMARY KEY, at TIMESTAMPTZ NOT NULL DEFAULT now())`);
  let issued = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (issued++ < total) await pool.query(`INSERT INTO bench_commits DEFAULT VALUES`);
    }),
  );
  return (total / (performance.now() - started)) * 1000;
}

async function runOnce(runtime: ReturnType<typeof createPostgresRuntime>, count: number, concurrency: number, faults: SimBenchOptions["faults"]): Promise<RunSummary> {
  const handle = await runtime.simulator.start(orderFlowTemplate(), { count, concurrency, seed: "bench", faults: faults ?? [], timeScale: 0 });
  const result = await handle.done;
  if (!result.summary) throw new Error(`the run ended in ${result.status}: ${result.error}`);
  return result.summary;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [count, concurrency] = process.argv.slice(2).map(Number);
  const cpu = os.cpus();
  console.log(`Simulation benchmark on ${cpu.length} × ${cpu[0]?.model ?? "cpu"}, Node ${process.version}`);
  const rows = await runSimBench({ count: count || undefined, concurrency: concurrency || undefined, log: (l) => console.error(l) });
  console.table(rows);
  process.exit(0);
}
