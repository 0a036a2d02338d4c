import path from "node:path";
import { DbError } from "./errors";

/** Where the data lives: a server named by DATABASE_URL, or the embedded one in `.data/`. */
export type DbTarget =
  | { kind: "external"; url: string; host: string; port: number; database: string }
  | { kind: "embedded"; dataDir: string; ephemeral: boolean };

/**
 * Reads DATABASE_URL, STORMFLOW_DATA_DIR (default `.data`) and STORMFLOW_EPHEMERAL (=1: a throwaway
 * cluster deleted on stop, for e2e runs); rejects a DATABASE_URL that is not a postgres URL.
 */
export function resolveDbTarget(env: Readonly<Record<string, string | undefined>> = process.env, cwd = process.cwd()): DbTarget {
  const raw = env.DATABASE_URL?.trim();
  if (raw) return { kind: "external", url: raw, ...parsePostgresUrl(raw) };
  return {
    kind: "embedded",
    dataDir: path.resolve(cwd, env.STORMFLOW_DATA_DIR || ".data"),
    ephemeral: env.STORMFLOW_EPHEMERAL === "1",
  };
}

/** Host, port and database of a postgres URL, or a DbError("bad_url") that says what is wrong. */
export function parsePostgresUrl(raw: string): { host: string; port: number; database: string } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new DbError("bad_url", `DATABASE_URL is not a URL (expected postgres://user:password@host:5432/database)`);
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
    throw new DbError("bad_url", `DATABASE_URL must start with postgres:// or postgresql:// (got ${url.protocol}//)`);
  }
  const host = decodeURIComponent(url.hostname) || "localhost";
  const port = url.port ? Number(url.port) : 5432;
  const database = decodeURIComponent(url.pathname.replace(/^\//, "")) || decodeURIComponent(url.username) || "postgres";
  return { host, port, database };
}
