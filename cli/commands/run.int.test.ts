import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../lib/db/testing/testDatabase";
import { serializeBoard } from "../../lib/model/serialize";
import { orderFlowTemplate } from "../../lib/model/template";
import { arrow, sticky, testBoard } from "../../lib/model/testing/testBoards";
import type { RunSummary } from "../../lib/sim/ports/records";
import { tripBoard } from "../../lib/sim/testing/tripBoard";
import { runCli } from "../testing/runCli";

describe("stormflow run (the real CLI, on PostgreSQL through DATABASE_URL)", () => {
  let dir: string;
  let db: TestDatabase;
  let orderFile: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "stormflow-run-"));
    db = await createTestDatabase(inject("pgUrl"));
    orderFile = write("order.board.json", serializeBoard(orderFlowTemplate()));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await db?.drop();
  });

  function write(name: string, text: string): string {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  }
  const cli = (args: string[]) => runCli(["run", ...args], { env: { DATABASE_URL: db.url } });
  const runs = async () => Number((await db.pool.query(`SELECT count(*) FROM sim_runs`)).rows[0].count);

  it("--fault OrderSaga#2:fail on the Order template: every saga compensated, every invariant ok, exit 0, one JSON object with the graph", async () => {
    const run = await cli([orderFile, "--count", "30", "--concurrency", "8", "--seed", "7", "--fault", "OrderSaga#2:fail", "--json"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout) as RunSummary;
    expect(run.stdout.trim().split("\n")).toHaveLength(1);
    expect(Object.keys(summary).sort()).toEqual(["command", "commands", "concurrencyConflicts", "count", "durationMs", "events", "graph", "invariants", "messages", "runId", "sagas", "seed", "status"]);
    expect(summary.commands).toEqual({ handled: 30, rejected: 0 });
    expect(summary).toMatchObject({ command: "PlaceOrder", count: 30, seed: "7", status: "completed", sagas: { started: 30, completed: 0, compensated: 30, failed: 0 } });
    // Per order: OrderPlaced and OrderFailed; ReserveInventory, ChargePayment, ReleaseInventory and their replies.
    expect(summary.messages).toEqual({ events: 60, commands: 90, replies: 90, notices: 0 });
    expect(summary.events).toMatchObject({ appended: 60, published: 240, deadLettered: 0 });
    expect(summary.graph.nodes["saga-order"]).toMatchObject({ sagas: { compensated: 30 }, steps: { 1: { failed: 30 }, 0: { compensated: 30 } } });
    const retried = Object.values(summary.graph.nodes).reduce((n, node) => n + node.retried, 0);
    expect(retried).toBe(summary.events.retried);
    expect(summary.invariants.map((i) => [i.name, i.ok])).toEqual([
      ["saga-atomicity", true],
      ["outbox-drained", true],
      ["idempotency", true],
      ["projection-rebuild", true],
      ["stream-versions", true],
    ]);
    const stored = await db.pool.query(`SELECT status, summary FROM sim_runs WHERE id = $1`, [summary.runId]);
    expect(stored.rows[0]).toMatchObject({ status: "completed", summary: { runId: summary.runId } });
  });

  it("prints a readable summary without --json (no progress bar when stderr is not a terminal)", async () => {
    const file = write("trip.board.json", serializeBoard(tripBoard()));
    const run = await cli([file, "--count=12", "--seed=x", "--duplicates", "0.5", "--fault", "Billing:transient=2", "--fault", "Mailer:rate=0.5", "--time-scale", "0"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Run [0-9a-f-]{36} of "Trip booking": BookTrip × 12 \(concurrency 8, seed x, time scale 0, faults Billing:transient=2, Mailer:rate=0\.5, duplicates 0\.5\)$/m);
    expect(run.stdout).toMatch(/^ {2}sagas {7}12 started, 12 completed, 0 compensated, 0 failed \(needing manual intervention\)$/m);
    expect(run.stdout).toMatch(/^ {2}messages {4}\d+ domain events, 60 step commands, 60 replies$/m);
    expect(run.stdout).toMatch(/^ {4}ok {3}saga-atomicity: /m);
    expect(run.stdout).toMatch(/^completed in \d+\.\d s$/m);
  });

  it.each([
    [["--count", "0"], "count: must be a whole number from 1 to 100,000 (got 0)"],
    [["--count", "100001"], "a run issues at most 100,000 entry commands"],
    [["--count", "ten"], '--count needs a whole number (got "ten")'],
    [[], "--count N is required"],
    [["--count", "1", "--command", "Teleport"], 'unknown command "Teleport"'],
    [["--count", "1", "--fault", "Nobody:fail"], 'unknown fault target "Nobody"'],
    [["--count", "1", "--fault", "Payment"], '"Payment" is not TARGET:MODE'],
    [["--count", "1", "--fault", "PaymentService:rate=2"], "a number from 0 to 1 (got 2)"],
    [["--count", "1", "--fault", "OrderSaga#9:fail"], "targets on this board: OrderSaga#1, OrderSaga#1/compensation, OrderSaga#2"],
    [["--count", "1", "--time-scale", "-1"], "timeScale: must be a number from 0 to 10"],
    [["--count", "1", "--time-scale", "quick"], '--time-scale needs a number (got "quick")'],
    [["--count", "1", "--duplicates", "2"], "duplicateRate: must be a probability from 0 to 1 (got 2)"],
    [["--count", "1", "--frobnicate"], "unknown option --frobnicate"],
  ])("exits 2 on %j with a message naming what and why, and stores no run", async (args, message) => {
    const before = await runs();
    const run = await cli([orderFile, ...args]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(message);
    expect(await runs()).toBe(before);
  });

  it("says how many entry commands the aggregate rejected (a fault with no failure event to append)", async () => {
    const json = await cli([orderFile, "--count", "5", "--seed", "1", "--fault", "Order:fail", "--time-scale", "0", "--json"]);
    expect(json.code).toBe(0);
    const summary = JSON.parse(json.stdout) as RunSummary;
    expect(summary.commands).toEqual({ handled: 0, rejected: 5 });
    expect(summary.sagas.started).toBe(0);
    const text = await cli([orderFile, "--count", "5", "--seed", "1", "--fault", "Order:fail", "--time-scale", "0"]);
    expect(text.stdout).toContain("  commands    0 handled, 5 rejected (the aggregate refused them: a fault with no failure event to append)");
  });

  it("exits 2 on a board with validation errors, listing them", async () => {
    const broken = testBoard([sticky("command", "c", "PlaceOrder"), sticky("aggregate", "a", "Order"), sticky("event", "e", "OrderPlaced")], [arrow("c", "a"), arrow("e", "a")]);
    const run = await cli([write("broken.board.json", serializeBoard(broken)), "--count", "1"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/broken\.board\.json: The board "Test board" has \d+ errors?; fix/);
    expect(run.stderr).toContain("edges[1]");
  });

  it("exits 2 when the file is missing or not a board", async () => {
    expect((await cli([path.join(dir, "missing.board.json"), "--count", "1"])).stderr).toContain("cannot read the file: no such file");
    const notBoard = await cli([write("list.json", "[1]"), "--count", "1"]);
    expect(notBoard.code).toBe(2);
    expect(notBoard.stderr).toContain("list.json:");
  });

  it("with --json, a run that cannot start still prints one JSON object, naming what went wrong", async () => {
    const missing = await cli([path.join(dir, "missing.board.json"), "--count", "1", "--json"]);
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stdout)).toEqual({ error: { code: "bad_input", message: expect.stringContaining("no such file") as string } });
    const broker = await cli([orderFile, "--count", "1", "--json", "--broker", "nats://127.0.0.1:1"]);
    expect(broker.code).toBe(1);
    expect(JSON.parse(broker.stdout)).toEqual({ error: { code: "broker_unavailable", message: expect.stringContaining("127.0.0.1:1") as string } });
    expect(broker.stderr).toContain("stormflow run: ");
  });

  it("exits 1 with one line when the database cannot be reached", async () => {
    const run = await runCli(["run", orderFile, "--count", "1"], { env: { DATABASE_URL: "postgres://u:p@127.0.0.1:1/x" } });
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe("stormflow: Cannot connect to PostgreSQL at 127.0.0.1:1: connection refused (is the server running?)");
  });

  it("is listed in stormflow --help and has its own --help", async () => {
    const help = await runCli(["--help"]);
    expect(help.stdout).toMatch(/^\s+run\s+Run a board on the simulator/m);
    const own = await runCli(["run", "--help"]);
    expect(own.code).toBe(0);
    expect(own.stdout).toContain("--fault TARGET:MODE");
  });
});
