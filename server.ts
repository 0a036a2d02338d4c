/**
 * Stormflow's one process: Next's request handler and socket.io on one http server, over one
 * PostgreSQL (embedded in `.data/`, or DATABASE_URL). Listens on 127.0.0.1 unless HOST says otherwise.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import next from "next";
import { openDatabase, DbError, createPrisma, resolveDbTarget, type Database } from "./lib/db";
import { randomUUID } from "node:crypto";
import { BoardHistory } from "./lib/boards/boardHistory";
import { BoardStore } from "./lib/boards/boardStore";
import { RetentionError, revisionsKeepFromEnv } from "./lib/boards/revisionRetention";
import { pgDocLog } from "./lib/boards/pgDocLog";
import { pgDocBus } from "./lib/boards/pgDocBus";
import { DocHub } from "./lib/coedit/docHub";
import { startRunDriver, type RunDriver } from "./lib/services/runDriver";
import { BrokerError } from "./lib/brokers/brokerUrl";
import { configuredBrokers } from "./lib/brokers/connect";
import type { BrokerTransport } from "./lib/sim/ports/transport";
import { exitOnSignals } from "./lib/services/exitOnSignals";
import { attachRealtime } from "./lib/realtime/server";
import { runFeedOf } from "./lib/realtime/runtimeFeed";
import { setServices } from "./lib/services/registry";
import { guardedHandler, socketAllowRequest, guardUpgrades } from "./lib/http/guardedHandler";
import { hostPolicyFromEnv } from "./lib/http/requestGuard";
import { securityHeaders } from "./lib/http/securityHeaders";
import pkg from "./package.json" with { type: "json" };

export interface StartOptions {
  dev: boolean;
  host: string;
  port: number;
}

export interface RunningServer {
  url: string;
  db: Database;
  close(): Promise<void>;
}

/** A start-up failure worth one line to the user (bad config, port taken, database down). */
export class StartError extends Error {}

const ROOT = path.dirname(fileURLToPath(import.meta.url));

/** STORMFLOW_REVISIONS_KEEP, checked: a bad value stops the start with one line. */
function keepRevisionsFromEnv(): number | null {
  try {
    return revisionsKeepFromEnv();
  } catch (err) {
    if (err instanceof RetentionError) throw new StartError(err.message);
    throw err;
  }
}

/** STORMFLOW_BROKERS, checked: a bad URL stops the start with one line. */
function brokersFromEnv(): BrokerTransport[] {
  try {
    return configuredBrokers(process.env.STORMFLOW_BROKERS);
  } catch (err) {
    if (err instanceof BrokerError) throw new StartError(`STORMFLOW_BROKERS: ${err.message}`);
    throw err;
  }
}

export async function startStormflow(opts: StartOptions): Promise<RunningServer> {
  const started = Date.now();
  let handle: ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | undefined;
  let ready!: () => void;
  const whenReady = new Promise<void>((r) => (ready = r));

  // Who may call us: the Host, Origin and content-type checks of every request and socket.
  const policy = hostPolicyFromEnv({ HOST: opts.host, STORMFLOW_ALLOWED_HOSTS: process.env.STORMFLOW_ALLOWED_HOSTS });
  // Real brokers runs may use beside the in-process one; each is connected when a run first needs it.
  const brokers = brokersFromEnv();
  // How many saved revisions of each board are kept (checked before anything starts).
  const keepRevisions = keepRevisionsFromEnv();
  const guarded = guardedHandler(policy, { dev: opts.dev }, (req, res) => whenReady.then(() => handle!(req, res)));
  // Listen first: a taken port is reported at once, before PostgreSQL is started for nothing.
  const http = createServer((req, res) => void guarded(req, res));
  await listen(http, opts.port, opts.host);

  let db: Database | undefined;
  let driver: RunDriver | undefined;
  let docs: DocHub | undefined;
  let bus: ReturnType<typeof pgDocBus> | undefined;
  try {
    db = await openDatabase({ mode: "exclusive" });
    const prisma = createPrisma(db.pool);
    // Runs a previous server was driving when it stopped are taken over at once, and then every few seconds.
    driver = await startRunDriver(db, { transports: brokers });
    // Co-editing: each board's shared document, in step with the other servers on this database.
    bus = pgDocBus(db, () => docs?.resync());
    docs = new DocHub(pgDocLog(db, { keepRevisions }), bus, { serverId: randomUUID() });
    const boards = new BoardStore(prisma, docs, keepRevisions);
    setServices({ version: pkg.version, db, prisma, boards, history: new BoardHistory(prisma, boards), runs: driver.runs, brokers: brokers.map((b) => ({ id: b.id, kind: b.kind })) });
    const app = next({ dev: opts.dev, dir: ROOT, hostname: opts.host, port: opts.port, httpServer: http });
    await app.prepare();
    handle = app.getRequestHandler();
  } catch (err) {
    http.close();
    await docs?.close().catch(() => undefined);
    await bus?.close().catch(() => undefined);
    await driver?.shutdown().catch(() => undefined);
    await db?.close().catch(() => undefined);
    throw err;
  }
  // The socket reads runs through the same RunService the routes use.
  const feed = runFeedOf(driver.runs);
  const io = attachRealtime(http, { version: pkg.version, feed: () => feed, allowRequest: socketAllowRequest(policy), headers: securityHeaders({ dev: opts.dev }), docs });
  guardUpgrades(http, policy, { dev: opts.dev });
  ready();

  const shown = opts.host === "0.0.0.0" || opts.host === "::" ? "localhost" : opts.host;
  const url = `http://${shown.includes(":") ? `[${shown}]` : shown}:${opts.port}`;
  const target = resolveDbTarget();
  const where = target.kind === "embedded" ? `embedded PostgreSQL in ${path.relative(ROOT, target.dataDir) || "."}` : "DATABASE_URL";
  console.log(`Stormflow ${pkg.version} ready on ${url} (${where}, ${opts.dev ? "dev" : "production"}) in ${Date.now() - started} ms`);

  let closing: Promise<void> | undefined;
  return {
    url,
    db,
    close() {
      closing ??= (async () => {
        // Stop accepting at once; a keep-alive connection must not hold the shutdown (the 5 s budget).
        io.close();
        http.closeIdleConnections?.();
        setTimeout(() => http.closeAllConnections?.(), 1_000).unref();
        // Pending board saves land first (their updates are in the log either way).
        await docs!.close().catch(() => undefined);
        await bus!.close().catch(() => undefined);
        // Runs stop where they are, their state stored; the next instance takes them over at once.
        await driver.shutdown();
        await Promise.allSettled(brokers.map((b) => b.close()));
        await db.close();
      })();
      return closing;
    },
  };
}

function listen(http: ReturnType<typeof createServer>, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      if (err.code === "EADDRINUSE") {
        reject(new StartError(`Port ${port} on ${host} is already in use: stop the other process, or pick another port with PORT=${port + 1} npm start`));
      } else if (err.code === "EACCES") {
        reject(new StartError(`Port ${port} on ${host} needs more privileges: pick a port above 1024 with PORT=3000`));
      } else if (err.code === "EADDRNOTAVAIL" || err.code === "ENOTFOUND") {
        reject(new StartError(`HOST=${host} is not an address of this machine`));
      } else reject(err);
    };
    http.once("error", onError);
    http.listen(port, host, () => {
      http.off("error", onError);
      resolve();
    });
  });
}

/** PORT and HOST from the environment, validated (one line on a bad value). */
export function readListenOptions(env: Readonly<Record<string, string | undefined>> = process.env): { host: string; port: number } {
  const host = env.HOST?.trim() || "127.0.0.1";
  const rawPort = env.PORT?.trim() || "3000";
  const port = Number(rawPort);
  if (!/^\d+$/.test(rawPort) || port < 1 || port > 65535) {
    throw new StartError(`PORT must be a whole number from 1 to 65535 (got "${rawPort}")`);
  }
  return { host, port };
}

/** Runs the server until SIGINT/SIGTERM; start-up problems print one line and exit 1. */
export async function main(dev: boolean): Promise<void> {
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  let server: RunningServer;
  try {
    server = await startStormflow({ dev, ...readListenOptions() });
  } catch (err) {
    if (err instanceof StartError || err instanceof DbError) {
      console.error(`stormflow: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  exitOnSignals(() => server.close());
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dev = process.argv.includes("--dev");
  if (!dev) (process.env as Record<string, string>).NODE_ENV = "production";
  void main(dev);
}
