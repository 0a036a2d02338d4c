/**
 * The request line checked before Next sees it (method and URL path), for server.ts's request
 * handler: what Next 16 would answer with a 500 is refused here with a 4xx of our own, as the
 * JSON error body the API's clients already read.
 */

/** A refusal: the status, a code and a message for the JSON error body, and `Allow` for a 405. */
export interface RequestLineRefusal {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  /** The `Allow` header of a 405. */
  readonly allow?: string;
}

/** Methods the app serves (routes export some of these; Next answers 405 for the others). */
export const SERVED_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

/** RFC 9110's token: what a method may be made of. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Longest request target read; Node itself refuses headers above 16 KiB. */
export const MAX_URL_LENGTH = 8 * 1024;

/**
 * Checks a request's method and target (as Node's `req.method` and `req.url` give them); null
 * when the request may go on to Next.
 *
 * - any method the app does not serve: 405 `method_not_allowed` with `Allow` (a 4xx, as for a
 *   route that does not export the method). TRACE above all: Next 16 answers it on an API route
 *   with a logged 500 ("'TRACE' HTTP method is unsupported"), and TRACE/TRACK echo requests back
 *   (cross-site tracing); PROPFIND, FOO and anything that is not an RFC 9110 token too;
 * - a target longer than 8 KiB: 414 `uri_too_long`;
 * - a path with malformed percent-encoding (`/api/boards/%E0%A4%A`, `%zz`, an encoded invalid
 *   UTF-8 sequence) or a NUL once decoded: 400 `bad_path` (Next 16 answers a malformed one with a
 *   plain-text 500).
 */
export function checkRequestLine(method: string, url: string): RequestLineRefusal | null {
  const upper = method.toUpperCase();
  if (!TOKEN.test(method) || !(SERVED_METHODS as readonly string[]).includes(upper)) {
    const allow = SERVED_METHODS.join(", ");
    return { status: 405, code: "method_not_allowed", message: `The method ${JSON.stringify(method.slice(0, 20))} is not allowed here: use ${allow}.`, allow };
  }
  if (url.length > MAX_URL_LENGTH) {
    return { status: 414, code: "uri_too_long", message: `The URL is too long: ${url.length} characters, and at most ${MAX_URL_LENGTH} are read.` };
  }
  const path = url.split(/[?#]/, 1)[0] ?? "";
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return { status: 400, code: "bad_path", message: `The URL path is not valid: ${JSON.stringify(path.slice(0, 120))} has a malformed percent-encoding (each % must start a valid UTF-8 byte as two hex digits).` };
  }
  if (decoded.includes("\u0000")) {
    return { status: 400, code: "bad_path", message: "The URL path is not valid: it contains an encoded NUL character (%00)." };
  }
  return null;
}
