import { badTextReason } from "../model/wellFormedText";
import { ApiError } from "./apiError";

/** Longest route parameter or query value read: ids and cursors are far shorter. */
export const MAX_PARAM_LENGTH = 500;

/**
 * Checks a route parameter or query value before anything uses it: NUL characters and unpaired
 * surrogates (which PostgreSQL refuses or the driver silently replaces) and overlong values are
 * a 400 `invalid_param` naming the parameter, so they never reach SQL. Whether an id exists,
 * or is a UUID at all, is the service's 404.
 */
export function checkParam(name: string, value: string): string {
  const reason = badTextReason(value) ?? (value.length > MAX_PARAM_LENGTH ? `must be at most ${MAX_PARAM_LENGTH} characters (got ${value.length})` : null);
  if (reason) throw new ApiError(400, "invalid_param", `The parameter ${JSON.stringify(name.slice(0, 40))} ${reason}.`, [{ path: name.slice(0, 40), message: reason }]);
  return value;
}

/**
 * Checks every query parameter (names and values) and every route parameter of a request, as
 * `handle` does before any route runs: one rule for all routes, none can forget it.
 */
export async function checkRequestParams(request: Request, context: unknown): Promise<void> {
  for (const [name, value] of new URL(request.url).searchParams) {
    checkParam("query parameter name", name);
    checkParam(name, value);
  }
  const params = context !== null && typeof context === "object" ? (context as { params?: unknown }).params : undefined;
  const resolved: unknown = await params;
  if (resolved === null || typeof resolved !== "object") return;
  for (const [name, value] of Object.entries(resolved)) {
    // A catch-all segment ([...slug]) is a list of strings.
    for (const one of Array.isArray(value) ? value : [value]) if (typeof one === "string") checkParam(name, one);
  }
}

/** A whole number query parameter in [min, max], or `fallback` when absent; 400 otherwise. */
export function intParam(url: URL, name: string, fallback: number, min: number, max: number): number {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === "") return fallback;
  return wholeNumberParam(name, raw, min, max);
}

/** A route or query parameter that must be a whole number (decimal digits) in [min, max]; 400 naming it otherwise. */
export function wholeNumberParam(name: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new ApiError(400, "invalid_request", `${name} must be a whole number from ${min} to ${max} (got "${raw.slice(0, 40)}")`, [
      { path: name, message: `must be a whole number from ${min} to ${max}` },
    ]);
  }
  return value;
}
