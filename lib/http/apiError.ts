import { NextResponse } from "next/server";

/** One problem in a request body, named by its path (`nodes[3].payload[0].name`). */
export interface ApiIssue {
  path: string;
  message: string;
}

/** An error with an HTTP status and a code; the UI, the API and the CLI show the same message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: ApiIssue[] = [],
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** The JSON error body every route returns: `{"error": {code, message, issues}}`. */
export function errorResponse(status: number, code: string, message: string, issues: ApiIssue[] = []): NextResponse {
  return NextResponse.json({ error: { code, message, issues } }, { status });
}
