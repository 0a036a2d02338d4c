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

/** SQLSTATEs that mean the server went away or is not accepting us yet, not that the statement was wrong. */
const UNAVAILABLE_SQLSTATES = new Set(["57P01", "57P02", "57P03", "53300"]);
/** Socket failures on the way to (or while talking to) the server. */
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "ECONNABORTED", "EAI_AGAIN"]);
/** Prisma's codes for the same: can't reach, timed out, connection closed, pool timeout, too many connections. */
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2037"]);
/** @prisma/adapter-pg's driver-error kinds for a lost or unreachable server. */
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
/**
 * pg and pg-pool raise these as plain Errors without a code: a socket closed under a query, a
 * client that errored before, and a pool that could not get a connection in time.
 */
const MESSAGES = [
  /^Connection terminated/i,
  /Client has encountered a connection error and is not queryable/i,
  /timeout exceeded when trying to connect/i,
  /Connection terminated due to connection timeout/i,
  /^Can't reach database server/i,
  /^Server has closed the connection/i,
  /the database system is (starting up|shutting down|in recovery mode|not yet accepting connections)/i,
];

type ErrorShape = {
  code?: unknown;
  errorCode?: unknown;
  originalCode?: unknown;
  kind?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
  meta?: { driverAdapterError?: { cause?: unknown } };
};

/**
 * True when `err` says the database cannot be reached right now (refused, reset, shut down,
 * starting up, a pool that timed out connecting), as pg, pg-pool, @prisma/adapter-pg or the
 * Prisma client raise it, however deeply wrapped (`cause`, Prisma's `meta.driverAdapterError`,
 * an AggregateError's `errors`). Such a failure is the server's state, not the request's fault:
 * the API answers 503 and the runtime waits and tries again. Errors the statement itself caused
 * (a constraint, bad input, a syntax error) are false.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  return some(err, 0);
}

function some(err: unknown, depth: number): boolean {
  if (err === null || typeof err !== "object" || depth > 6) return false;
  const e = err as ErrorShape;
  if (saysUnavailable(e)) return true;
  if (Array.isArray(e.errors) && e.errors.some((inner) => some(inner, depth + 1))) return true;
  return some(e.cause, depth + 1) || some(e.meta?.driverAdapterError?.cause, depth + 1) || some(e.meta?.driverAdapterError, depth + 1);
}

/** This error itself (not what it wraps) says the database is unavailable. */
function saysUnavailable(e: ErrorShape): boolean {
  for (const code of [e.code, e.errorCode, e.originalCode]) {
    if (typeof code !== "string") continue;
    if (SOCKET_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || PRISMA_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
  }
  if (typeof e.kind === "string" && ADAPTER_KINDS.has(e.kind)) return true;
  return typeof e.message === "string" && MESSAGES.some((m) => m.test(e.message as string));
}

/**
 * The short reason for a log line: the message of the first error in the `cause` chain that says
 * the database is unavailable (the outermost when none does), its last line (Prisma puts the
 * driver's reason last, after the call that failed), with its code when it has one.
 */
export function unavailableReason(err: unknown): string {
  const chain: ErrorShape[] = [];
  for (let e = err as ErrorShape | undefined; e && typeof e === "object" && chain.length < 6 && !chain.includes(e); e = e.cause as ErrorShape | undefined) chain.push(e);
  const e = chain.find(saysUnavailable) ?? chain[0];
  if (!e) return "unknown";
  const code = typeof e.code === "string" ? e.code : undefined;
  const message = (typeof e.message === "string" ? e.message.split("\n").map((l) => l.trim()).filter(Boolean) : []).at(-1) ?? "";
  if (message) return code && !message.includes(code) ? `${message} (${code})` : message;
  if (Array.isArray(e.errors) && e.errors.length > 0) return unavailableReason(e.errors[0]);
  return code ?? "unknown";
}
