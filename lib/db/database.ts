import pg from "pg";
import { resolveDbTarget, parsePostgresUrl, type DbTarget } from "./config";
import { startEmbedded, type EmbeddedHandle } from "./embedded";
import { describeConnectError } from "./errors";
import { migrate, type MigrateResult } from "./migrate";

/** An open, migrated database: the pg pool every adapter shares. */
export interface Database {
  kind: "embedded" | "external";
  url: string;
  pool: pg.Pool;
  migrations: MigrateResult;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** "exclusive" for the app (one server per data folder), "reuse" for the CLI. */
  mode?: "exclusive" | "reuse";
  target?: DbTarget;
  poolSize?: number;
  /** Embedded only: the first wait before the supervisor restarts a postmaster that died (default 100 ms). */
  restartDelayMs?: number;
}

/**
 * Opens the configured database: DATABASE_URL when set, otherwise the embedded PostgreSQL
 * in `.data/`. Connects once to fail fast with one clear line, then applies migrations.
 */
export async function openDatabase(opts: OpenOptions = {}): Promise<Database> {
  const target = opts.target ?? resolveDbTarget();
  let embedded: EmbeddedHandle | undefined;
  let url: string;
  if (target.kind === "external") {
    url = target.url;
  } else {
    embedded = await startEmbedded({
      dataDir: target.dataDir,
      mode: opts.mode ?? "exclusive",
      persistent: !target.ephemeral,
      fast: target.ephemeral,
      restartDelayMs: opts.restartDelayMs,
    });
    url = embedded.url;
  }
  const pool = await connectPool(url, opts.poolSize ?? 20);
  try {
    const migrations = await migrate(pool);
    return {
      kind: target.kind,
      url,
      pool,
      migrations,
      async close() {
        // A client still checked out (a transaction cut short by a shutdown) must not hold the
        // shutdown up: past a moment, the cluster is stopped anyway, which ends that session too.
        const ended = pool.end().catch(() => undefined);
        await Promise.race([ended, sleep(POOL_END_GRACE_MS)]);
        await embedded?.stop();
      },
    };
  } catch (err) {
    await pool.end().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    throw err;
  }
}

const POOL_END_GRACE_MS = 1_500;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** A pool whose first connection has succeeded; connection failures become one-line DbErrors. */
export async function connectPool(url: string, max = 20): Promise<pg.Pool> {
  const { host, port, database } = parsePostgresUrl(url);
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 10_000 });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on("error", () => undefined);
  try {
    const client = await pool.connect();
    client.release();
    return pool;
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw describeConnectError(err, host, port, database);
  }
}
