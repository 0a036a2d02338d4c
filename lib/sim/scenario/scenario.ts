import { z } from "zod";
import { nameKey, validateBoard, type Board } from "../../model";
import { SimError, type SimIssue } from "../errors";
import { MAX_LATENCY_MS } from "./faults";
import { faultTargets, findFaultTarget, type FaultTarget } from "./faultTargets";
import { FAULT_MODES, type FaultSpec, type ResolvedFault, type Scenario } from "../ports/records";
import { buildTopology, type Topology } from "../topology";

/** The most entry commands one run may issue: a run is a simulation, not a load test of the machine. */
export const MAX_RUN_COUNT = 100_000;
export const MAX_CONCURRENCY = 64;
export const DEFAULT_CONCURRENCY = 8;
export const MAX_FAULTS = 50;
export { MAX_LATENCY_MS } from "./faults";
export const MAX_TRANSIENT = 1_000;
/** Real time: every wait of the design lasts as long as the design says. */
export const DEFAULT_TIME_SCALE = 1;
/** Waits at most ten times longer than the design (a slow-motion demo). */
export const MAX_TIME_SCALE = 10;

const nameText = z.string({ error: "must be a string" }).trim().min(1, { error: "must not be empty" }).max(200, { error: "must be at most 200 characters" });
const finite = (what: string) => z.number({ error: `must be a number (${what})` }).refine(Number.isFinite, { error: "must be a finite number" });

/** A fault as the API takes it: `{target: "Payment", mode: "transient", value: 2}`. */
export const faultSpecSchema = z.strictObject({
  target: nameText,
  mode: z.enum(FAULT_MODES, { error: `must be one of ${FAULT_MODES.join(", ")}` }),
  value: finite("N for transient, P for rate, MS for latency").optional(),
});

/**
 * The body of `POST /api/boards/:id/runs`, and what the CLI's flags become. Ranges are checked
 * after the shape (see `prepareScenario`), so a message can say what the limit is and why.
 */
export const runRequestSchema = z.strictObject({
  command: nameText.optional(),
  count: finite("how many entry commands to issue"),
  concurrency: finite("entry commands in flight at once").optional(),
  seed: z
    .union(
      [
        z
          .string()
          .min(1, { error: "must not be empty" })
          .max(200, { error: "must be at most 200 characters" })
          // Spaces only would name a seed nobody can type back (the Run form trims what it sends).
          .refine((seed) => seed === "" || seed.trim() !== "", { error: "must not be blank" }),
        z.number().refine(Number.isSafeInteger, { error: `must be a whole number from ${Number.MIN_SAFE_INTEGER} to ${Number.MAX_SAFE_INTEGER}, or a string` }),
      ],
      { error: "must be a string or a whole number" },
    )
    .optional(),
  faults: z.array(faultSpecSchema, { error: "must be a list of {target, mode, value?}" }).optional(),
  duplicateRate: finite("the probability that a delivery is duplicated").optional(),
  timeScale: finite("how long a wait of the design lasts: 1 real time, 0 no waiting").optional(),
  broker: z.string({ error: "must be the id of a configured broker (its URL without password)" }).min(1, { error: "must not be empty" }).max(500, { error: "must be at most 500 characters" }).optional(),
  keepTopology: z.boolean({ error: "must be true or false" }).optional(),
});
export type RunRequest = z.infer<typeof runRequestSchema>;

/**
 * Parses a fault written as on the command line: `TARGET:MODE` with MODE one of `fail`,
 * `transient=N`, `rate=P`, `latency=MS` (`OrderSaga#2:fail`, `EmailService:transient=2`). The
 * target is everything before the last `:`. Throws a SimError naming what is wrong.
 */
export function parseFaultSpec(text: string, path = "fault"): FaultSpec {
  const at = text.lastIndexOf(":");
  const target = at > 0 ? text.slice(0, at).trim() : "";
  const modeText = at > 0 ? text.slice(at + 1).trim() : "";
  const match = /^(fail|transient|rate|latency)(?:=(.*))?$/.exec(modeText);
  if (!target || !match) {
    throw new SimError("invalid_scenario", `Malformed fault "${text}"`, [
      { path, message: `"${text}" is not TARGET:MODE, with MODE one of fail, transient=N, rate=P, latency=MS (e.g. Payment:fail)` },
    ]);
  }
  const mode = match[1] as FaultSpec["mode"];
  const raw = match[2];
  if (mode === "fail") {
    if (raw !== undefined) throw new SimError("invalid_scenario", `Malformed fault "${text}"`, [{ path, message: "fail takes no value (write TARGET:fail)" }]);
    return { target, mode };
  }
  // Decimal digits only, as every number the CLI takes: Number() would also read 0x2, 1e3 and Infinity.
  const value = raw === undefined || !/^\s*-?(\d+(\.\d*)?|\.\d+)\s*$/.test(raw) ? NaN : Number(raw);
  if (!Number.isFinite(value)) {
    throw new SimError("invalid_scenario", `Malformed fault "${text}"`, [
      { path, message: `${mode} needs a number in decimal digits: ${mode === "transient" ? "transient=N" : mode === "rate" ? "rate=P" : "latency=MS"} (got "${raw ?? ""}")` },
    ]);
  }
  return { target, mode, value };
}

/** A scenario checked against its board, and the board's run-time view. */
export interface PreparedRun {
  readonly scenario: Scenario;
  readonly topology: Topology;
}

/**
 * Checks a run request against a board and fills in the defaults. Throws SimError
 * (`invalid_board`: the board has validation errors; `invalid_scenario`: every problem of the
 * request, each with its path) and does nothing else, so a refused run leaves no trace.
 */
export function prepareScenario(board: Board, input: unknown, defaults: { seed: string }): PreparedRun {
  const boardErrors = validateBoard(board).filter((issue) => issue.severity === "error");
  if (boardErrors.length > 0) {
    throw new SimError(
      "invalid_board",
      `The board "${board.name}" has ${boardErrors.length} error${boardErrors.length === 1 ? "" : "s"}; fix ${boardErrors.length === 1 ? "it" : "them"} before running it`,
      boardErrors.map((issue) => ({ path: issue.path, message: issue.message })),
    );
  }
  const parsed = runRequestSchema.safeParse(input);
  if (!parsed.success) {
    throw new SimError("invalid_scenario", "The run request is not valid", parsed.error.issues.map((issue) => describeZodIssue(issue, input)));
  }
  const request = parsed.data;
  const topology = buildTopology(board);
  const issues: SimIssue[] = [];

  const command = resolveCommand(topology, request.command, issues);
  const count = checkWhole(request.count, "count", 1, MAX_RUN_COUNT, issues, `a run issues at most ${MAX_RUN_COUNT.toLocaleString("en")} entry commands`);
  // The default follows a valid count only: a bad count is reported once, not as a bad concurrency too.
  const concurrency = checkWhole(request.concurrency ?? (Number.isInteger(count) && count >= 1 ? Math.min(DEFAULT_CONCURRENCY, count) : DEFAULT_CONCURRENCY), "concurrency", 1, MAX_CONCURRENCY, issues);
  const duplicateRate = request.duplicateRate ?? 0;
  if (duplicateRate < 0 || duplicateRate > 1) issues.push({ path: "duplicateRate", message: `must be a probability from 0 to 1 (got ${duplicateRate})` });
  const timeScale = request.timeScale ?? DEFAULT_TIME_SCALE;
  if (timeScale < 0 || timeScale > MAX_TIME_SCALE) {
    issues.push({ path: "timeScale", message: `must be a number from 0 to ${MAX_TIME_SCALE}: 1 is real time, 0.01 a hundred times faster, 0 no waiting (got ${timeScale})` });
  }
  const faults = resolveFaults(faultTargets(topology.analysis, board.nodes.map((node) => node.id)), request.faults ?? [], issues);

  if (request.keepTopology && request.broker === undefined) issues.push({ path: "keepTopology", message: "keeps a real broker's streams and queues: name the broker too (an in-process run has none)" });

  if (issues.length > 0) throw new SimError("invalid_scenario", "The run request is not valid", issues);
  return {
    topology,
    scenario: {
      command,
      count,
      concurrency,
      seed: request.seed === undefined ? defaults.seed : String(request.seed),
      faults,
      duplicateRate,
      timeScale,
      ...(request.broker !== undefined ? { broker: request.broker } : {}),
      ...(request.keepTopology ? { keepTopology: true } : {}),
    },
  };
}

function resolveCommand(topology: Topology, wanted: string | undefined, issues: SimIssue[]): string {
  const entries = topology.entryCommands.map((c) => c.name);
  const list = entries.length > 0 ? `entry commands on this board: ${entries.join(", ")}` : "this board has no entry command with a handler";
  if (wanted === undefined) {
    const first = topology.entryCommands[0];
    if (!first) issues.push({ path: "command", message: `no command to run: ${list} (an entry command is issued by an actor, or by nothing, and enters an aggregate, saga or external system)` });
    return first?.name ?? "";
  }
  const command = topology.commands.get(nameKey(wanted));
  if (!command) {
    issues.push({ path: "command", message: `unknown command "${wanted}": ${list}` });
    return wanted;
  }
  if (command.handlers.length === 0) {
    issues.push({ path: "command", message: `command "${command.name}" is handled by nothing, so running it would do nothing: ${list}` });
  } else if (!command.isEntry) {
    issues.push({ path: "command", message: `command "${command.name}" is issued by policy ${command.policies.join(", ")}, not by an actor: a run starts with an entry command (${list})` });
  }
  return command.name;
}

function resolveFaults(targets: readonly FaultTarget[], faults: readonly FaultSpec[], issues: SimIssue[]): ResolvedFault[] {
  if (faults.length > MAX_FAULTS) {
    issues.push({ path: "faults", message: `at most ${MAX_FAULTS} faults (got ${faults.length})` });
    return [];
  }
  const knownText =
    targets.length > 0
      ? `targets on this board: ${targets.map((t) => t.target).join(", ")}`
      : "this board has no saga step, participant, consumer or aggregate to target";
  return faults.flatMap((fault, i): ResolvedFault[] => {
    const path = `faults[${i}]`;
    const target = findFaultTarget(targets, fault.target);
    if (!target) {
      issues.push({
        path: `${path}.target`,
        message: `unknown fault target "${fault.target}": a fault targets a saga step (SAGA#N), its compensation (SAGA#N/compensation), or a participant, consumer or aggregate by name (${knownText})`,
      });
      return [];
    }
    const value = fault.value;
    const bad = (message: string) => issues.push({ path: `${path}.value`, message });
    switch (fault.mode) {
      case "fail":
        if (value !== undefined) bad("fail takes no value");
        return [{ target: target.target, mode: "fail", matches: target.matches }];
      case "transient":
        if (value === undefined || !Number.isInteger(value) || value < 1 || value > MAX_TRANSIENT) {
          bad(`transient needs N, how many first attempts of each message fail: a whole number from 1 to ${MAX_TRANSIENT} (got ${value ?? "nothing"})`);
          return [];
        }
        break;
      case "rate":
        if (value === undefined || value < 0 || value > 1) {
          bad(`rate needs P, the probability that an attempt fails: a number from 0 to 1 (got ${value ?? "nothing"})`);
          return [];
        }
        break;
      case "latency":
        if (value === undefined || !Number.isInteger(value) || value < 0 || value > MAX_LATENCY_MS) {
          bad(`latency needs MS, the delay of each attempt: a whole number of milliseconds from 0 to ${MAX_LATENCY_MS} (got ${value ?? "nothing"})`);
          return [];
        }
        break;
    }
    return [{ target: target.target, mode: fault.mode, value, matches: target.matches }];
  });
}

function checkWhole(value: number, path: string, min: number, max: number, issues: SimIssue[], why?: string): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    issues.push({ path, message: `must be a whole number from ${min} to ${max.toLocaleString("en")} (got ${value})${why ? `: ${why}` : ""}` });
  }
  return value;
}

function describeZodIssue(issue: z.core.$ZodIssue, input: unknown): SimIssue {
  const path = issue.path.reduce<string>((out, key) => (typeof key === "number" ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), "");
  if (issue.code === "unrecognized_keys" && issue.keys.includes("maxAttempts") && !path) {
    return { path: "maxAttempts", message: "is no longer part of a run: attempts and backoff are the board's delivery policy (settings.delivery on the board, delivery on a consumer), so the documents and the run agree" };
  }
  if (issue.code === "unrecognized_keys") {
    const known = path.startsWith("faults") ? "target, mode, value" : "command, count, concurrency, seed, faults, duplicateRate, timeScale, broker, keepTopology, and on the HTTP API revision";
    // The path names the (first) unknown key itself, where the others point at a value.
    const at = [path, String(issue.keys[0] ?? "")].filter(Boolean).join(".");
    return { path: at, message: `unknown ${issue.keys.length === 1 ? "key" : "keys"} ${issue.keys.map((k) => JSON.stringify(k.slice(0, 40))).join(", ")} (known: ${known})` };
  }
  const value = issue.path.reduce<unknown>((at, key) => (typeof at === "object" && at !== null ? (at as Record<PropertyKey, unknown>)[key] : undefined), input);
  if (issue.code === "invalid_type" && value === undefined) return { path, message: "is required" };
  // JSON has no Infinity or NaN (1e999 parses as Infinity): show them as they are, not as null.
  const shown = typeof value === "number" && !Number.isFinite(value) ? String(value) : JSON.stringify(value);
  return { path, message: value === undefined || shown === undefined ? issue.message : `${issue.message} (got ${shown.length > 60 ? `${shown.slice(0, 58)}…${typeof value === "string" ? '"' : ""}` : shown})` };
}

/**
 * A stored scenario as this version runs it: runs recorded before the time scale existed ran in
 * real time, and their faults are resolved again by target (their old matches named kinds this
 * version no longer has); a target the board no longer has is dropped.
 */
export function normalizeScenario(scenario: Scenario, topology: Topology): Scenario {
  // Order does not matter here: targets are looked up by name.
  const targets = faultTargets(topology.analysis);
  const faults = scenario.faults.flatMap((fault): ResolvedFault[] => {
    if (Array.isArray(fault.matches) && fault.matches.every((m) => typeof m === "object" && m !== null)) return [fault];
    const target = findFaultTarget(targets, fault.target);
    return target ? [{ ...fault, target: target.target, matches: target.matches }] : [];
  });
  return { ...scenario, faults, timeScale: typeof scenario.timeScale === "number" ? scenario.timeScale : DEFAULT_TIME_SCALE };
}
