import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../bin.mjs", import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  timedOut?: boolean;
}

/**
 * Runs the real `stormflow` binary in a child process, as a user would. With `timeoutMs`, a run
 * that has not ended by then is killed (SIGKILL: a hung CLI may ignore SIGTERM) and reports
 * code -1 with `timedOut`, so a test of a hang fails instead of hanging itself.
 */
export function runCli(args: string[], opts: { env?: Record<string, string | undefined>; input?: string; cwd?: string; timeoutMs?: number } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: opts.cwd ?? path.resolve(path.dirname(BIN), ".."),
      env: { ...process.env, ...opts.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    let timedOut = false;
    const timer = opts.timeoutMs === undefined ? null : setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, opts.timeoutMs);
    child.on("close", (code) => {
      if (timer) clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr, ...(timedOut ? { timedOut } : {}) });
    });
    child.stdin.end(opts.input ?? "");
  });
}
