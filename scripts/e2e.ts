/** `npm run test:e2e`: Chromium present, production build current, real brokers found, then Playwright. */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { natsForTests, rabbitmqForTests, throwawayForced, type TestBroker } from "../lib/brokers/testing/testBrokers";
import { ensureChromium } from "./chromium";
import { ensureBuild, ROOT } from "./ensureBuild";

process.env.CHROMIUM_PATH = ensureChromium();
ensureBuild();
// The brokers the e2e server may run on (e2e/brokers.ts), found as the integration tests find
// theirs: STORMFLOW_TEST_NATS_URL / STORMFLOW_TEST_AMQP_URL, else the machine's, else throwaway
// ones (always with STORMFLOW_TEST_BROKERS=throwaway), stopped when Playwright is done.
const brokers = await testBrokers();
console.log(`brokers for e2e: ${brokers.map((b) => b.description).join(", ")}`);
// The server's throwaway cluster; Playwright may kill the server before it deletes it itself.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "stormflow-e2e-"));
let status: number;
try {
  status = await playwright(process.argv.slice(2), {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    STORMFLOW_E2E_DATA_DIR: dataDir,
    STORMFLOW_E2E_NATS_URL: brokers[0]!.url,
    STORMFLOW_E2E_AMQP_URL: brokers[1]!.url,
  });
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
  await Promise.all(brokers.map((b) => b.stop()));
}
process.exit(status);

/** One NATS JetStream and one RabbitMQ, or an Error naming what is wrong with each (throwaway ones already started are stopped). */
async function testBrokers(): Promise<[TestBroker, TestBroker]> {
  const throwaway = throwawayForced();
  const [nats, rabbitmq] = await Promise.allSettled([natsForTests({ throwaway }), rabbitmqForTests({ throwaway })]);
  if (nats.status === "fulfilled" && rabbitmq.status === "fulfilled") return [nats.value, rabbitmq.value];
  await Promise.all([nats, rabbitmq].flatMap((r) => (r.status === "fulfilled" ? [r.value.stop()] : [])));
  const reasons = [nats, rabbitmq].flatMap((r) => (r.status === "rejected" ? [r.reason instanceof Error ? r.reason.message : String(r.reason)] : []));
  throw new Error(`stormflow: no brokers for e2e:\n${reasons.join("\n")}`);
}

/** Runs Playwright's CLI, its output on this terminal; resolves with its exit status (the event loop stays free for the throwaway brokers' cleanup). */
function playwright(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, "node_modules/@playwright/test/cli.js"), "test", ...args], { cwd: ROOT, stdio: "inherit", env });
    // Stopped, Playwright stops first and the brokers after it: a Ctrl-C reaches Playwright from
    // the terminal (this process waits for it), a SIGTERM is passed on.
    process.on("SIGINT", () => undefined);
    process.on("SIGTERM", () => child.kill("SIGTERM"));
    child.once("error", (err) => {
      console.error(`stormflow: Playwright did not start: ${err.message}`);
      resolve(1);
    });
    child.once("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}
