import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkOutPath } from "./checkOutPath";

describe("checkOutPath", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "stormflow-out-"));
    writeFileSync(path.join(dir, "file.md"), "x");
    execFileSync("mkfifo", [path.join(dir, "pipe")]);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("accepts a new path, an existing directory and, for one format, an existing file", async () => {
    expect(await checkOutPath(path.join(dir, "new", "deeper"), { directory: true })).toBeNull();
    expect(await checkOutPath(dir, { directory: true })).toBeNull();
    expect(await checkOutPath(path.join(dir, "file.md"), { directory: false })).toBeNull();
    // A file standing where a folder must be is left to the write, which names it (ENOTDIR/EEXIST).
    expect(await checkOutPath(path.join(dir, "file.md", "x"), { directory: false })).toBeNull();
  });

  it("refuses kernel file systems by real path and type, even through a symlink or a path that does not exist yet", async () => {
    expect(await checkOutPath("/proc/x", { directory: true })).toContain("special file system (proc)");
    expect(await checkOutPath("/proc/self/fd/x/y", { directory: false })).toContain("special file system");
    expect(await checkOutPath("/sys/x", { directory: true })).toContain("special file system (sysfs)");
    expect(await checkOutPath("/dev/null", { directory: false })).toContain("special file system");
    execFileSync("ln", ["-s", "/proc", path.join(dir, "link-to-proc")]);
    expect(await checkOutPath(path.join(dir, "link-to-proc", "x"), { directory: true })).toContain("special file system (proc)");
  });

  it("refuses a FIFO, and a file where --format all needs a directory", async () => {
    expect(await checkOutPath(path.join(dir, "pipe"), { directory: false })).toContain("is a named pipe (FIFO)");
    expect(await checkOutPath(path.join(dir, "file.md"), { directory: true })).toContain("is a file; --format all needs a directory");
  });
});
