import fs from "node:fs";
import os from "node:os";
import { spawnSync } from "node:child_process";

// The fonts let Chromium draw Korean names and emoji (screenshots, text measurement) instead of boxes.
const INSTALL = "apt-get update && apt-get install -y chromium fonts-noto-cjk fonts-noto-color-emoji";

/**
 * The Chromium that e2e drives: CHROMIUM_PATH, or Debian's /usr/bin/chromium. Missing and root on
 * Debian: installs it with apt. Otherwise exits with the exact command to run.
 */
export function ensureChromium(): string {
  const candidate = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
  if (fs.existsSync(candidate)) return candidate;
  if (process.env.CHROMIUM_PATH) {
    fail(`CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist. Point it at a Chromium binary, or unset it to use /usr/bin/chromium.`);
  }
  const debian = fs.existsSync("/etc/debian_version");
  if (debian && os.userInfo().uid === 0) {
    console.log(`Chromium is missing: installing Debian's package (${INSTALL})…`);
    const res = spawnSync("sh", ["-c", `${INSTALL} >/tmp/stormflow-chromium-install.log 2>&1`], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
    if (res.status === 0 && fs.existsSync(candidate)) return candidate;
    fail(`installing Chromium failed (log: /tmp/stormflow-chromium-install.log). Run as root: ${INSTALL}`);
  }
  fail(
    debian
      ? `e2e tests need Chromium. Install it as root: sudo sh -c '${INSTALL}' (or set CHROMIUM_PATH)`
      : `e2e tests need Chromium: install it with your package manager and set CHROMIUM_PATH=/path/to/chromium`,
  );
}

function fail(message: string): never {
  console.error(`stormflow: ${message}`);
  process.exit(1);
}
