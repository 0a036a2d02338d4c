import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FileRefusedError, readRegularFile } from "./readRegularFile";

async function refusal(file: string, max = 1000): Promise<string> {
  try {
    await readRegularFile(file, max);
  } catch (err) {
    if (err instanceof FileRefusedError) return err.message;
    throw err;
  }
  throw new Error("expected a FileRefusedError");
}

describe("readRegularFile", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "stormflow-read-"));
    writeFileSync(path.join(dir, "board.json"), '{"name":"주문"}');
    execFileSync("mkfifo", [path.join(dir, "pipe")]);
    execFileSync("ln", ["-s", path.join(dir, "pipe"), path.join(dir, "link-to-pipe")]);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reads a regular file as UTF-8", async () => {
    expect(await readRegularFile(path.join(dir, "board.json"), 1000)).toBe('{"name":"주문"}');
  });

  it("refuses a FIFO (also through a symlink), a character device and a directory without reading", async () => {
    // Would never return if the FIFO were opened for reading: no writer ever comes.
    expect(await refusal(path.join(dir, "pipe"))).toBe("cannot read the file: it is a named pipe (FIFO), not a board file");
    expect(await refusal(path.join(dir, "link-to-pipe"))).toBe("cannot read the file: it is a named pipe (FIFO), not a board file");
    expect(await refusal("/dev/zero")).toBe("cannot read the file: it is a character device, not a board file");
    // A "regular" file whose read fails (EIO): one line, not a stack.
    expect(await refusal("/proc/self/mem")).toBe("cannot read the file: the system could not read it (an I/O error)");
    expect(await refusal(dir)).toBe("cannot read the file: it is a directory, not a board file");
    expect(await refusal(path.join(dir, "missing.json"))).toBe("cannot read the file: no such file");
  });

  it("refuses a file above the limit from its size, before reading it", async () => {
    expect(await refusal(path.join(dir, "board.json"), 5)).toMatch(/^the file is too large: \d+ bytes or more, and at most 5 are read$/);
  });
});
