import { z } from "zod";

/**
 * The pieces every API contract is built from. A contract module (boards.ts, runs.ts) holds the
 * schemas of one API area's requests and answers; the route handlers answer with them and
 * `lib/client` infers its types from them, so a field added to an answer is one edit that the
 * compiler carries to both sides (as `lib/realtime/protocol.ts` does for the socket).
 */

/** One problem the API reports, named by its path in the request (`nodes[3].payload[0].name`, `count`). */
export const apiIssueSchema = z.object({ path: z.string(), message: z.string() });
export type ApiIssue = z.infer<typeof apiIssueSchema>;

/**
 * An error of our API, on both sides: the server throws it (and answers it as its status and error
 * body), the client raises it from an error answer (status 0 when there was none: offline). The
 * UI, the API and the CLI show the same code and message.
 */
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

/** Every error answer: `{"error": {code, message, issues}}`. */
export const errorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), issues: z.array(apiIssueSchema).optional() }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/**
 * A record the server builds from the core's own types (a run's counters, a span, a stored
 * event): typed on both sides by that one declaration, checked on the wire only for being an
 * object. Declaring its fields again here would be the second copy this module exists to avoid.
 */
export const record = <T>() => z.custom<T>((value) => typeof value === "object" && value !== null, { error: "must be an object" });

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

/**
 * One route of the API: how to call it, what it answers and with which status. `Args` are what
 * the URL is built from (ids, query parameters).
 */
export interface Endpoint<Args, Response extends z.ZodType, Body extends z.ZodType | undefined = undefined> {
  readonly method: HttpMethod;
  readonly url: (args: Args) => string;
  /** The request body, when the route takes one; the route parses it with this schema (or a stricter check built on it). */
  readonly body?: Body;
  readonly response: Response;
  /** The success status (200 unless said). */
  readonly status?: number;
}

/** Declares an endpoint, keeping its precise types. */
export const endpoint = <Args, Response extends z.ZodType, Body extends z.ZodType | undefined = undefined>(
  e: Endpoint<Args, Response, Body>,
): Endpoint<Args, Response, Body> => e;

/** What a route hands back for an endpoint: its answer as the contract types it. */
export type Answer<E> = E extends Endpoint<never, infer R, z.ZodType | undefined> ? z.input<R> : never;
/** What the client gets back from an endpoint once parsed. */
export type Parsed<E> = E extends Endpoint<never, infer R, z.ZodType | undefined> ? z.output<R> : never;

export const enc = encodeURIComponent;

/** `?a=1&b=x` from the defined entries (undefined and null left out), in the order given. */
export function query(params: Record<string, string | number | null | undefined>): string {
  const parts = Object.entries(params)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined && entry[1] !== null)
    .map(([key, value]) => `${enc(key)}=${enc(String(value))}`);
  return parts.length ? `?${parts.join("&")}` : "";
}
