/** Why the database could not be reached or prepared. Each maps to one line for a human. */
export type DbErrorCode =
  | "bad_url"
  | "unreachable"
  | "auth_failed"
  | "database_missing"
  | "data_dir_in_use"
  | "embedded_start_failed"
  | "migration_failed"
  | "migration_modified";

/** A database failure with a code and a one-line message; never a stack trace for the user. */
export class DbError extends Error {
  readonly code: DbErrorCode;
  constructor(code: DbErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "DbError";
    this.code = code;
  }
}

type PgLikeError = { code?: string; message?: string; errno?: number };

/**
 * Turns a pg / socket error into a DbError naming host, port and the cause, so that
 * `DATABASE_URL` mistakes read as one line instead of a stack trace.
 */
export function describeConnectError(err: unknown, host: string, port: number, database: string): DbError {
  const e = (err ?? {}) as PgLikeError;
  const where = `PostgreSQL at ${host}:${port}`;
  switch (e.code) {
    case "ECONNREFUSED":
      return new DbError("unreachable", `Cannot connect to ${where}: connection refused (is the server running?)`, { cause: err });
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return new DbError("unreachable", `Cannot connect to ${where}: host "${host}" not found`, { cause: err });
    case "ETIMEDOUT":
    case "ECONNRESET":
      return new DbError("unreachable", `Cannot connect to ${where}: ${e.code === "ETIMEDOUT" ? "timed out" : "connection reset"}`, { cause: err });
    case "28P01":
    case "28000":
      return new DbError("auth_failed", `Cannot connect to ${where}: ${e.message ?? "authentication failed"}`, { cause: err });
    case "3D000":
      return new DbError("database_missing", `Cannot connect to ${where}: database "${database}" does not exist`, { cause: err });
    default: {
      const reason = e.message?.split("\n")[0] || e.code || "unknown error";
      return new DbError("unreachable", `Cannot connect to ${where}: ${reason}`, { cause: err });
    }
  }
}
