import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serializeBoard } from "../lib/model/serialize";
import { orderFlowTemplate } from "../lib/model/template";
import { runCli } from "./testing/runCli";

/**
 * The real `stormflow` binary against what is not a board file, --out paths that are no place
 * for files, and flags that are not what they seem: exit 2 with one line, quickly (a hang is
 * killed after 20 s and fails the test).
 */
const QUICK = { timeoutMs: 20_000 };

describe("stormflow refuses bad input with exit 2 (the real CLI)", () => {
  let dir: string;
  let boardFile: string;
  let fifo: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "stormflow-bad-input-"));
    boardFile = path.join(dir, "order.board.json");
    writeFileSync(boardFile, serializeBoard(orderFlowTemplate()));
    fifo = path.join(dir, "board.fifo");
    execFileSync("mkfifo", [fifo]);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe("anything but a regular file is refused before a byte is read", () => {
    const cases = () =>
      [
        ["a FIFO (opening it would wait for a writer for ever)", fifo, "it is a named pipe (FIFO), not a board file"],
        ["/dev/zero (it never ends)", "/dev/zero", "it is a character device, not a board file"],
        ["a directory", dir, "it is a directory, not a board file"],
      ] as const;
    for (const command of [["validate"], ["export", "--format", "mermaid"], ["run", "--count", "1"]]) {
      it(`stormflow ${command[0]}: FIFO, /dev/zero and a directory`, async () => {
        for (const [what, file, reason] of cases()) {
          const run = await runCli([command[0]!, file, ...command.slice(1)], QUICK);
          expect(run.timedOut, what).toBeUndefined();
          expect(run.code, what).toBe(2);
          expect(run.stderr, what).toBe(`stormflow ${command[0]}: ${file}: cannot read the file: ${reason}\n`);
          expect(run.stdout, what).toBe("");
        }
      });
    }
  });

  describe("NUL bytes and lone surrogates in a board file: exit 2 naming the field", () => {
    const template = serializeBoard(orderFlowTemplate());
    it.each([
      ["a raw NUL byte in a sticky name", template.replace('"name": "OrderPlaced"', '"name": "Order\u0000Placed"'), "nodes[3].name"],
      ["an escaped \\u0000 in the board name", template.replace('"name": "Order flow"', '"name": "Order\\u0000flow"'), "name"],
      ["an escaped lone surrogate in an edge label", template.replace('"source": "actor-customer",', '"source": "actor-customer", "label": "x\\ud800",'), "edges[0].label"],
    ])("%s", async (_what, text, field) => {
      expect(text).not.toBe(template);
      const file = path.join(dir, "nul.board.json");
      writeFileSync(file, text);
      const run = await runCli(["validate", file], QUICK);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`${field}: must not contain NUL characters (U+0000) or unpaired surrogates`);
    });

    it.each([
      ["__proto__ in a node", '"kind": "event",', '"kind": "event", "__proto__": {"polluted": true},', "nodes[3].__proto__"],
      ["constructor in a payload field", '"payload": [\n        {', '"payload": [\n        { "constructor": 1,', "nodes[1].payload[0].constructor"],
      ["prototype at the top", '"format":', '"prototype": 1, "format":', "prototype"],
    ])("%s: exit 2 naming the path", async (_what, find, replace, field) => {
      const text = template.replace(find, replace);
      expect(text).not.toBe(template);
      const file = path.join(dir, "proto.board.json");
      writeFileSync(file, text);
      const run = await runCli(["validate", file], QUICK);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`${field}: the key`);
      expect(run.stderr).toContain("is not allowed at any depth");
    });

    it("a NUL byte outside any string stays a JSON syntax error with its line and column", async () => {
      const file = path.join(dir, "nul-outside.board.json");
      writeFileSync(file, template.replace("{", "{\u0000"));
      const run = await runCli(["validate", file], QUICK);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("The file is not valid JSON: line 1, column 2");
    });
  });

  describe("--out is checked before anything is created", () => {
    it.each([
      ["/proc/x", "all", "special file system (proc)"],
      ["/proc/self/x/y", "markdown", "special file system (proc)"],
      ["/sys/x", "all", "special file system (sysfs)"],
      ["/dev/x", "mermaid", "special file system"],
      ["/dev/null", "mermaid", "special file system"],
    ])("--out %s --format %s: exit 2, one line", async (out, format, reason) => {
      const run = await runCli(["export", boardFile, "--format", format, "--out", out], QUICK);
      expect(run.timedOut).toBeUndefined();
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(new RegExp(`^stormflow export: --out ${out.replace(/[/]/g, "\\/")} is on a ${reason.replace(/[()]/g, "\\$&")}.*\\n$`));
    });

    it("a FIFO as --out is refused (the write would block), and a file as --out for --format all", async () => {
      const toFifo = await runCli(["export", boardFile, "--format", "mermaid", "--out", fifo], QUICK);
      expect(toFifo.code).toBe(2);
      expect(toFifo.stderr).toBe(`stormflow export: --out ${fifo} is a named pipe (FIFO); give a directory or a regular file\n`);
      const toFile = await runCli(["export", boardFile, "--format", "all", "--out", boardFile], QUICK);
      expect(toFile.code).toBe(2);
      expect(toFile.stderr).toBe(`stormflow export: --out ${boardFile} is a file; --format all needs a directory\n`);
    });

    it("an ordinary --out still works", async () => {
      const out = path.join(dir, "docs", "deeper");
      const run = await runCli(["export", boardFile, "--format", "all", "--out", out], QUICK);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`wrote ${path.join(out, "")}`);
    });
  });

  describe("flags", () => {
    it.each([
      [["run", "BOARD", "--count", "1", "--count", "2"], "--count is given twice"],
      [["run", "BOARD", "--count=1", "--seed", "a", "--seed=b"], "--seed is given twice"],
      [["run", "BOARD", "--count", "1", "--json", "--json"], "--json is given twice"],
      [["export", "BOARD", "--format", "mermaid", "--format", "markdown"], "--format is given twice"],
    ])("a flag given twice: %j", async (args, message) => {
      const run = await runCli(args.map((a) => (a === "BOARD" ? boardFile : a)), QUICK);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(message);
    });

    it.each([
      ["--count", "0x10", "a whole number"],
      ["--count", "1e3", "a whole number"],
      ["--count", " 5", "a whole number"],
      ["--count", "+5", "a whole number"],
      ["--concurrency", "0b11", "a whole number"],
      ["--duplicates", "0x1", "a number"],
      ["--time-scale", "Infinity", "a number"],
      ["--time-scale", "1e-2", "a number"],
    ])("%s %j is refused: decimal digits only", async (flag, value, what) => {
      const args = flag === "--count" ? ["run", boardFile, flag, value] : ["run", boardFile, "--count", "1", flag, value];
      const run = await runCli(args, QUICK);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`${flag} needs ${what} (got ${JSON.stringify(value)}): decimal digits only`);
    });

    it.each([
      [["--count", "0x10"], "--count needs a whole number"],
      [["--count", "1", "--count", "2"], "--count is given twice"],
      [["--count", "1", "--fault", "PaymentService"], "is not TARGET:MODE"],
      [["--count", "1", "--broker", "nats://127.0.0.1:4222", "--workers", "0"], "--workers needs a whole number from 1 to 16"],
      [["--count", "1", "--seed="], "seed: must not be empty"],
      [["--count", "1", "--fault", "Nobody:fail"], 'unknown fault target "Nobody"'],
    ])("with --json, %j still prints one JSON error object on stdout (exit 2)", async (flags, message) => {
      const run = await runCli(["run", boardFile, ...flags, "--json"], QUICK);
      expect(run.code).toBe(2);
      const printed = JSON.parse(run.stdout) as { error: { code: string; message: string } };
      expect(printed.error.code).toBe("bad_input");
      expect(printed.error.message).toContain(message);
      // One cause, said once.
      expect(run.stderr.split(message)).toHaveLength(2);
    });

    it("--fault may repeat (each adds a fault)", async () => {
      // Refused for its target, not for repeating: the flag itself was taken twice.
      const run = await runCli(["run", boardFile, "--count", "1", "--fault", "PaymentService:fail", "--fault", "Nobody:fail"], QUICK);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('unknown fault target "Nobody"');
      expect(run.stderr).not.toContain("given twice");
    });

    it.each([
      [["run", "BOARD", "--count", "1", "--workers", "2"], "--workers N hosts the run's consumers on a real broker: give --broker URL too"],
      [["run", "BOARD", "--count", "1", "--broker", "nats://127.0.0.1:4222", "--workers", "0"], "--workers needs a whole number from 1 to 16 (got 0)"],
      [["run", "BOARD", "--count", "1", "--broker", "nats://127.0.0.1:4222", "--workers", "17"], "--workers needs a whole number from 1 to 16 (got 17)"],
      [["run", "BOARD", "--count", "1", "--broker", "nats://127.0.0.1:4222", "--workers", "2x"], "--workers needs a whole number"],
      [["worker"], "--broker URL is required"],
      [["worker", "BOARD", "--broker", "nats://127.0.0.1:4222"], "a worker takes no file"],
      [["worker", "--broker", "kafka://127.0.0.1:9092"], "--broker: "],
      [["worker", "--broker", "nats://127.0.0.1:4222", "--slot", "3/2"], "--slot needs I/N with 1 ≤ I ≤ N ≤ 999 (got \"3/2\")"],
      [["worker", "--broker", "nats://127.0.0.1:4222", "--slot", "0/2"], "--slot needs I/N"],
      [["worker", "--broker", "nats://127.0.0.1:4222", "--slot", "1/1000"], "1 ≤ I ≤ N ≤ 999"],
      [["run", "BOARD", "--count", "1", "--broker", "nats://127.0.0.1:4222", "--workers", "99999999999999999999"], "(got 99999999999999999999)"],
      [["worker", "--broker", "nats://127.0.0.1:4222", "--slot"], "--slot needs a value"],
      [["worker", "--broker", "nats://127.0.0.1:4222", "--broker", "nats://127.0.0.1:4222"], "--broker is given twice"],
      [["worker", "--broker", "nats://127.0.0.1:4222", "--threads", "4"], "unknown option --threads"],
    ])("workers: %j is bad input (exit 2, the cause named)", async (args, message) => {
      const run = await runCli(args.map((a) => (a === "BOARD" ? boardFile : a)), QUICK);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(message);
    });

    it("stormflow worker on a broker nobody answers at: one line naming host and port, exit 1", async () => {
      const run = await runCli(["worker", "--broker", "nats://127.0.0.1:1"], QUICK);
      expect(run.code).toBe(1);
      expect(run.stderr.trim().split("\n")).toHaveLength(1);
      expect(run.stderr).toContain("127.0.0.1:1");
    });
  });
});
