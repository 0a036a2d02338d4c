import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
    expect(run.stdout).toMatch(/^nodes\[20\]: error: Event "Orphan" has no producer/mu);
    expect(run.stdout).toMatch(/^nodes\[20\]\.name: warning: Event "Orphan" does not read as something that happened/mu);
    expect(run.stdout).toContain("errors.board.json: 1 error, 1 warning");
  });

  it("exits 2 when the file is not a board, with the reason", async () => {
    const run = await runCli(["validate", write("list.json", "[1, 2]")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("This is not a Stormflow board");
    const none = await runCli(["validate"]);
    expect(none.code).toBe(2);
  });
});
