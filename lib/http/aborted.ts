import { ApiError } from "./apiError";

/**
 * 499, nginx's "client closed request": nobody reads the answer, and the status only shows in
 * logs and tests. Not a server error, so it is never logged as one.
 */
export const CLIENT_CLOSED_REQUEST = 499;

/** The typed error for a request body the client stopped sending (it disconnected mid-body). */
export function bodyAborted(cause: unknown): ApiError {
  const error = new ApiError(CLIENT_CLOSED_REQUEST, "request_aborted", "The client closed the connection before the request body was complete.");
  (error as Error).cause = cause;
  return error;
}

/**
 * Whether `err` is the platform saying the client went away: Node's `IncomingMessage` fails its
 * stream with `Error("aborted")`, code `ECONNRESET`, when the socket closes mid-body; a web body
 * fails with an `AbortError` once the request's signal has fired. Narrow on purpose: a database
 * connection reset is also `ECONNRESET`, and that is not the client's doing.
 */
export function isClientAbort(err: unknown, request?: Request): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as NodeJS.ErrnoException).code;
  if (err.message === "aborted" && code === "ECONNRESET") return true;
  return request?.signal?.aborted === true && (err.name === "AbortError" || code === "ERR_STREAM_PREMATURE_CLOSE");
}
