/**
 * `npm test`: every tier, in order, stopping at nothing so one run shows every failure:
 * typecheck, lint, unit, integration (real PostgreSQL), e2e (real Chromium, production build).
 * Ends with one line `tests: N passed, M failed` counted from the runners' JSON reports.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ROOT } from "./ensureBuild";

const REPORTS = path.join(ROOT, ".tmp/test-report");
const bin = (name: string) => path.join(ROOT, "node_modules/.bin", name);

interface Stage {
  name: string;
  cmd: string;
  args: string[];
  report?: string;
}

const STAGES: Stage[] = [
  { name: "typecheck", cmd: "npm", args: ["run", "--silent", "typecheck"] },
  { name: "lint", cmd: bin("eslint"), args: ["--max-warnings", "0", "."] },
  { name: "unit", cmd: bin("vitest"), args: ["run", "--project", "unit", "--reporter=default", "--reporter=json", `--outputFile.json=${REPORTS}/unit.json`], report: "unit.json" },
  { name: "integration", cmd: bin("vitest"), args: ["run", "--project", "int", "--reporter=default", "--reporter=json", `--outputFile.json=${REPORTS}/int.json`], report: "int.json" },
  { name: "e2e", cmd: bin("tsx"), args: ["scripts/e2e.ts"], report: "e2e.json" },
];

const only = process.argv.slice(2);
fs.rmSync(REPORTS, { recursive: true, force: true });
fs.mkdirSync(REPORTS, { recursive: true });

const results: { name: string; ok: boolean; seconds: number; passed: number; failed: number }[] = [];
for (const stage of STAGES.filter((s) => only.length === 0 || only.includes(s.name))) {
  console.log(`\n━━ ${stage.name} ━━`);
  const started = Date.now();
  const res = spawnSync(stage.cmd, stage.args, { cwd: ROOT, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  const counts = stage.report ? readCounts(path.join(REPORTS, stage.report)) : { passed: 0, failed: 0 };
  // A failed test fails its stage whatever the runner's exit code says (a library's exit hook once
  // turned vitest's exit code 1 into 0).
  const ok = res.status === 0 && counts.failed === 0;
  // A runner that failed before reporting still counts as a failure.
  if (!ok && counts.failed === 0) counts.failed = 1;
  results.push({ name: stage.name, ok, seconds: (Date.now() - started) / 1000, ...counts });
}

console.log("\n━━ summary ━━");
for (const r of results) {
  const tests = r.passed + r.failed > 0 ? `  ${r.passed} passed, ${r.failed} failed` : "";
  console.log(`${r.ok ? "✓" : "✗"} ${r.name.padEnd(12)} ${r.seconds.toFixed(1).padStart(6)} s${tests}`);
}
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(results.every((r) => r.ok) ? 0 : 1);

/** Passed/failed counts from a vitest or Playwright JSON report (0/0 when there is none). */
function readCounts(file: string): { passed: number; failed: number } {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return { passed: 0, failed: 0 };
  }
  if (typeof json.numPassedTests === "number") {
    return { passed: json.numPassedTests, failed: (json.numFailedTests as number) + ((json.numPendingTests as number) ?? 0) };
  }
  const stats = json.stats as { expected?: number; unexpected?: number; flaky?: number; skipped?: number } | undefined;
  return { passed: stats?.expected ?? 0, failed: (stats?.unexpected ?? 0) + (stats?.flaky ?? 0) + (stats?.skipped ?? 0) };
}
