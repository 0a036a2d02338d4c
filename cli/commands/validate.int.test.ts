import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { serializeBoard } from "../../lib/model/serialize";
import { orderFlowTemplate } from "../../lib/model/template";
import { runCli } from "../testing/runCli";

describe("stormflow validate (the real CLI)", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "stormflow-validate-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function write(name: string, text: string): string {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  }

  it("exits 0 for the Order template, which has no issues", async () => {
    const run = await runCli(["validate", write("order.board.json", serializeBoard(orderFlowTemplate()))]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("order.board.json: 0 errors, 0 warnings");
  });

  it("prints each issue as path: severity: message and exits 1 when there are errors", async () => {
    const board = orderFlowTemplate();
    board.nodes.push({ id: "orphan", kind: "event", name: "Orphan", position: { x: 0, y: 0 }, payload: [] });
    const run = await runCli(["validate", write("errors.board.json", serializeBoard(board))]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^nodes\[22\]: error: Event "Orphan" has no producer/mu);
    expect(run.stdout).toMatch(/^nodes\[22\]\.name: warning: Event "Orphan" does not read as something that happened/mu);
    expect(run.stdout).toContain("errors.board.json: 1 error, 1 warning");
  });

  it("reports as errors the text the app refuses on import (a newline in a name, a step command's name), as the app would", async () => {
    const board = orderFlowTemplate();
    const saga = board.nodes.find((n) => n.kind === "saga")!;
    const odd = {
      ...board,
      nodes: board.nodes.map((n, i) =>
        i === 0 ? { ...n, name: "Place\nOrder" } : n.kind === "saga" && n.id === saga.id ? { ...n, steps: n.steps.map((step, j) => (j === 0 ? { ...step, action: { ...step.action, name: "Reserve\u0007" } } : step)) } : n,
      ),
    };
    const run = await runCli(["validate", write("control.board.json", serializeBoard(odd))]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("nodes[0].name: error: must not contain control characters");
    expect(run.stdout).toMatch(/steps\[0\]\.action\.name: error: must not contain control characters/);
    expect(run.stdout).toContain(": 2 errors, 0 warnings");
  });

  it("takes a schema v1 file as well (migrated, with the same meaning), and reports against its v2 form", async () => {
    const v1 = readFileSync(new URL("../../lib/model/fixtures/order-flow.v1.board.json", import.meta.url), "utf8");
    expect(JSON.parse(v1).schemaVersion).toBe(1);
    const clean = await runCli(["validate", write("v1.board.json", v1)]);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain("v1.board.json: 0 errors, 0 warnings");
    const broken = JSON.parse(v1);
    broken.nodes.find((node: { kind: string }) => node.kind === "saga").steps[0].compensation = null;
    const run = await runCli(["validate", write("v1-broken.board.json", JSON.stringify(broken))]);
    // Without its compensation the first step is the pivot, and the compensable steps after it are warned about.
    expect(run.stdout).toMatch(/^nodes\[7\]\.steps\[1\]\.type: warning: Step 2 of saga "OrderSaga" is compensable but comes after the pivot \(step 1\)/mu);
  });

  it("reads the board from standard input for -", async () => {
    const clean = await runCli(["validate", "-"], { input: serializeBoard(orderFlowTemplate()) });
    expect(clean).toMatchObject({ code: 0, stdout: "-: 0 errors, 0 warnings\n" });
    const junk = await runCli(["validate", "-"], { input: "[1, 2]" });
    expect(junk.code).toBe(2);
    expect(junk.stderr).toContain("stormflow validate: -: This is not a Stormflow board");
    // Other single-dash words are still unknown options.
    expect((await runCli(["validate", "-x"])).stderr).toContain("unknown option -x");
  });

  it("exits 2 when the file is not a board, with the reason", async () => {
    const run = await runCli(["validate", write("list.json", "[1, 2]")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("This is not a Stormflow board");
    const none = await runCli(["validate"]);
    expect(none.code).toBe(2);
  });
});
