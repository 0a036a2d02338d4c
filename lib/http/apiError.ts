// Plain `Response`, not NextResponse: server.ts loads this file (through the stores) before Next
// has set up its AsyncLocalStorage, and `next/server` refuses to load that early.

import { ApiError, type ApiIssue } from "../contracts/wire";

export { ApiError, type ApiIssue };

/**
 * Type guard that survives two copies of this module: server.ts (tsx) and Next's route bundle
 * each load their own, and the stores wired by server.ts throw the first copy's ApiError.
 */
export function isApiError(err: unknown): err is ApiError {
  return err instanceof ApiError || (err instanceof Error && err.name === "ApiError" && typeof (err as ApiError).status === "number");
}

/** The JSON error body every route returns: `{"error": {code, message, issues}}`. */
export function errorResponse(status: number, code: string, message: string, issues: ApiIssue[] = []): Response {
  return Response.json({ error: { code, message, issues } }, { status });
}
