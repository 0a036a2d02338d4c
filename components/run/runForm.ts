import type { ApiIssue, RunRequest } from "@/lib/client/runsApi";
import type { BoardAnalysis } from "@/lib/model";
import { faultTargets, type FaultTargetKind } from "@/lib/sim/faultTargets";
import type { FaultMode } from "@/lib/sim/ports/records";
import { MAX_CONCURRENCY, MAX_FAULTS, MAX_LATENCY_MS, MAX_RUN_COUNT, MAX_TIME_SCALE, MAX_TRANSIENT } from "@/lib/sim/scenario";
import { formatCount } from "./format";
import { runStrings as S } from "./strings";

/** The Run panel's form, as typed (strings, so a half-typed number stays as the user left it). */
export interface RunFormValues {
  command: string;
  count: string;
  concurrency: string;
  seed: string;
  duplicateRate: string;
  /** How long the design's waits last: 1 real time, 0 none. */
  timeScale: string;
  faults: FaultRow[];
}

export interface FaultRow {
  /** Stable React key. */
  id: number;
  target: string;
  mode: FaultMode;
  value: string;
}

export const DEFAULT_FORM: RunFormValues = { command: "", count: "100", concurrency: "8", seed: "", duplicateRate: "0", timeScale: "1", faults: [] };

export function modeNeedsValue(mode: FaultMode): boolean {
  return mode !== "fail";
}

/** A sensible value to put in when a fault row switches to `mode`. */
export function defaultValueFor(mode: FaultMode): string {
  return mode === "transient" ? "2" : mode === "rate" ? "0.2" : mode === "latency" ? "50" : "";
}

export interface CommandOption {
  value: string;
  label: string;
}

/**
 * The commands a run can start with first (entry commands that something handles), then the
 * others (the API refuses them, with its reason; shown so a user sees why their command is absent).
 */
export function commandOptions(analysis: BoardAnalysis): { entry: CommandOption[]; other: CommandOption[] } {
  const entry: CommandOption[] = [];
  const other: CommandOption[] = [];
  for (const c of analysis.commands) {
    (c.isEntry && c.handlers.length > 0 ? entry : other).push({ value: c.name, label: c.name });
  }
  return { entry, other };
}

export interface FaultTargetOption {
  value: string;
  label: string;
}

export interface FaultTargetGroup {
  kind: FaultTargetKind;
  options: FaultTargetOption[];
}

/**
 * What a fault can target, exactly as the simulator resolves targets (lib/sim/faultTargets.ts):
 * saga steps (`OrderSaga#2`), their compensations, then names (each participant, consumer and
 * aggregate once, labelled with everything it is), in the board's order.
 */
export function faultTargetGroups(analysis: BoardAnalysis, nodeOrder: readonly string[] = []): FaultTargetGroup[] {
  const groups: FaultTargetGroup[] = [
    { kind: "step", options: [] },
    { kind: "compensation", options: [] },
    { kind: "name", options: [] },
  ];
  for (const target of faultTargets(analysis, nodeOrder)) groups.find((g) => g.kind === target.kind)!.options.push({ value: target.target, label: target.label });
  return groups.filter((g) => g.options.length > 0);
}

/** A number as typed: thousands separators and spaces ignored; blank or junk is NaN. */
export function parseNumber(text: string): number {
  const t = text.replace(/[\s,_]/g, "");
  return t === "" ? Number.NaN : Number(t);
}

const whole = (n: number, min: number, max: number) => Number.isInteger(n) && n >= min && n <= max;

/**
 * Checks the form as the API would and builds the request. Issues carry the API's paths
 * (`count`, `faults[1].value`), so the same inline messages show server and client findings.
 * Blank optional fields are left out (the API fills its defaults).
 */
export function buildRunRequest(values: RunFormValues, commands: readonly string[]): { request: RunRequest | null; issues: ApiIssue[] } {
  const issues: ApiIssue[] = [];
  const request: RunRequest = { count: 0 };

  if (values.command) request.command = values.command;
  else if (commands.length > 0) issues.push({ path: "command", message: S.commandUnknown });

  const count = parseNumber(values.count);
  if (!whole(count, 1, MAX_RUN_COUNT)) issues.push({ path: "count", message: S.mustBeWhole(1, formatCount(MAX_RUN_COUNT)) });
  else request.count = count;

  if (values.concurrency.trim() !== "") {
    const c = parseNumber(values.concurrency);
    if (!whole(c, 1, MAX_CONCURRENCY)) issues.push({ path: "concurrency", message: S.mustBeWhole(1, formatCount(MAX_CONCURRENCY)) });
    else request.concurrency = c;
  }

  const seed = values.seed.trim();
  if (seed.length > 200) issues.push({ path: "seed", message: S.seedTooLong });
  else if (seed) request.seed = seed;

  if (values.duplicateRate.trim() !== "") {
    const p = parseNumber(values.duplicateRate);
    if (!(p >= 0 && p <= 1)) issues.push({ path: "duplicateRate", message: S.mustBeProbability });
    else if (p > 0) request.duplicateRate = p;
  }

  if (values.timeScale.trim() !== "") {
    const f = parseNumber(values.timeScale);
    if (!(f >= 0 && f <= MAX_TIME_SCALE)) issues.push({ path: "timeScale", message: S.timeScaleRange(MAX_TIME_SCALE) });
    else if (f !== 1) request.timeScale = f;
  }

  if (values.faults.length > MAX_FAULTS) issues.push({ path: "faults", message: S.tooManyFaults(MAX_FAULTS) });
  const faults: NonNullable<RunRequest["faults"]> = [];
  values.faults.forEach((row, i) => {
    const path = `faults[${i}]`;
    if (!row.target.trim()) issues.push({ path: `${path}.target`, message: S.mustPickTarget });
    if (!modeNeedsValue(row.mode)) {
      faults.push({ target: row.target, mode: row.mode });
      return;
    }
    const v = parseNumber(row.value);
    const ok =
      row.mode === "transient" ? whole(v, 1, MAX_TRANSIENT) : row.mode === "rate" ? v >= 0 && v <= 1 : whole(v, 0, MAX_LATENCY_MS);
    if (!ok) {
      const message = row.mode === "transient" ? S.transientValue(formatCount(MAX_TRANSIENT)) : row.mode === "rate" ? S.rateValue : S.latencyValue(formatCount(MAX_LATENCY_MS));
      issues.push({ path: `${path}.value`, message });
      return;
    }
    faults.push({ target: row.target, mode: row.mode, value: v });
  });
  if (faults.length > 0) request.faults = faults;

  return issues.length > 0 ? { request: null, issues } : { request, issues };
}

/** Issues by path, several messages per path joined; `rest` holds those no field shows. */
export function issuesByPath(issues: readonly ApiIssue[], fieldPaths: readonly string[]): { byPath: Map<string, string>; rest: ApiIssue[] } {
  const known = new Set(fieldPaths);
  const byPath = new Map<string, string>();
  const rest: ApiIssue[] = [];
  for (const issue of issues) {
    if (!known.has(issue.path)) {
      rest.push(issue);
      continue;
    }
    const prev = byPath.get(issue.path);
    byPath.set(issue.path, prev ? `${prev}; ${issue.message}` : issue.message);
  }
  return { byPath, rest };
}

/** The paths the form shows inline: its fields and each fault row's. */
export function formFieldPaths(faultCount: number): string[] {
  const paths = ["command", "count", "concurrency", "seed", "duplicateRate", "timeScale", "faults"];
  for (let i = 0; i < faultCount; i++) paths.push(`faults[${i}]`, `faults[${i}].target`, `faults[${i}].mode`, `faults[${i}].value`);
  return paths;
}

/** A fault as the CLI writes it: `Payment:fail`, `Email:transient=2`. */
export function faultLabel(fault: { target: string; mode: FaultMode; value?: number }): string {
  return fault.mode === "fail" || fault.value === undefined ? `${fault.target}:${fault.mode}` : `${fault.target}:${fault.mode}=${fault.value}`;
}
