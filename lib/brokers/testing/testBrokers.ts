import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { connect as connectNatsClient } from "@nats-io/transport-node";
import { jetstreamManager } from "@nats-io/jetstream";
import amqp from "amqplib";
import { findFreePort } from "../../db/freePort";
import { errorText } from "../../sim/errors";
import { parseBrokerUrl } from "../brokerUrl";
import { ensureBrokerBinaries } from "../../../scripts/brokers";

/*
 * The real brokers the integration tests run against, one of each per test run:
 * - STORMFLOW_TEST_NATS_URL / STORMFLOW_TEST_AMQP_URL when set (checked, never replaced);
 * - else the machine's own when they answer: NATS with JetStream on 127.0.0.1:4222, RabbitMQ
 *   taking guest/guest on 127.0.0.1:5672;
 * - else throwaway ones: Debian's nats-server and rabbitmq-server (scripts/brokers.ts installs them
 *   when root) on free ports, their data in a temporary folder, stopped and removed afterwards.
 * STORMFLOW_TEST_BROKERS=throwaway skips the first two: throwaway brokers whatever the machine runs.
 */

export const MACHINE_NATS_URL = "nats://127.0.0.1:4222";
export const MACHINE_AMQP_URL = "amqp://guest:guest@127.0.0.1:5672";

export type BrokerOrigin = "env" | "machine" | "throwaway";

export interface TestBroker {
  readonly kind: "nats" | "rabbitmq";
  /** What clients connect with (the AMQP one holds the password). */
  readonly url: string;
  readonly origin: BrokerOrigin;
  readonly port: number;
  /** Throwaway only: the temporary folder holding its data and logs (gone after `stop`). */
  readonly dir?: string;
  /** One line for the test output: which broker, where, and whose. */
  readonly description: string;
  /** Throwaway only: the operating-system processes it runs as (nats-server; rabbitmq-server's script, Erlang VM and port mapper). */
  processes(): number[];
  /** Stops a throwaway broker and removes its folder; nothing for the others. */
  stop(): Promise<void>;
}

/** STORMFLOW_TEST_BROKERS=throwaway: start throwaway brokers even when the machine's answer. */
export function throwawayForced(): boolean {
  const mode = process.env.STORMFLOW_TEST_BROKERS;
  if (!mode) return false;
  if (mode === "throwaway") return true;
  throw new Error(`STORMFLOW_TEST_BROKERS=${mode}: the only value is "throwaway" (unset it to use the machine's brokers when they answer)`);
}

/** The NATS JetStream the tests use (see the top of this file). */
export async function natsForTests(options: { throwaway?: boolean } = {}): Promise<TestBroker> {
  if (!(options.throwaway ?? throwawayForced())) {
    const given = process.env.STORMFLOW_TEST_NATS_URL;
    if (given) {
      const problem = await natsProblem(given, 5_000);
      if (problem) throw new Error(`STORMFLOW_TEST_NATS_URL=${printable(given)} ${problem}`);
      return external("nats", given, "env");
    }
    if (!(await natsProblem(MACHINE_NATS_URL, 2_000))) return external("nats", MACHINE_NATS_URL, "machine");
  }
  return startThrowawayNats();
}

/** The RabbitMQ the tests use (see the top of this file). */
export async function rabbitmqForTests(options: { throwaway?: boolean } = {}): Promise<TestBroker> {
  if (!(options.throwaway ?? throwawayForced())) {
    const given = process.env.STORMFLOW_TEST_AMQP_URL;
    if (given) {
      const problem = await amqpProblem(given, 5_000);
      if (problem) throw new Error(`STORMFLOW_TEST_AMQP_URL=${printable(given)} ${problem}`);
      return external("rabbitmq", given, "env");
    }
    if (!(await amqpProblem(MACHINE_AMQP_URL, 2_000))) return external("rabbitmq", MACHINE_AMQP_URL, "machine");
  }
  return startThrowawayRabbitmq();
}

/** Why `url` is not a NATS with JetStream (undefined: it is). */
export async function natsProblem(url: string, timeoutMs: number): Promise<string | undefined> {
  const u = new URL(url);
  let nc;
  try {
    nc = await connectNatsClient({
      servers: `${u.hostname}:${u.port || 4222}`,
      ...(u.username ? { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } : {}),
      timeout: timeoutMs,
      reconnect: false,
      name: "stormflow-tests",
    });
  } catch (err) {
    return `does not answer: ${errorText(err)}`;
  }
  try {
    const jsm = await jetstreamManager(nc, { timeout: timeoutMs });
    await jsm.getAccountInfo();
    return undefined;
  } catch (err) {
    return `answers but has no JetStream (nats-server -js): ${errorText(err)}`;
  } finally {
    await nc.close().catch(() => undefined);
  }
}

/** Why `url` does not take an AMQP login (undefined: it does). */
export async function amqpProblem(url: string, timeoutMs: number): Promise<string | undefined> {
  try {
    const conn = await amqp.connect(url, { timeout: timeoutMs });
    await conn.close().catch(() => undefined);
    return undefined;
  } catch (err) {
    return `does not take an AMQP login: ${errorText(err) || String((err as { code?: string }).code ?? err)}`;
  }
}

function external(kind: TestBroker["kind"], url: string, origin: "env" | "machine"): TestBroker {
  const address = parseBrokerUrl(url);
  const name = kind === "nats" ? "NATS" : "RabbitMQ";
  const whose = origin === "env" ? (kind === "nats" ? "STORMFLOW_TEST_NATS_URL" : "STORMFLOW_TEST_AMQP_URL") : "this machine's";
  return { kind, url, origin, port: address.port, description: `${name} ${address.id} (${whose})`, processes: () => [], stop: async () => undefined };
}

function printable(url: string): string {
  try {
    return parseBrokerUrl(url).id;
  } catch {
    return url.replace(/:[^:@/]*@/, "@");
  }
}

// ── throwaway brokers ────────────────────────────────────────────────────────

/** A nats-server with JetStream on a free port of 127.0.0.1, its store in a temporary folder. */
export async function startThrowawayNats(): Promise<TestBroker> {
  const bin = ensureBrokerBinaries(["nats"]).natsServer!;
  const started = Date.now();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stormflow-nats-"));
  const cleanup = registerCleanup(dir);
  try {
    const { proc, port } = await onFreePort("nats-server", async (port) => {
      const proc = launch(bin, ["-js", "-a", "127.0.0.1", "-p", String(port), "-sd", path.join(dir, "jetstream")], { cwd: dir, log: path.join(dir, "nats-server.log") });
      cleanup.procs.push(proc);
      await waitUntilReady(proc, () => natsProblem(`nats://127.0.0.1:${port}`, 1_000), 30_000);
      return proc;
    });
    const url = `nats://127.0.0.1:${port}`;
    return {
      kind: "nats",
      url,
      origin: "throwaway",
      port,
      dir,
      description: `NATS ${url} (throwaway nats-server, up in ${seconds(started)} s)`,
      processes: () => alive([proc.child.pid]),
      stop: () => cleanup.run(),
    };
  } catch (err) {
    await cleanup.run();
    throw err;
  }
}

let nodes = 0;

/**
 * A rabbitmq-server node of its own: a unique node name, free AMQP, distribution and port-mapper
 * ports on 127.0.0.1, its own epmd, Erlang cookie (HOME), config, no plugins, and its data and
 * logs in a temporary folder. Nothing of the machine's RabbitMQ is read or touched.
 */
export async function startThrowawayRabbitmq(): Promise<TestBroker> {
  const bins = ensureBrokerBinaries(["rabbitmq"]);
  const started = Date.now();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stormflow-rabbitmq-"));
  const cleanup = registerCleanup(dir);
  const node = `stormflow-test-${process.pid}-${++nodes}@localhost`;
  try {
    const home = path.join(dir, "home");
    fs.mkdirSync(home);
    fs.writeFileSync(path.join(home, ".erlang.cookie"), crypto.randomBytes(20).toString("hex").toUpperCase(), { mode: 0o400 });
    fs.writeFileSync(path.join(dir, "enabled_plugins"), "[].\n");
    fs.writeFileSync(path.join(dir, "rabbitmq-env.conf"), "# empty: the machine's /etc/rabbitmq/rabbitmq-env.conf is not read\n");

    // Erlang's port mapper, ours: the node registers there, and it stops with the node.
    const epmdPort = await findFreePort();
    const epmd = launch(bins.epmd!, ["-port", String(epmdPort), "-address", "127.0.0.1"], { cwd: dir, log: path.join(dir, "epmd.log") });
    cleanup.procs.push(epmd);
    await waitUntilReady(epmd, () => tcpProblem(epmdPort), 10_000);

    const pidFile = path.join(dir, "rabbitmq.pid");
    cleanup.pidFiles.push(pidFile);
    const { proc, port } = await onFreePort("rabbitmq-server", async (port) => {
      const distPort = await findFreePort();
      fs.writeFileSync(path.join(dir, "rabbitmq.conf"), `listeners.tcp.default = 127.0.0.1:${port}\n`);
      const env: NodeJS.ProcessEnv = {
        ...withoutErlangVariables(process.env),
        HOME: home,
        RABBITMQ_CONF_ENV_FILE: path.join(dir, "rabbitmq-env.conf"),
        RABBITMQ_CONFIG_FILE: path.join(dir, "rabbitmq.conf"),
        RABBITMQ_CONFIG_FILES: path.join(dir, "conf.d"),
        RABBITMQ_ADVANCED_CONFIG_FILE: path.join(dir, "advanced.config"),
        RABBITMQ_ENABLED_PLUGINS_FILE: path.join(dir, "enabled_plugins"),
        RABBITMQ_NODENAME: node,
        RABBITMQ_NODE_IP_ADDRESS: "127.0.0.1",
        RABBITMQ_NODE_PORT: String(port),
        RABBITMQ_DIST_PORT: String(distPort),
        ERL_EPMD_PORT: String(epmdPort),
        ERL_EPMD_ADDRESS: "127.0.0.1",
        RABBITMQ_MNESIA_BASE: path.join(dir, "mnesia"),
        RABBITMQ_LOG_BASE: path.join(dir, "log"),
        RABBITMQ_PID_FILE: pidFile,
        ERL_CRASH_DUMP: path.join(dir, "erl_crash.dump"),
        // The distribution port listens on loopback only.
        RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: "-kernel inet_dist_use_interface {127,0,0,1}",
      };
      const proc = launch(bins.rabbitmqServer!, [], { cwd: dir, env, log: path.join(dir, "rabbitmq-server.log") });
      cleanup.procs.push(proc);
      await waitUntilReady(proc, () => amqpProblem(`amqp://guest:guest@127.0.0.1:${port}`, 2_000), 90_000, 500);
      return proc;
    });
    const url = `amqp://guest:guest@127.0.0.1:${port}`;
    return {
      kind: "rabbitmq",
      url,
      origin: "throwaway",
      port,
      dir,
      description: `RabbitMQ amqp://guest@127.0.0.1:${port} (throwaway rabbitmq-server, node ${node}, up in ${seconds(started)} s)`,
      processes: () => alive([proc.child.pid, readPid(pidFile), epmd.child.pid]),
      stop: () => cleanup.run(),
    };
  } catch (err) {
    await cleanup.run();
    throw err;
  }
}

// ── processes ────────────────────────────────────────────────────────────────

interface Proc {
  readonly name: string;
  readonly child: ChildProcess;
  readonly log: string;
  readonly exited: Promise<void>;
  done: boolean;
}

function launch(bin: string, args: string[], options: { cwd: string; log: string; env?: NodeJS.ProcessEnv }): Proc {
  const fd = fs.openSync(options.log, "w");
  // Not detached: a Ctrl-C in the terminal reaches the brokers too.
  const child = spawn(bin, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ["ignore", fd, fd] });
  fs.closeSync(fd);
  const proc: Proc = {
    name: path.basename(bin),
    child,
    log: options.log,
    done: false,
    exited: new Promise<void>((resolve) => {
      const finish = () => {
        proc.done = true;
        resolve();
      };
      child.once("exit", finish);
      child.once("error", (err) => {
        fs.appendFileSync(options.log, `\n${errorText(err)}\n`);
        finish();
      });
    }),
  };
  return proc;
}

/** Polls `check` until it reports no problem; fails early when the process exits, naming its last log lines. */
async function waitUntilReady(proc: Proc, check: () => Promise<string | undefined>, timeoutMs: number, everyMs = 200): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let problem: string | undefined = "not checked";
  while (Date.now() < deadline) {
    if (proc.done) throw new NotReady(proc, `${proc.name} exited (${proc.child.exitCode ?? proc.child.signalCode}) before it answered`);
    problem = await check();
    if (!problem) return;
    await sleep(everyMs);
  }
  throw new NotReady(proc, `${proc.name} did not answer within ${timeoutMs / 1000} s (${problem})`);
}

/** A broker process that exited or did not answer in time; `portTaken` when it exited because a port was in use. */
class NotReady extends Error {
  readonly portTaken: boolean;
  constructor(proc: Proc, what: string) {
    super(`${what}. The end of its output:\n${logTail(proc.log)}`);
    this.portTaken = proc.done && /address already in use|eaddrinuse/i.test(readLog(proc.log));
  }
}

/** Runs `start` on a free port, again on another when the port was taken in between (up to three times). */
async function onFreePort(what: string, start: (port: number) => Promise<Proc>): Promise<{ proc: Proc; port: number }> {
  for (let attempt = 1; ; attempt++) {
    const port = await findFreePort();
    try {
      return { proc: await start(port), port };
    } catch (err) {
      if (!(err instanceof NotReady && err.portTaken) || attempt === 3) throw new Error(`stormflow: the throwaway ${what} did not start: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

interface Cleanup {
  procs: Proc[];
  pidFiles: string[];
  run(): Promise<void>;
}

const pending = new Set<{ procs: Proc[]; pidFiles: string[]; dir: string }>();
let exitHook = false;

/** What a throwaway broker leaves to stop: its processes, last started first, then its folder. Also run, killing, if the process exits first. */
function registerCleanup(dir: string): Cleanup {
  const entry = { procs: [] as Proc[], pidFiles: [] as string[], dir };
  pending.add(entry);
  if (!exitHook) {
    exitHook = true;
    process.once("exit", () => {
      for (const e of pending) {
        for (const pid of [...e.procs.map((p) => p.child.pid), ...e.pidFiles.map(readPid)]) kill(pid, "SIGKILL");
        fs.rmSync(e.dir, { recursive: true, force: true });
      }
    });
  }
  let running: Promise<void> | undefined;
  return {
    ...entry,
    run: () =>
      (running ??= (async () => {
        for (const proc of [...entry.procs].reverse()) {
          // rabbitmq-server's script stops the Erlang VM on SIGTERM and waits for it.
          await stop(proc, 30_000, entry.pidFiles);
        }
        fs.rmSync(dir, { recursive: true, force: true });
        pending.delete(entry);
      })()),
  };
}

async function stop(proc: Proc, graceMs: number, pidFiles: string[]): Promise<void> {
  if (!proc.done) {
    proc.child.kill("SIGTERM");
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([proc.exited, new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
  }
  if (!proc.done) {
    for (const file of pidFiles) kill(readPid(file), "SIGKILL");
    proc.child.kill("SIGKILL");
    await proc.exited;
  }
}

function kill(pid: number | undefined, signal: NodeJS.Signals): void {
  if (!pid) return;
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(file, "utf8").trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** The pids still running (a zombie waiting for its parent to reap it counts as gone). */
export function alive(pids: readonly (number | undefined)[]): number[] {
  return pids.filter((pid): pid is number => {
    if (!pid) return false;
    try {
      process.kill(pid, 0);
    } catch {
      return false;
    }
    try {
      // /proc/<pid>/stat: "pid (comm) S ...": the state follows the last ")".
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
    } catch {
      return true;
    }
  });
}

/** The inherited environment without RabbitMQ's and Erlang's variables (ERL_FLAGS, RABBITMQ_NODENAME, …). */
function withoutErlangVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !/^(RABBITMQ_|ERL_)/.test(key))) as NodeJS.ProcessEnv;
}

function tcpProblem(port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(undefined);
    });
    socket.once("error", (err) => resolve(`port ${port}: ${errorText(err)}`));
  });
}

function readLog(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

function logTail(file: string, lines = 15): string {
  return readLog(file).trimEnd().split("\n").slice(-lines).join("\n") || "(empty)";
}

function seconds(since: number): string {
  return ((Date.now() - since) / 1000).toFixed(1);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
