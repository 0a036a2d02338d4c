import { BrokerError, parseBrokerUrl, type BrokerAddress } from "../../lib/brokers/brokerUrl";
import { connectBroker } from "../../lib/brokers/connect";
import { handleSignalsHere, openDatabase } from "../../lib/db";
import { runNamespace, type BrokerTransport } from "../../lib/sim/ports/transport";
import type { Board } from "../../lib/model/schema";
import { createPostgresRuntime } from "../../lib/runtime/runtime";
import { isSimError } from "../../lib/sim/errors";
import type { FaultSpec, RunCounters, RunSummary, Scenario } from "../../lib/sim/ports/records";
import { MAX_RUN_COUNT, parseFaultSpec, prepareScenario } from "../../lib/sim/scenario/scenario";
import type { RunHandle } from "../../lib/sim/run/simulator";
import type { Command, CommandResult } from "../command";
import { EXIT } from "../usage";
import { spawnWorkers, type SpawnedWorkers } from "../workers/spawnWorkers";
import { BoardFileError, readBoardFile } from "./validate";

/** More workers than this on one run only take turns for the cores and the database. */
const MAX_WORKERS = 16;

const USAGE = "stormflow run FILE [--command NAME] --count N [--concurrency C] [--seed S] [--fault TARGET:MODE]... [--duplicates P] [--time-scale F] [--broker URL [--keep-topology] [--workers N]] [--json]";

const HELP = `Runs a board's entry command N times on the simulator, over the configured PostgreSQL
(DATABASE_URL, else the embedded one in .data/), and checks the invariants.

  --command NAME        the entry command (default: the board's first)
  --count N             how many entry commands to issue, 1 to ${MAX_RUN_COUNT.toLocaleString("en")}
  --concurrency C       entry commands in flight at once (default 8, at most 64)
  --seed S              same seed, board and faults: same outcome counts (default: random, printed)
  --fault TARGET:MODE   TARGET is a saga step SAGA#N (1-based, as the canvas numbers them), its
                        compensation SAGA#N/compensation, or a participant, consumer or
                        aggregate by name; MODE is fail (a step's participant refuses it with
                        the step's failure reply; without one the command is retried, then
                        dead-lettered), transient=N (the first N attempts fail), rate=P (each attempt fails with
                        probability P) or latency=MS. Repeat for several faults. An unknown
                        target lists the board's targets.
  --duplicates P        probability that a delivery is duplicated (0 to 1)
  --time-scale F        waits of the design (retry backoff, latency) last F times as long: 1 real
                        time (default), 0.01 a hundred times faster, 0 no waiting; timeouts are
                        judged in design time, so the outcome is the same at every scale
  --broker URL          run on a real broker instead of the in-process one: nats://HOST:PORT
                        (NATS JetStream) or amqp://USER:PASSWORD@HOST:PORT (RabbitMQ). The run
                        declares its streams, queues and consumers under sf-<run id>, named as
                        the design document prints them, and removes them when it ends
  --keep-topology       leave the run's broker resources in place, for inspection
  --workers N           host the run's consumer groups and saga participants in N worker
                        processes (stormflow worker, 1 to ${MAX_WORKERS}) that this command starts and
                        stops; this process issues the commands, relays the outbox and checks
                        the invariants. A worker that dies loses nothing: its partitions go to
                        the others
  --json                print exactly one JSON object: {runId, command, count, seed, status,
                        commands, sagas, events, messages, concurrencyConflicts, invariants,
                        durationMs, graph, broker?} (commands: {handled, rejected};
                        broker: {kind, url without password, resources: [{type, name}]});
                        a run that cannot start or does not finish prints
                        {error: {code, message}} instead (code bad_input, broker_unavailable,
                        run_error or abandoned)
                        (graph: per sticky id {received, handled, failed, retried, deadLettered},
                        per edge id {messages})

Exit 0 when every invariant holds, 1 when one fails (or the run errs), 2 on bad input.`;

const WHOLE_NUMBER = /^-?\d+$/;

const DECIMAL_NUMBER = /^-?(\d+(\.\d*)?|\.\d+)$/;

interface RunArgs {
  file: string;
  broker?: BrokerAddress;
  keepTopology: boolean;
  workers?: number;
  request: { command?: string; count?: number; concurrency?: number; seed?: string; faults: FaultSpec[]; duplicateRate?: number; timeScale?: number };
  json: boolean;
}

/** `stormflow run`: a simulation run of a board file, with a progress bar on a terminal. */
export const runCommand: Command = {
  name: "run",
  summary: "Run a board on the simulator over PostgreSQL and check its invariants",
  usage: `${USAGE}\n\n${HELP}`,
  async run(argv) {
    const parsed = parseArgs(argv);
    if ("usage" in parsed) {
      // The short form: the full help is for --help.
      console.error(`stormflow run: ${parsed.usage}\nUsage: ${USAGE}\nSee stormflow run --help`);
      // A script that asked for JSON reads one object on stdout, whatever was wrong.
      if (argv.includes("--json")) console.log(JSON.stringify({ error: { code: "bad_input", message: parsed.usage } }));
      return { code: EXIT.badInput };
    }
    let board: Board;
    try {
      board = await readBoardFile(parsed.file);
      // Everything is checked before the database is opened: a refused run leaves no record.
      prepareScenario(board, parsed.request, { seed: "check" });
    } catch (err) {
      if (err instanceof BoardFileError) return failure(parsed, "bad_input", err.message, EXIT.badInput);
      if (isSimError(err)) return failure(parsed, "bad_input", `${parsed.file}: ${err.message}`, EXIT.badInput);
      throw err;
    }
    return execute(board, parsed);
  },
};

/**
 * A run that could not start or did not finish: one line on stderr and, with --json, one JSON object
 * on stdout (`{"error": {"code", "message"}}`), so a script reading stdout always gets one object.
 */
function failure(args: Pick<RunArgs, "json">, code: "bad_input" | "broker_unavailable" | "run_error" | "abandoned", message: string, exit: number): CommandResult {
  console.error(`stormflow run: ${message}`);
  if (args.json) console.log(JSON.stringify({ error: { code, message } }));
  return { code: exit };
}

async function execute(board: Board, args: RunArgs): Promise<CommandResult> {
  let transport: BrokerTransport | null = null;
  if (args.broker) {
    try {
      transport = await connectBroker(args.broker.url);
    } catch (err) {
      if (!(err instanceof BrokerError)) throw err;
      return failure(args, "broker_unavailable", err.message, EXIT.failed);
    }
  }
  try {
    return await executeOn(board, args, transport);
  } finally {
    await transport?.close().catch(() => undefined);
  }
}

async function executeOn(board: Board, args: RunArgs, transport: BrokerTransport | null): Promise<CommandResult> {
  const db = await openDatabase({ mode: "reuse" });
  const runtime = createPostgresRuntime(db.pool, transport ? { transports: [transport] } : {});
  let stopRequests = 0;
  let handle: RunHandle | undefined;
  let workers: SpawnedWorkers | null = null;
  const onSigint = () => {
    stopRequests++;
    if (stopRequests === 1) {
      process.stderr.write("\nstormflow run: stopping: no more commands; waiting for those in flight (Ctrl-C again to quit at once)\n");
      handle?.stop();
    } else {
      runtime.simulator.abandon();
    }
  };
  // Ctrl-C is this command's: the first stops issuing and waits for what is in flight.
  handleSignalsHere(["SIGINT"]);
  process.on("SIGINT", onSigint);
  try {
    if (args.workers && args.broker) {
      try {
        workers = await spawnWorkers(args.workers, args.broker.url, (line) => process.stderr.write(`${line}\n`));
      } catch (err) {
        return failure(args, "run_error", `could not start the workers: ${err instanceof Error ? err.message : String(err)}`, EXIT.failed);
      }
      const started = workers;
      started.onExit((slot, code, signal) => {
        process.stderr.write(`stormflow run: worker ${slot} exited (${signal ?? `code ${code}`}); ${started.alive() > 0 ? "the others take its partitions" : "no worker is left: the run is abandoned"}\n`);
        // Nobody is left to handle the run's messages: it stays resumable, as after a crash.
        if (started.alive() === 0) runtime.simulator.abandon();
      });
    }
    handle = await runtime.simulator.start(board, { ...args.request, ...(transport ? { broker: transport.id, keepTopology: args.keepTopology } : {}) }, { workers: workers !== null });
    const record = await runtime.store.getRun(handle.runId);
    const progress = process.stderr.isTTY && !args.json ? startProgress(handle, record!.scenario) : null;
    const result = await handle.done;
    progress?.stop();
    if (result.status === "running") {
      // The app resumes only runs on brokers it is configured with (a run on another is left for a process that has it).
      const where = transport ? ` with STORMFLOW_BROKERS including ${transport.id}` : "";
      return failure(args, "abandoned", `abandoned; run ${handle.runId} resumes when Stormflow starts again${where}`, EXIT.failed);
    }
    if (!result.summary) return failure(args, "run_error", `the run ended in error: ${result.error ?? "unknown error"}`, EXIT.failed);
    if (args.json) console.log(JSON.stringify(result.summary));
    else console.log(describe(result.summary, board, record!.scenario));
    return { code: result.summary.invariants.every((i) => i.ok) ? EXIT.ok : EXIT.failed };
  } finally {
    process.off("SIGINT", onSigint);
    await workers?.stop();
    await db.close();
  }
}

function parseArgs(argv: readonly string[]): RunArgs | { usage: string } {
  const args: RunArgs = { file: "", request: { faults: [] }, json: false, keepTopology: false };
  const value = (flag: string, i: number, inline: string | undefined): string | { usage: string } => {
    const v = inline ?? argv[i + 1];
    if (v === undefined || (inline === undefined && v.startsWith("--"))) return { usage: `${flag} needs a value` };
    return v;
  };
  const number = (flag: string, text: string, whole: boolean): number | { usage: string } => {
    // Decimal digits only: Number() would also take 0x10, 1e3, " 5" and Infinity.
    if (!(whole ? WHOLE_NUMBER : DECIMAL_NUMBER).test(text) || !Number.isFinite(Number(text))) {
      return { usage: `${flag} needs ${whole ? "a whole number" : "a number"} (got ${JSON.stringify(text.slice(0, 40))}): decimal digits only` };
    }
    return Number(text);
  };
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith("--")) {
      if (args.file) return { usage: `one board file only (got also ${arg})` };
      args.file = arg;
      continue;
    }
    const [flag, inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    // Only --fault adds up; any other flag given twice would silently keep one of the two.
    if (flag !== "--fault" && seen.has(flag)) return { usage: `${flag} is given twice` };
    seen.add(flag);
    if (flag === "--json" || flag === "--keep-topology") {
      if (inline !== undefined) return { usage: `${flag} takes no value` };
      if (flag === "--json") args.json = true;
      else args.keepTopology = true;
      continue;
    }
    if (!["--command", "--count", "--concurrency", "--seed", "--fault", "--duplicates", "--time-scale", "--broker", "--workers"].includes(flag)) return { usage: `unknown option ${flag}` };
    const text = value(flag, i, inline);
    if (typeof text !== "string") return text;
    if (inline === undefined) i++;
    switch (flag) {
      case "--command":
        args.request.command = text;
        break;
      case "--seed":
        args.request.seed = text;
        break;
      case "--broker":
        try {
          args.broker = parseBrokerUrl(text);
        } catch (err) {
          if (err instanceof BrokerError) return { usage: `--broker: ${err.message}` };
          throw err;
        }
        break;
      case "--fault":
        try {
          args.request.faults.push(parseFaultSpec(text, "--fault"));
        } catch (err) {
          if (isSimError(err)) return { usage: err.issues[0]?.message ?? err.message };
          throw err;
        }
        break;
      default: {
        const n = number(flag, text, flag === "--count" || flag === "--concurrency" || flag === "--workers");
        if (typeof n !== "number") return n;
        if (flag === "--workers") {
          if (n < 1 || n > MAX_WORKERS) return { usage: `--workers needs a whole number from 1 to ${MAX_WORKERS} (got ${text.slice(0, 40)})` };
          args.workers = n;
        } else if (flag === "--count") args.request.count = n;
        else if (flag === "--concurrency") args.request.concurrency = n;
        else if (flag === "--time-scale") args.request.timeScale = n;
        else args.request.duplicateRate = n;
      }
    }
  }
  if (!args.file) return { usage: "give the board file to run" };
  if (args.request.count === undefined) return { usage: "--count N is required: how many entry commands to issue" };
  if (args.keepTopology && !args.broker) return { usage: "--keep-topology keeps a real broker's resources: give --broker URL too" };
  if (args.workers !== undefined && !args.broker) return { usage: "--workers N hosts the run's consumers on a real broker: give --broker URL too" };
  return args;
}

/** A progress bar on stderr, redrawn a few times a second (only on a terminal). */
function startProgress(handle: RunHandle, scenario: Scenario): { stop(): void } {
  const width = 24;
  const draw = () => {
    const c = handle.counters();
    const done = Math.min(1, c.instances.finished / scenario.count);
    const bar = "#".repeat(Math.round(done * width)).padEnd(width, ".");
    process.stderr.write(`\r[${bar}] ${c.instances.finished}/${scenario.count} ${line(c)}\u001b[K`);
  };
  const timer = setInterval(draw, 200);
  draw();
  return {
    stop() {
      clearInterval(timer);
      process.stderr.write("\r\u001b[K");
    },
  };
}

function line(c: RunCounters): string {
  return `· ${c.commands.rejected > 0 ? `${c.commands.rejected} commands rejected · ` : ""}sagas ${c.sagas.completed} completed, ${c.sagas.compensated} compensated, ${c.sagas.failed} failed · ${c.events.appended} events · ${c.events.retried} retries · ${c.events.deadLettered} dead letters`;
}

function describe(summary: RunSummary, board: Board, scenario: Scenario): string {
  const faults = scenario.faults.map((f) => `${f.target}:${f.mode}${f.value === undefined ? "" : `=${f.value}`}`).join(", ");
  const { sagas, events, messages } = summary;
  // Summaries stored before commands were counted in them have none.
  const commands = summary.commands ?? { handled: 0, rejected: 0 };
  return [
    `Run ${summary.runId} of "${board.name}": ${summary.command} × ${summary.count} (concurrency ${scenario.concurrency}, seed ${summary.seed}, time scale ${scenario.timeScale}${faults ? `, faults ${faults}` : ""}${scenario.duplicateRate > 0 ? `, duplicates ${scenario.duplicateRate}` : ""})`,
    `  commands    ${commands.handled} handled${commands.rejected > 0 ? `, ${commands.rejected} rejected (the aggregate refused them: a fault with no failure event to append)` : ""}`,
    `  sagas       ${sagas.started} started, ${sagas.completed} completed, ${sagas.compensated} compensated, ${sagas.failed} failed (needing manual intervention)`,
    `  messages    ${messages.events} domain events, ${messages.commands} step commands, ${messages.replies} replies${messages.notices > 0 ? `, ${messages.notices} dead-letter notices` : ""}`,
    `  deliveries  ${events.published} published, ${events.delivered} delivered, ${events.duplicatesSkipped} duplicates skipped, ${events.retried} retried, ${events.deadLettered} dead-lettered`,
    `  conflicts   ${summary.concurrencyConflicts} version conflicts retried`,
    ...(summary.broker ? [`  broker      ${summary.broker.kind} at ${summary.broker.url}: ${summary.broker.resources.length} resources under ${runNamespace(summary.runId)}, ${scenario.keepTopology ? "kept" : "removed"}`] : []),
    `  invariants`,
    ...summary.invariants.map((i) => `    ${i.ok ? "ok  " : "FAIL"} ${i.name}: ${i.detail}`),
    `${summary.status} in ${(summary.durationMs / 1000).toFixed(1)} s`,
  ].join("\n");
}
