import { checkRunRequest, faultTargets, type FaultMode, type FaultTargetDetail, type FaultTargetKind, type RunRequest } from "@/lib/contracts/runs";
import type { ApiIssue } from "@/lib/contracts/wire";
import type { Board, BoardAnalysis } from "@/lib/model";

/** The Run panel's form, as typed (strings, so a half-typed number stays as the user left it). */
export interface RunFormValues {
  command: string;
  count: string;
  concurrency: string;
  seed: string;
  duplicateRate: string;
  /** How long the design's waits last: 1 real time, 0 none. */
  timeScale: string;
  /** The real broker to run on, by id; "" is the in-process broker. */
  broker: string;
  /** On a real broker: leave the run's streams, queues and consumers in place when it ends, for inspection. */
  keepTopology: boolean;
  faults: FaultRow[];
}

export interface FaultRow {
  /** Stable React key. */
  id: number;
  target: string;
  mode: FaultMode;
  value: string;
}

export const DEFAULT_FORM: RunFormValues = { command: "", count: "100", concurrency: "8", seed: "", duplicateRate: "0", timeScale: "1", broker: "", keepTopology: false, faults: [] };

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
  /** The English label (the simulator's); the UI says it in its language from `detail`. */
  label: string;
  detail: FaultTargetDetail;
}

export interface FaultTargetGroup {
  kind: FaultTargetKind;
  options: FaultTargetOption[];
}

/**
 * What a fault can target, exactly as the simulator resolves targets (lib/sim/scenario/faultTargets.ts):
 * saga steps (`OrderSaga#2`), their compensations, then names (each participant, consumer and
 * aggregate once, labelled with everything it is), in the board's order.
 */
export function faultTargetGroups(analysis: BoardAnalysis, nodeOrder: readonly string[] = []): FaultTargetGroup[] {
  const groups: FaultTargetGroup[] = [
    { kind: "step", options: [] },
    { kind: "compensation", options: [] },
    { kind: "name", options: [] },
  ];
  for (const target of faultTargets(analysis, nodeOrder)) groups.find((g) => g.kind === target.kind)!.options.push({ value: target.target, label: target.label, detail: target.detail });
  return groups.filter((g) => g.options.length > 0);
}

/**
 * A number as typed, in decimal: spaces, underscores and thousands separators (`1,000`, `10,000,000`)
 * ignored; anything else (blank, junk, `0x10`, a decimal comma as in `0,5`) is NaN, so the form
 * sends the text as typed and the server's message quotes it.
 */
export function parseNumber(text: string): number {
  let t = text.replace(/[\s_]/g, "");
  if (/^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$/.test(t)) t = t.replace(/,/g, "");
  return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t) ? Number(t) : Number.NaN;
}

/** A number field as the API gets it: the number typed, or the text itself when it is none (the server names the field and says what it takes). */
const numberOrText = (text: string): number | string => {
  const n = parseNumber(text);
  return Number.isNaN(n) ? text.trim() : n;
};

/**
 * Builds the request from the form and checks it with the server's own check against `board`
 * (`checkRunRequest`: the same ranges, command, fault targets and messages), so the inline
 * messages are the server's, by the API's paths (`count`, `faults[1].value`). Blank optional
 * fields and the defaults (real time, no duplicates) are left out.
 */
export function buildRunRequest(values: RunFormValues, board: Board): { request: RunRequest | null; issues: ApiIssue[] } {
  const request: Record<string, unknown> = { count: values.count.trim() === "" ? undefined : numberOrText(values.count) };
  if (values.command) request.command = values.command;
  if (values.concurrency.trim() !== "") request.concurrency = numberOrText(values.concurrency);
  const seed = values.seed.trim();
  if (seed) request.seed = seed;
  if (values.duplicateRate.trim() !== "") {
    const p = numberOrText(values.duplicateRate);
    if (p !== 0) request.duplicateRate = p;
  }
  if (values.timeScale.trim() !== "") {
    const f = numberOrText(values.timeScale);
    if (f !== 1) request.timeScale = f;
  }
  if (values.broker) request.broker = values.broker;
  // Only with a real broker: the in-process one has nothing to keep (the server refuses it alone).
  if (values.broker && values.keepTopology) request.keepTopology = true;
  if (values.faults.length > 0) {
    request.faults = values.faults.map((row) => (modeNeedsValue(row.mode) ? { target: row.target, mode: row.mode, value: row.value.trim() === "" ? undefined : numberOrText(row.value) } : { target: row.target, mode: row.mode }));
  }
  const issues = checkRunRequest(board, request);
  const order = formFieldPaths(values.faults.length);
  const rank = (path: string) => (order.includes(path) ? order.indexOf(path) : order.length);
  issues.sort((a, b) => rank(a.path) - rank(b.path));
  return issues.length > 0 ? { request: null, issues } : { request: request as RunRequest, issues };
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
  const paths = ["command", "broker", "keepTopology", "count", "concurrency", "seed", "duplicateRate", "timeScale", "faults"];
  for (let i = 0; i < faultCount; i++) paths.push(`faults[${i}]`, `faults[${i}].target`, `faults[${i}].mode`, `faults[${i}].value`);
  return paths;
}

/** A fault as the CLI writes it: `Payment:fail`, `Email:transient=2`. */
export function faultLabel(fault: { target: string; mode: FaultMode; value?: number }): string {
  return fault.mode === "fail" || fault.value === undefined ? `${fault.target}:${fault.mode}` : `${fault.target}:${fault.mode}=${fault.value}`;
}
