import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { BoardStore } from "@/lib/boards/boardStore";
import { BoardHistory } from "@/lib/boards/boardHistory";
import { openDatabase, type Database } from "@/lib/db/database";
import { createPrisma, type PrismaClient } from "@/lib/db/prisma";
import { orderFlowTemplate } from "@/lib/model/template";
import type { RunInfo } from "@/lib/runtime/runService";
import { expectInvariantsOk } from "@/lib/runtime/testing/helpers";
import { setServices } from "@/lib/services/registry";
import { startRunDriver, type RunDriver } from "@/lib/services/runDriver";
import * as boardRuns from "./boards/[id]/runs/route";
import * as boards from "./boards/route";
import * as board from "./boards/[id]/route";
import * as streams from "./streams/route";
import * as dlq from "./runs/[runId]/dlq/route";
import * as readModels from "./runs/[runId]/read-models/route";
import * as run from "./runs/[runId]/route";
import * as stop from "./runs/[runId]/stop/route";
import * as trace from "./runs/[runId]/trace/route";

/*
 * The embedded PostgreSQL dies in the middle of a run (its postmaster is killed, or stopped). While it is
 * down every route answers 503 `database_unavailable` with one log line; the app's supervisor
 * starts it again by itself; the run, paused meanwhile, goes on and completes with every
 * invariant holding and every saga accounted for. The services are wired as server.ts wires them
 * (openDatabase on an embedded cluster, startRunDriver), over a data folder of its own.
 */

const COUNT = 400;
/** The supervisor waits this long before its first restart, so that the outage lasts long enough to be asked about. */
const RESTART_DELAY_MS = 2_000;

const req = (url: string, method = "GET", body?: unknown) =>
  new Request(`http://test${url}`, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
const params = <T extends Record<string, string>>(value: T) => ({ params: Promise.resolve(value) });

let dataDir: string;
let db: Database;
let prisma: PrismaClient;
let driver: RunDriver;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sf-outage-"));
  // Durable, as the app's own cluster is: a throwaway one runs with synchronous_commit=off, and a
  // crash of PostgreSQL then loses its last commits by design (the test would see events vanish).
  db = await openDatabase({ target: { kind: "embedded", dataDir, ephemeral: false }, restartDelayMs: RESTART_DELAY_MS });
  prisma = createPrisma(db.pool);
  driver = await startRunDriver(db, { sweepMs: 500, log: () => undefined });
  const boards = new BoardStore(prisma);
  setServices({ version: "test", db, prisma, boards, history: new BoardHistory(prisma, boards), runs: driver.runs, brokers: [] });
});
afterAll(async () => {
  await driver?.shutdown();
  await prisma?.$disconnect();
  await db?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function view(runId: string): Promise<RunInfo> {
  const res = await run.GET(req(`/api/runs/${runId}`), params({ runId }));
  expect(res.status).toBe(200);
  return (await res.json()) as RunInfo;
}

async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("a database outage in the middle of a run", () => {
  // Killed (SIGKILL: a crash), and stopped (SIGINT: PostgreSQL's fast shutdown, as `pg_ctl stop` does).
  it.each([
    ["SIGKILL", /exited \(SIGKILL\); restarting it/],
    ["SIGINT", /exited \(code 0\); restarting it/],
  ] as const)("%s of the postmaster: every route answers 503 database_unavailable while it lasts, PostgreSQL is restarted, and the run completes with nothing lost", async (signal, exitLine) => {
    const created = await boards.POST(req("/api/boards", "POST", orderFlowTemplate()), undefined);
    const boardId = ((await created.json()) as { id: string }).id;
    const started = await boardRuns.POST(req(`/api/boards/${boardId}/runs`, "POST", { count: COUNT, concurrency: 8, seed: 5 }), params({ id: boardId }));
    expect(started.status).toBe(202);
    const { runId } = (await started.json()) as { runId: string };
    // Mid-run: some orders done, most to come.
    await until("the run to be under way", async () => ((await view(runId)).counters.instances.finished >= 20 ? true : undefined), 60_000);

    const warn = vi.spyOn(console, "warn");
    const error = vi.spyOn(console, "error");
    const postmaster = Number(fs.readFileSync(path.join(dataDir, "pg", "postmaster.pid"), "utf8").split("\n")[0]);
    process.kill(postmaster, signal);
    // Its backends go a moment after it (each when it next waits): until then a pooled connection may still answer.
    await until("the API to notice", async () => ((await boards.GET(req("/api/boards"), undefined)).status === 503 ? true : undefined), RESTART_DELAY_MS);
    const supervisorLines = warn.mock.calls.map((args) => args.join(" "));
    warn.mockClear();

    // Every route, asked while PostgreSQL is down.
    const asked: Record<string, () => Promise<Response>> = {
      "GET /api/boards": () => boards.GET(req("/api/boards"), undefined),
      "POST /api/boards": () => boards.POST(req("/api/boards", "POST", orderFlowTemplate()), undefined),
      "GET /api/boards/:id": () => board.GET(req(`/api/boards/${boardId}`), params({ id: boardId })),
      "GET /api/boards/:id/runs": () => boardRuns.GET(req(`/api/boards/${boardId}/runs`), params({ id: boardId })),
      "POST /api/boards/:id/runs": () => boardRuns.POST(req(`/api/boards/${boardId}/runs`, "POST", { count: 1 }), params({ id: boardId })),
      "GET /api/runs/:id": () => run.GET(req(`/api/runs/${runId}`), params({ runId })),
      "GET /api/runs/:id/trace": () => trace.GET(req(`/api/runs/${runId}/trace`), params({ runId })),
      "GET /api/runs/:id/dlq": () => dlq.GET(req(`/api/runs/${runId}/dlq`), params({ runId })),
      "GET /api/runs/:id/read-models": () => readModels.GET(req(`/api/runs/${runId}/read-models`), params({ runId })),
      "GET /api/streams": () => streams.GET(req(`/api/streams?runId=${runId}`), undefined),
      "POST /api/runs/:id/stop (an unknown run)": () => stop.POST(req(`/api/runs/00000000-0000-4000-8000-000000000000/stop`, "POST"), params({ runId: "00000000-0000-4000-8000-000000000000" })),
    };
    const answers: Record<string, { status: number; code: string }> = {};
    for (const [name, ask] of Object.entries(asked)) {
      const res = await ask();
      answers[name] = { status: res.status, code: ((await res.json()) as { error?: { code: string } }).error?.code ?? "" };
    }
    expect(answers).toEqual(Object.fromEntries(Object.keys(asked).map((name) => [name, { status: 503, code: "database_unavailable" }])));
    // One line per refused request, and no stack trace anywhere.
    expect(error).not.toHaveBeenCalled();
    const lines = warn.mock.calls.map((args) => args.join(" "));
    expect(lines.filter((l) => l.includes("database unavailable"))).toHaveLength(Object.keys(asked).length);
    // One line each, with no stack frame (`at fn (file.ts:12:34)`) in it.
    for (const line of lines) expect(line).not.toMatch(/\n|\(\S+:\d+:\d+\)/);

    // The supervisor brings PostgreSQL back by itself, and the API with it.
    await until("the API to answer again", async () => ((await boards.GET(req("/api/boards"), undefined)).status === 200 ? true : undefined), 60_000);
    const said = [...supervisorLines, ...warn.mock.calls.map((args) => args.join(" "))];
    expect(said.some((l) => exitLine.test(l))).toBe(true);
    expect(said.some((l) => /embedded PostgreSQL is back on port/.test(l))).toBe(true);
    warn.mockRestore();
    error.mockRestore();

    // The run paused and went on: it completes, every order's flow accounted for.
    const done = await until("the run to end", async () => {
      const v = await view(runId);
      return v.status === "running" ? undefined : v;
    }, 180_000);
    expect(done.error).toBeNull();
    const summary = (await driver.runtime.reads.getRun(runId))!.summary;
    expectInvariantsOk(summary);
    expect(done.status).toBe("completed");
    expect(summary.sagas).toEqual({ started: COUNT, completed: COUNT, compensated: 0, failed: 0 });
    expect(done.counters.instances).toEqual({ issued: COUNT, finished: COUNT });
    expect(summary.events).toMatchObject({ appended: 2 * COUNT, deadLettered: 0 });
    // The instance took its lock again when the database came back: it still owns its runs, alive.
    expect((await db.pool.query(`SELECT owner_id FROM sim_runs WHERE id = $1`, [runId])).rows[0].owner_id).toBe(driver.instanceId);
    await until("the instance's lock to be held again", async () => ((await db.pool.query(`SELECT sim_instance_alive($1) AS alive`, [driver.instanceId])).rows[0].alive ? true : undefined), 10_000);
  });
});
