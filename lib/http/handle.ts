import type { z } from "zod";
import type { Answer, Endpoint } from "../contracts/wire";
import { isDatabaseUnavailable, unavailableReason } from "../db/errors";
import { isModelError } from "../model/errors";
import { bodyAborted, isClientAbort } from "./aborted";
import { errorResponse, isApiError } from "./apiError";
import { checkRequestParams } from "./params";

type Handler<C> = (request: Request, context: C) => Promise<Response>;

/**
 * Wraps a route handler: its route and query parameters are checked first (NUL, unpaired
 * surrogates, overlong values: 400 naming the parameter; see params.ts), and every typed error
 * becomes its JSON error body and status: ApiError as it says, a ModelError 400 (413 when too
 * large), a client that went away mid-request a quiet 499 (nobody reads it; nothing to log), a
 * database that cannot be reached 503 `database_unavailable` (the server's state, not a bug: one
 * log line, no stack). Anything else is a bug: 500, logged, with no internals in the body.
 */
export function handle<C>(handler: Handler<C>): Handler<C> {
  return async (request, context) => {
    try {
      await checkRequestParams(request, context);
      return await handler(request, context);
    } catch (err) {
      if (isApiError(err)) return errorResponse(err.status, err.code, err.message, err.issues);
      if (isModelError(err)) {
        return errorResponse(err.code === "too_large" ? 413 : 400, err.code, err.message, [...err.issues]);
      }
      if (isClientAbort(err, request)) {
        const aborted = bodyAborted(err);
        return errorResponse(aborted.status, aborted.code, aborted.message);
      }
      if (isDatabaseUnavailable(err)) {
        console.warn(`stormflow: ${request.method} ${new URL(request.url).pathname}: database unavailable (${unavailableReason(err)})`);
        return errorResponse(503, "database_unavailable", "The database is not reachable right now; Stormflow is reconnecting. Try again in a moment.");
      }
      console.error("Unhandled error in", request.method, new URL(request.url).pathname, err);
      return errorResponse(500, "internal", "Something went wrong on the server; the details are in its log.");
    }
  };
}

export function json(body: unknown, status = 200): Response {
  return Response.json(body, { status });
}

/**
 * The answer of a route that a contract in `lib/contracts` declares: typed by that contract (a
 * field the contract does not know, or one it needs and the route leaves out, is a compile
 * error) and sent with its status.
 */
export function reply<E extends Endpoint<never, z.ZodType, z.ZodType | undefined>>(endpoint: E, body: Answer<E>): Response {
  const status = endpoint.status ?? 200;
  return status === 204 ? new Response(null, { status }) : Response.json(body, { status });
}
