import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Board, BoardNode } from "../../lib/model/schema";
import { serializeBoard } from "../../lib/model/serialize";
import { orderFlowTemplate } from "../../lib/model/template";
import { runCli } from "../testing/runCli";

/** The template with its first event of several fields changed by `change`. */
function withEvent(board: Board, change: (node: Extract<BoardNode, { kind: "event" }>) => Extract<BoardNode, { kind: "event" }>): Board {
  const target = board.nodes.find((n) => n.kind === "event" && n.payload.length > 1)!;
  return { ...board, nodes: board.nodes.map((n) => (n.id === target.id && n.kind === "event" ? change(n) : n)) };
}

describe("stormflow diff (the real CLI)", () => {
  let dir: string;
  const old = orderFlowTemplate();
  const event = old.nodes.find((n) => n.kind === "event" && n.payload.length > 1) as Extract<BoardNode, { kind: "event" }>;
  const removedField = event.payload[1]!.name;
  const breaking = withEvent(old, (e) => ({ ...e, payload: e.payload.filter((f) => f.name !== removedField) }));
  const optionalAdded = withEvent(old, (e) => ({ ...e, payload: [...e.payload, { name: "coupon", type: "string", required: false }] }));
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "stormflow-diff-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function write(name: string, text: string): string {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  }

  it("exits 1 and names the change, why it breaks and who reads it when a required field is removed", async () => {
    const run = await runCli(["diff", write("a.board.json", serializeBoard(old)), write("b.board.json", serializeBoard(breaking))]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`${event.name} (event): field-removed payload.${removedField}: BREAKS forward`);
    expect(run.stdout).toMatch(/read by EmailService/u);
    expect(run.stdout).toContain("1 of 1 change(s) break under full");
  });

  it("exits 0 when compatible under the mode, and the mode decides", async () => {
    const a = write("c.board.json", serializeBoard(old));
    const compatible = await runCli(["diff", a, write("d.board.json", serializeBoard(optionalAdded))]);
    expect(compatible.code).toBe(0);
    expect(compatible.stdout).toContain("compatible under full");
    // Removing a required field is allowed by backward, not by forward.
    const b = write("e.board.json", serializeBoard(breaking));
    expect((await runCli(["diff", a, b, "--mode", "backward"])).code).toBe(0);
    expect((await runCli(["diff", a, b, "--mode=forward"])).code).toBe(1);
    expect((await runCli(["diff", a, a])).stdout).toBe("no contract changed (full)\n");
  });

  it("--json prints what the API's diff answers; --markdown a table in English or Korean", async () => {
    const a = write("f.board.json", serializeBoard(old));
    const b = write("g.board.json", serializeBoard(breaking));
    const json = await runCli(["diff", a, b, "--json"]);
    expect(json.code).toBe(1);
    const parsed = JSON.parse(json.stdout) as { compatible: boolean; mode: string; changes: { contract: string; change: string; path: string; breaking: boolean; reason: string; consumers: { id: string; name: string; kind: string }[] }[] };
    expect(parsed).toMatchObject({ compatible: false, mode: "full" });
    expect(parsed.changes).toEqual([expect.objectContaining({ contract: event.name, change: "field-removed", path: `payload.${removedField}`, breaking: true })]);
    expect(parsed.changes[0]!.consumers).toContainEqual({ id: expect.any(String) as string, name: "EmailService", kind: "service" });
    const en = await runCli(["diff", a, b, "--markdown"]);
    expect(en.stdout).toContain("## Contract changes (full compatibility)");
    expect(en.stdout).toContain("| Contract | Change | Path | Breaking | Why | Consumers |");
    expect(en.stdout).toContain(`| ${event.name} (event) | field removed | \`payload.${removedField}\` | **yes** |`);
    const ko = await runCli(["diff", a, b, "--markdown", "--lang", "ko"]);
    expect(ko.stdout).toContain("## 계약 변경 (full 호환성)");
    expect(ko.stdout).toContain(`| ${event.name} (이벤트) | 필드 삭제 |`);
  });

  it("reads git:REF:PATH from a repository, so a CI job can compare a pull request with its base", async () => {
    const repo = path.join(dir, "repo");
    mkdirSync(path.join(repo, "boards"), { recursive: true });
    const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", ...args], { cwd: repo, stdio: "pipe" });
    git("init", "-q", "-b", "main");
    writeFileSync(path.join(repo, "boards/order.board.json"), serializeBoard(old));
    git("add", ".");
    git("commit", "-qm", "base");
    writeFileSync(path.join(repo, "boards/order.board.json"), serializeBoard(breaking));
    git("commit", "-qam", "remove a field");
    const run = await runCli(["diff", "git:HEAD~1:boards/order.board.json", "git:HEAD:boards/order.board.json", "--json"], { cwd: repo });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(1);
    expect((JSON.parse(run.stdout) as { changes: { path: string }[] }).changes.map((c) => c.path)).toEqual([`payload.${removedField}`]);
    // A working-tree file against a committed one.
    expect((await runCli(["diff", "git:main:boards/order.board.json", "boards/order.board.json"], { cwd: repo })).code).toBe(0);
    const missing = await runCli(["diff", "git:nope:boards/order.board.json", "boards/order.board.json"], { cwd: repo });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^stormflow diff: git:nope:boards\/order\.board\.json: .+/u);
    const option = await runCli(["diff", "git:--output=/tmp/x:boards/order.board.json", "boards/order.board.json"], { cwd: repo });
    expect(option.code).toBe(2);
    expect(option.stderr).toContain('a git revision cannot start with "-"');
  });

  it("exits 2 for bad input: not a board, a missing file, bad options", async () => {
    const a = write("h.board.json", serializeBoard(old));
    const cases: [string[], RegExp][] = [
      [["diff", a, write("not.json", "{nope")], /not\.json: .*JSON/u],
      [["diff", a, path.join(dir, "missing.board.json")], /missing\.board\.json/u],
      [["diff", a], /give two boards: OLD and NEW/u],
      [["diff", a, a, a], /diff takes two boards/u],
      [["diff", a, a, "--mode", "sideways"], /unknown mode "sideways": use one of backward, backward-transitive/u],
      [["diff", a, a, "--json", "--markdown"], /give one of --json and --markdown/u],
      [["diff", a, a, "--lang", "ko"], /--lang applies to --markdown only/u],
      [["diff", a, a, "--markdown", "--lang", "fr"], /unknown language "fr"/u],
      [["diff", a, a, "--frobnicate"], /unknown option --frobnicate/u],
      [["diff", "git:main", a], /write git:REF:PATH/u],
      [["diff", dir, a], /directory/u],
    ];
    // Side by side: each is a process of its own (and, from a directory outside the project, proves the CLI runs anywhere).
    const runs = await Promise.all(cases.map(([args]) => runCli(args, { cwd: dir })));
    cases.forEach(([args, message], i) => {
      const run = runs[i]!;
      expect([args.join(" "), run.code]).toEqual([args.join(" "), 2]);
      expect(run.stderr).toMatch(message);
      expect(run.stdout).toBe("");
    });
  });
});
