import { defineConfig } from "@playwright/test";
import { e2eBrokersSetting } from "./e2e/brokers";

// e2e drives Debian's Chromium (never a downloaded browser) against the production build,
// served by server.ts on its own port over a throwaway embedded PostgreSQL, with the real brokers
// scripts/e2e.ts found and two unreachable ones (e2e/brokers.ts); runs stay in process unless a spec picks one.
const PORT = Number(process.env.E2E_PORT ?? 3217);
const baseURL = `http://127.0.0.1:${PORT}`;

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: ".tmp/test-report/e2e.json" }]],
  use: {
    baseURL,
    viewport: { width: 1440, height: 900 },
    // An English browser (Accept-Language en-US), so the UI is English unless a spec asks for Korean.
    locale: "en-US",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
      ],
    },
  },
  webServer: {
    command: "node --import tsx server.ts",
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      NODE_ENV: "production",
      PORT: String(PORT),
      HOST: "127.0.0.1",
      STORMFLOW_DATA_DIR: process.env.STORMFLOW_E2E_DATA_DIR ?? `.tmp/e2e-data-${process.pid}`,
      STORMFLOW_EPHEMERAL: "1",
      DATABASE_URL: "",
      // Set even when empty: a STORMFLOW_BROKERS of the shell must not reach the e2e server.
      STORMFLOW_BROKERS: e2eBrokersSetting(),
      NEXT_TELEMETRY_DISABLED: "1",
    },
  },
});
