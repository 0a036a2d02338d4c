import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import pg from "pg";
import { startEmbedded } from "../embedded";

declare module "vitest" {
  export interface ProvidedContext {
    /** An embedded PostgreSQL started for this test run (superuser; tests create their own databases). */
    pgUrl: string;
    /** A separately run server for the DATABASE_URL path: 127.0.0.1:5432 when it answers, else pgUrl. */
    externalPgUrl: string;
  }
}

const LOCAL_SERVER = process.env.STORMFLOW_TEST_EXTERNAL_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/** One throwaway embedded cluster per `vitest` run; every test file makes its own database in it. */
export default async function setup(project: TestProject) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "stormflow-int-"));
  const pgServer = await startEmbedded({ dataDir, persistent: false, fast: true, mode: "exclusive" });
  project.provide("pgUrl", pgServer.url);
  project.provide("externalPgUrl", (await answers(LOCAL_SERVER)) ? LOCAL_SERVER : pgServer.url);
  return async () => {
    await pgServer.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
