/**
 * A stand-in for server.ts without Next, for tests that kill a server process: it opens the
 * database as server.ts does (embedded in STORMFLOW_DATA_DIR, exclusive), wires the runs with the
 * same `startRunDriver`, closes in the same order (runs, pool, cluster) on SIGTERM through the same
 * `exitOnSignals`. Run it with `node --import tsx lib/services/testing/driverProcess.ts`.
 *
 * It prints JSON lines on stdout: `{"ready":…}` once it drives runs, then one answer per command.
 * Commands come as lines on stdin: `start <count> <concurrency>` starts an Order template run,
 * `stop <runId>` stops one.
 */
import readline from "node:readline";
import { openDatabase } from "../../db/database";
import { orderFlowTemplate } from "../../model";
import { exitOnSignals } from "../exitOnSignals";
import { startRunDriver } from "../runDriver";

const started = Date.now();
const db = await openDatabase({ mode: "exclusive" });
const driver = await startRunDriver(db, { sweepMs: Number(process.env.STORMFLOW_SWEEP_MS ?? 5_000) });
exitOnSignals(async () => {
  await driver.shutdown();
  await db.close();
});
say({ ready: true, pid: process.pid, instanceId: driver.instanceId, url: db.url, ms: Date.now() - started });

for await (const line of readline.createInterface({ input: process.stdin })) {
  const [command, ...args] = line.trim().split(/\s+/);
  try {
    if (command === "start") {
      const { runId } = await driver.runs.start(orderFlowTemplate(), { count: Number(args[0]), concurrency: Number(args[1] ?? 8), seed: 7 }, null);
      say({ started: runId });
    } else if (command === "stop") {
      say({ stopped: await driver.runs.stop(args[0] ?? "") });
    }
  } catch (err) {
    say({ error: err instanceof Error ? err.message : String(err) });
  }
}

function say(message: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}
