/**
 * Append benchmark: events/s of the event store's `appendToStream` next to raw `pg` inserts of
 * the same rows in the same transaction shape (bench/lib/rawAppend.ts), on one throwaway
 * embedded PostgreSQL with fsync on (the default durability, not the tests' fast mode), in one
 * run. Scenarios: 1 and 100 events per transaction, 1 and 8 concurrent writers. Target: ours
 * ≥ 70% of raw (issue 5).
 *
 * `npx tsx bench/append.ts` prints the table; `runAppendBench()` returns its rows (bench/index.ts).
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { connectPool } from "../lib/db/database";
import { startEmbedded } from "../lib/db/embedded";
import { migrate } from "../lib/db/migrate";
import { createPostgresEventStore, type EventStore, type NewEvent } from "../lib/eventstore";
import { createRawStream, createRawTables, rawAppend } from "./lib/rawAppend";
import { combine, measureThroughput, type Throughput } from "./lib/throughput";

export interface AppendBenchRow {
  scenario: string;
  "ours ev/s": number;
  "raw ev/s": number;
  /** ours / raw. */
  ratio: string;
  "ours p99 ms": number;
  "raw p99 ms": number;
}

export interface AppendBenchOptions {
  /** Seconds each side runs per round (default 1.25). */
  secondsPerRun?: number;
  /** Rounds per scenario, alternating which side goes first (default 4): short alternating runs
   * spread background load (other processes, checkpoints) evenly over both sides. */
  rounds?: number;
  log?: (line: string) => void;
}

const SCENARIOS = [
  { eventsPerTx: 1, writers: 1 },
  { eventsPerTx: 1, writers: 8 },
  { eventsPerTx: 100, writers: 1 },
  { eventsPerTx: 100, writers: 8 },
] as const;

type Side = "ours" | "raw";
type Append = (streamId: string, events: readonly NewEvent[], expectedVersion: number) => Promise<number>;

/** Runs every scenario for both sides and returns one row per scenario. */
export async function runAppendBench(options: AppendBenchOptions = {}): Promise<AppendBenchRow[]> {
  const seconds = options.secondsPerRun ?? 1.25;
  const rounds = options.rounds ?? 4;
  const log = options.log ?? (() => undefined);

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "stormflow-bench-append-"));
  const server = await startEmbedded({ dataDir, persistent: false, fast: false, mode: "exclusive" });
  const pool = await connectPool(server.url, 10);
  try {
    await migrate(pool);
    await createRawTables(pool);
    const store: EventStore = createPostgresEventStore(pool);
    const sides: Record<Side, { append: Append; prepare: (streamId: string) => Promise<void> }> = {
      ours: {
        append: async (streamId, events, expected) =>
          (await store.appendToStream(streamId, events, { expectedVersion: expected, streamType: "Bench" })).nextVersion,
        prepare: async () => undefined,
      },
      raw: { append: (streamId, events, expected) => rawAppend(pool, streamId, events, expected), prepare: (streamId) => createRawStream(pool, streamId) },
    };

    // Warm both paths (plans, caches, the WAL) before anything is counted.
    for (const side of ["ours", "raw"] as const) await run(sides[side], `warm-${side}`, { eventsPerTx: 10, writers: 2 }, 0.5);

    const rows: AppendBenchRow[] = [];
    for (const scenario of SCENARIOS) {
      const totals: Partial<Record<Side, Throughput>> = {};
      for (let round = 0; round < rounds; round++) {
        // Alternate who goes first, so a drift (table growth, a checkpoint) does not favour one side.
        const order: Side[] = round % 2 === 0 ? ["ours", "raw"] : ["raw", "ours"];
        for (const side of order) {
          const result = await run(sides[side], `${side}-${scenario.eventsPerTx}x${scenario.writers}-r${round}`, scenario, seconds);
          totals[side] = totals[side] ? combine(totals[side], result) : result;
        }
      }
      const row = toRow(`${scenario.eventsPerTx} ev/tx, ${scenario.writers} writer${scenario.writers > 1 ? "s" : ""}`, totals.ours!, totals.raw!);
      log(`${row.scenario}: ours ${row["ours ev/s"]} ev/s, raw ${row["raw ev/s"]} ev/s (${row.ratio})`);
      rows.push(row);
    }
    return rows;
  } finally {
    await pool.end();
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** One side, one scenario: each writer appends to a stream of its own at the exact expected version. */
async function run(
  side: { append: Append; prepare: (streamId: string) => Promise<void> },
  label: string,
  scenario: { eventsPerTx: number; writers: number },
  seconds: number,
): Promise<Throughput> {
  const streams = Array.from({ length: scenario.writers }, (_, w) => ({ id: `${label}-w${w}`, version: 0 }));
  for (const s of streams) await side.prepare(s.id);
  return measureThroughput(scenario.writers, seconds, async (writer) => {
    const stream = streams[writer]!;
    stream.version = await side.append(stream.id, makeEvents(scenario.eventsPerTx), stream.version);
    return scenario.eventsPerTx;
  });
}

/** Events shaped like the simulator's: a few fields, a line list, correlation metadata (~250 bytes). */
function makeEvents(count: number): NewEvent[] {
  const correlationId = randomUUID();
  return Array.from({ length: count }, (_, i) => ({
    eventId: randomUUID(),
    type: "OrderLineAdded",
    data: { orderId: correlationId, line: i, sku: `SKU-${i % 97}`, quantity: 1 + (i % 5), price: { amount: 1999, currency: "EUR" } },
    metadata: { correlationId, causationId: correlationId, service: "Orders" },
  }));
}

function toRow(scenario: string, ours: Throughput, raw: Throughput): AppendBenchRow {
  const rate = (t: Throughput) => Math.round(t.items / t.seconds);
  const p99 = (t: Throughput) => Math.round(t.latency.getValueAtPercentile(99) / 10) / 100;
  return {
    scenario,
    "ours ev/s": rate(ours),
    "raw ev/s": rate(raw),
    ratio: `${Math.round((100 * rate(ours)) / rate(raw))}%`,
    "ours p99 ms": p99(ours),
    "raw p99 ms": p99(raw),
  };
}

function printTable(rows: AppendBenchRow[]): void {
  const headers = Object.keys(rows[0]!) as (keyof AppendBenchRow)[];
  const cells = [headers.map(String), ...rows.map((r) => headers.map((h) => String(r[h])))];
  const widths = headers.map((_, i) => Math.max(...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => `| ${c.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join(" | ")} |`;
  console.log(line(cells[0]!));
  console.log(`|${widths.map((w, i) => (i === 0 ? "-".repeat(w + 2) : `${"-".repeat(w + 1)}:`)).join("|")}|`);
  for (const c of cells.slice(1)) console.log(line(c));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const cpu = os.cpus();
  const load = () => os.loadavg()[0]!.toFixed(1);
  console.log(`Append benchmark on ${cpu.length} × ${cpu[0]?.model ?? "cpu"}, Node ${process.version}; embedded PostgreSQL 18, fsync on`);
  const loadBefore = load();
  const started = performance.now();
  const rows = await runAppendBench({ log: (l) => console.error(l) });
  printTable(rows);
  // Both sides share the machine with whatever else runs, so say how busy it was.
  console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s; 1-min load average ${loadBefore} before, ${load()} after; target: ours ≥ 70% of raw)`);
}
