import { randomUUID } from "node:crypto";
import os from "node:os";
import { BrokerError, parseBrokerUrl, type BrokerAddress } from "../../lib/brokers/brokerUrl";
import { connectBroker } from "../../lib/brokers/connect";
import { handleSignalsHere, openDatabase } from "../../lib/db";
import { startPostgresWorker } from "../../lib/runtime/runtime";
import type { Command } from "../command";
import { EXIT } from "../usage";
import { PARENT_PIPE_ENV } from "../workers/spawnWorkers";

const USAGE = "stormflow worker --broker URL [--slot I/N]";

const HELP = `Hosts the consumer groups and saga participants of every run on one broker, for the runs
that \`stormflow run\` or the app drive over the same PostgreSQL (DATABASE_URL, else the embedded
one in .data/). Start as many as you like, on this machine or others: each run's messages are
shared between its workers, one key's messages still in order, and a worker that dies loses
nothing (what it held goes back to the broker for the others). Runs until Ctrl-C or SIGTERM.

  --broker URL   nats://HOST:PORT (NATS JetStream) or amqp://USER:PASSWORD@HOST:PORT (RabbitMQ),
                 as the runs name it
  --slot I/N     this is worker I of N (1 to N): it takes every Nth partition first and stands by
                 for the others' (on RabbitMQ a partition has one active consumer at a time);
                 \`stormflow run --workers N\` passes it to the workers it starts

Prints "ready" on stderr once connected, then one line per run it joins or leaves.
Exit 0 after Ctrl-C or SIGTERM, 1 when the broker or the database cannot be reached, 2 on bad input.`;

interface WorkerArgs {
  broker: BrokerAddress;
  slot?: { index: number; of: number };
}

/** `stormflow worker`: a process that hosts the consumer groups of runs on one broker. */
export const workerCommand: Command = {
  name: "worker",
  summary: "Host the consumers of runs on a broker (scale a run out over processes)",
  usage: `${USAGE}\n\n${HELP}`,
  async run(argv) {
    const parsed = parseArgs(argv);
    if ("usage" in parsed) {
      // The short form: the full help is for --help.
      console.error(`stormflow worker: ${parsed.usage}\nUsage: ${USAGE}\nSee stormflow worker --help`);
      return { code: EXIT.badInput };
    }
    let transport;
    try {
      transport = await connectBroker(parsed.broker.url);
    } catch (err) {
      if (!(err instanceof BrokerError)) throw err;
      console.error(`stormflow worker: ${err.message}`);
      return { code: EXIT.failed };
    }
    const db = await openDatabase({ mode: "reuse" }).catch(async (err: unknown) => {
      await transport.close().catch(() => undefined);
      throw err;
    });
    // Ctrl-C and SIGTERM are this command's: it leaves its runs (what it holds goes back to the broker) and exits 0.
    handleSignalsHere(["SIGINT", "SIGTERM"]);
    const id = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 4)}`;
    const say = (line: string) => process.stderr.write(`stormflow worker ${id}: ${line}\n`);
    const worker = startPostgresWorker(db.pool, {
      transport,
      id,
      ...(parsed.slot ? { share: { index: parsed.slot.index - 1, of: parsed.slot.of } } : {}),
      log: say,
    });
    say(`ready on ${transport.id}${parsed.slot ? ` (slot ${parsed.slot.index}/${parsed.slot.of})` : ""}`);
    await new Promise<void>((resolve) => {
      process.once("SIGINT", resolve);
      process.once("SIGTERM", resolve);
      if (process.env[PARENT_PIPE_ENV] === "1") {
        // Started by `stormflow run --workers`: its end of the pipe closes when that process ends
        // however it ends (exit on a signal, crash, SIGKILL), and a worker left behind would host runs for nobody.
        process.stdin.once("close", () => {
          say("the process that started this worker is gone: stopping");
          resolve();
        });
        process.stdin.resume();
      }
    });
    if (process.env[PARENT_PIPE_ENV] === "1") process.stdin.pause();
    // Leaving hands what is held back to the broker; a second signal quits at once.
    const quit = () => process.exit(EXIT.failed);
    process.once("SIGINT", quit);
    process.once("SIGTERM", quit);
    await worker.close();
    await transport.close().catch(() => undefined);
    await db.close();
    say(`stopped after ${worker.delivered()} deliveries`);
    return { code: EXIT.ok };
  },
};

function parseArgs(argv: readonly string[]): WorkerArgs | { usage: string } {
  let broker: BrokerAddress | undefined;
  let slot: WorkerArgs["slot"];
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    if (flag !== "--broker" && flag !== "--slot") return { usage: arg.startsWith("--") ? `unknown option ${flag}` : `a worker takes no file (got ${arg})` };
    if (seen.has(flag)) return { usage: `${flag} is given twice` };
    seen.add(flag);
    const text = inline ?? argv[i + 1];
    if (text === undefined || (inline === undefined && text.startsWith("--"))) return { usage: `${flag} needs a value` };
    if (inline === undefined) i++;
    if (flag === "--broker") {
      try {
        broker = parseBrokerUrl(text);
      } catch (err) {
        if (err instanceof BrokerError) return { usage: `--broker: ${err.message}` };
        throw err;
      }
    } else {
      const match = /^(\d{1,3})\/(\d{1,3})$/.exec(text);
      const index = Number(match?.[1]);
      const of = Number(match?.[2]);
      if (!match || of < 1 || index < 1 || index > of) return { usage: `--slot needs I/N with 1 ≤ I ≤ N ≤ 999 (got ${JSON.stringify(text.slice(0, 20))})` };
      slot = { index, of };
    }
  }
  if (!broker) return { usage: "--broker URL is required: the broker whose runs this worker hosts" };
  return { broker, ...(slot ? { slot } : {}) };
}
