import { spawn } from "node:child_process";
import net from "node:net";
import { describe, expect, it } from "vitest";
import { findFreePort } from "./lib/db/freePort";

/** Runs server.ts as `npm start` would, and collects what it prints until it exits. */
function runServer(env: Record<string, string>): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code: code ?? -1, stderr }));
  });
}

describe("server start-up problems are one line and exit 1", () => {
  it("a port in use names the port and how to pick another", async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", r));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const run = await runServer({ PORT: String(port), DATABASE_URL: "postgres://u:p@127.0.0.1:1/x" });
      expect(run.code).toBe(1);
      expect(run.stderr.trim()).toBe(`stormflow: Port ${port} on 127.0.0.1 is already in use: stop the other process, or pick another port with PORT=${port + 1} npm start`);
    } finally {
      blocker.close();
    }
  });

  it("an unreachable DATABASE_URL names host and port", async () => {
    const run = await runServer({ PORT: String(await findFreePort()), DATABASE_URL: "postgres://u:p@127.0.0.1:1/x" });
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe("stormflow: Cannot connect to PostgreSQL at 127.0.0.1:1: connection refused (is the server running?)");
  });

  it("a PORT that is not a number is refused", async () => {
    const run = await runServer({ PORT: "eighty", DATABASE_URL: "postgres://u:p@127.0.0.1:1/x" });
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe('stormflow: PORT must be a whole number from 1 to 65535 (got "eighty")');
  });
});
