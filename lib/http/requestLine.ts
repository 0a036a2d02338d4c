/**
 * The request line checked before Next sees it (method and URL path), for server.ts's request
 * handler: what Next would answer with a 500 or pass on to a route is refused here with a 4xx/5xx
 * of our own, as a JSON error body the API's clients already read.
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

/**
 * Known methods refused outright: TRACE and TRACK echo the request (cross-site tracing reads
 * cookies and headers back), CONNECT asks for a tunnel. 405, naming what is served.
 */
const REFUSED_METHODS = new Set(["TRACE", "TRACK", "CONNECT"]);

/** RFC 9110's token: what a method may be made of. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Longest request target read; Node itself refuses headers above 16 KiB. */
export const MAX_URL_LENGTH = 8 * 1024;

/**
 * Checks a request's method and target (as Node's `req.method` and `req.url` give them); null
 * when the request may go on to Next.
 *
 * - TRACE, TRACK, CONNECT: 405 `method_not_allowed`, with `Allow`;
 * - any other method the app does not serve (PROPFIND, FOO, …): 501 `method_not_implemented`
 *   (RFC 9110 §15.6.2: a method the server does not recognise);
 * - a target longer than 8 KiB: 414 `uri_too_long`;
 * - a path with malformed percent-encoding (`/api/boards/%E0%A4%A`, `%zz`, an encoded invalid
 *   UTF-8 sequence) or a NUL once decoded: 400 `bad_path`, instead of a URIError deep in routing.
 */
export function checkRequestLine(method: string, url: string): RequestLineRefusal | null {
  const upper = method.toUpperCase();
  if (!TOKEN.test(method) || REFUSED_METHODS.has(upper) || !(SERVED_METHODS as readonly string[]).includes(upper)) {
    const allow = SERVED_METHODS.join(", ");
    const shown = JSON.stringify(method.slice(0, 20));
    return REFUSED_METHODS.has(upper)
      ? { status: 405, code: "method_not_allowed", message: `The method ${shown} is not allowed here: use ${allow}.`, allow }
      : { status: 501, code: "method_not_implemented", message: `The method ${shown} is not implemented: use ${allow}.` };
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
