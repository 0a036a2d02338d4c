import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportFiles } from "../../lib/generate/exportAll";
import { FORMATS } from "../../lib/generate/formats";
import { serializeBoard } from "../../lib/model/serialize";
import { orderFlowTemplate } from "../../lib/model/template";
import { runCli } from "../testing/runCli";

describe("stormflow export (the real CLI)", () => {
  let dir: string;
  let boardFile: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "stormflow-export-"));
    boardFile = path.join(dir, "order.board.json");
    writeFileSync(boardFile, serializeBoard(orderFlowTemplate()));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("prints one format to stdout, byte for byte the generator's output", async () => {
    const run = await runCli(["export", boardFile, "--format", "markdown"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(FORMATS.markdown.generate(orderFlowTemplate()));
    const ko = await runCli(["export", boardFile, "--format=design", "--lang", "en"]);
    expect(ko.stdout).toBe(FORMATS.design.generate(orderFlowTemplate(), { lang: "en" }));
  });

  it("writes to --out: a file, or into a directory under the download name", async () => {
    const file = path.join(dir, "out", "contracts.ts");
    const run = await runCli(["export", boardFile, "--format", "typescript", "--out", file]);
    expect(run.code).toBe(0);
    expect(readFileSync(file, "utf8")).toBe(FORMATS.typescript.generate(orderFlowTemplate()));
    const into = path.join(dir, "into");
    mkdirSync(into);
    await runCli(["export", boardFile, "--format", "mermaid", "--out", into]);
    expect(readdirSync(into)).toEqual(["order-flow.mmd"]);
  });

  it("writes every format with --format all --out DIR", async () => {
    const out = path.join(dir, "all");
    const run = await runCli(["export", boardFile, "--format", "all", "--out", out, "--lang", "ko"]);
    expect(run.code).toBe(0);
    const expected = exportFiles(orderFlowTemplate(), { lang: "ko" });
    expect(readdirSync(out).sort()).toEqual(expected.map((file) => file.name).sort());
    for (const file of expected) expect(readFileSync(path.join(out, file.name), "utf8")).toBe(file.content);
  });

  it("still exports a board with validation errors, listing them on stderr", async () => {
    const board = orderFlowTemplate();
    board.nodes.push({ id: "orphan", kind: "event", name: "OrphanHappened", position: { x: 0, y: 0 }, payload: [] });
    const file = path.join(dir, "errors.board.json");
    writeFileSync(file, serializeBoard(board));
    const run = await runCli(["export", file, "--format", "markdown"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("| OrphanHappened | — | — |");
    expect(run.stderr).toContain("has 1 error; exporting anyway");
    expect(run.stderr).toMatch(/nodes\[\d+\]: error: Event "OrphanHappened" has no producer/u);
  });

  it("exits 2 with the reason when the file is missing, not JSON or not a board", async () => {
    const notJson = path.join(dir, "broken.json");
    writeFileSync(notJson, "{ nope");
    const notBoard = path.join(dir, "other.json");
    writeFileSync(notBoard, JSON.stringify({ hello: "world" }));
    const missing = await runCli(["export", path.join(dir, "missing.json"), "--format", "markdown"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("missing.json: cannot read the file: no such file");
    const broken = await runCli(["export", notJson, "--format", "markdown"]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain("The file is not valid JSON: line 1, column 3");
    const other = await runCli(["export", notBoard, "--format", "markdown"]);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('This is not a Stormflow board: it has no "format" key');
    expect(other.stdout).toBe("");
  });

  it("exits 2 with one line naming the path when --out cannot be written", async () => {
    // The board file itself stands where a folder would have to be made.
    const single = await runCli(["export", boardFile, "--format", "markdown", "--out", path.join(boardFile, "order.md")]);
    expect(single.code).toBe(2);
    expect(single.stderr).toBe(`stormflow export: cannot write ${boardFile}: a file is in the way of a folder\n`);
    const all = await runCli(["export", boardFile, "--format", "all", "--out", path.join(boardFile, "docs")]);
    expect(all.code).toBe(2);
    expect(all.stderr).toBe(`stormflow export: cannot write ${path.join(boardFile, "docs")}: a part of the path is a file, not a folder\n`);
  });

  it.each([
    [["--format", "pdf"], 'unknown format "pdf": use one of markdown, design, typescript, asyncapi, mermaid, jsonschema, svg, all'],
    [["--format", "markdown", "--lang", "fr"], 'unknown language "fr": use one of en, ko'],
    [["--format", "markdown", "--colour"], "unknown option --colour"],
    [[], "--format is required"],
    [["--format", "all"], "--format all writes one file per format: give the directory with --out DIR"],
    [["--format"], "--format needs a value"],
  ])("exits 2 on a bad command line: %j", async (args, message) => {
    const run = await runCli(["export", boardFile, ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain("Usage: stormflow export FILE --format");
  });

  it("--earlier gives the board's earlier versions: a raised event version brings its old types and an upcaster", async () => {
    const v1 = orderFlowTemplate();
    const v2 = { ...v1, nodes: v1.nodes.map((n) => (n.kind === "event" && n.name === "OrderPlaced" ? { ...n, version: 2, payload: [...n.payload, { name: "currency", type: "string" as const }] } : n)) };
    const oldFile = path.join(dir, "old.board.json");
    const newFile = path.join(dir, "new.board.json");
    writeFileSync(oldFile, serializeBoard(v1));
    writeFileSync(newFile, serializeBoard(v2));
    const run = await runCli(["export", newFile, "--format", "typescript", "--earlier", oldFile]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("export type UpcastOrderPlacedV1ToV2 = (event: OrderPlacedEventV1) => OrderPlacedEvent;");
    const missing = await runCli(["export", newFile, "--format", "typescript", "--earlier", path.join(dir, "nope.board.json")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("nope.board.json");
    const markdown = await runCli(["export", newFile, "--format", "markdown", "--earlier", oldFile]);
    expect(markdown.code).toBe(2);
    expect(markdown.stderr).toContain("--earlier applies to --format typescript");
  });
});
