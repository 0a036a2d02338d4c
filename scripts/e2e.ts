/** `npm run test:e2e`: Chromium present, production build current, then Playwright. */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureChromium } from "./chromium";
import { ensureBuild, ROOT } from "./ensureBuild";

process.env.CHROMIUM_PATH = ensureChromium();
ensureBuild();
// The server's throwaway cluster; Playwright may kill the server before it deletes it itself.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "stormflow-e2e-"));
const res = spawnSync(process.execPath, [path.join(ROOT, "node_modules/@playwright/test/cli.js"), "test", ...process.argv.slice(2)], {
  cwd: ROOT,
  stdio: "inherit",
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", STORMFLOW_E2E_DATA_DIR: dataDir },
});
fs.rmSync(dataDir, { recursive: true, force: true });
process.exit(res.status ?? 1);
