import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildIsCurrent, writeBuildStamp } from "./buildStamp";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Runs `next build` unless `.next` already holds a build of the current sources. */
export function ensureBuild(): void {
  if (buildIsCurrent(ROOT)) return;
  console.log("Building Stormflow for production (next build)…");
  const started = Date.now();
  const res = spawnSync(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "build"], {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
  });
  if (res.status !== 0) {
    console.error("stormflow: next build failed (see above)");
    process.exit(res.status ?? 1);
  }
  writeBuildStamp(ROOT);
  console.log(`Built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
