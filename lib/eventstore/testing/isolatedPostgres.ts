import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type pg from "pg";
import { connectPool } from "../../db/database";
import { startEmbedded } from "../../db/embedded";
import { migrate } from "../../db/migrate";

export interface IsolatedPostgres {
  url: string;
  pool: pg.Pool;
  /** Empties the event store tables (between tests). */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A migrated database on a PostgreSQL cluster of its own, for tests of gap-safe reads.
 *
 * Transaction ids are cluster-wide: `pg_snapshot_xmin` is held back by any transaction in
 * flight in any database of the cluster, so on the shared test cluster another test file's
 * migration would make `readAll` hold back events and such tests flaky. ~2 s to start.
 */
export async function startIsolatedPostgres(poolSize = 30): Promise<IsolatedPostgres> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "stormflow-es-"));
  const server = await startEmbedded({ dataDir, persistent: false, fast: true, mode: "exclusive" });
  const pool = await connectPool(server.url, poolSize);
  await migrate(pool);
  return {
    url: server.url,
    pool,
    async reset() {
      await pool.query("TRUNCATE es_streams, es_events, es_outbox");
    },
    async stop() {
      await pool.end();
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
