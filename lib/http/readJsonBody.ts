import { jsonTooDeepAt, MAX_JSON_DEPTH } from "../model/jsonDepth";
import { findUnsafeJson } from "../model/unsafeJson";
import { ApiError, type ApiIssue } from "./apiError";
import { bodyAborted } from "./aborted";

/** Bodies above this are refused with 413 before they are read in full. */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;

/**
 * Reads a JSON request body of at most `maxBytes`, counting the bytes actually received (a
 * missing or lying Content-Length cannot get a bigger body through).
 *
 * What comes out is safe to hand on: `__proto__`, `constructor` and `prototype` keys at any
 * depth, and NUL characters or unpaired surrogates in any key or string (PostgreSQL refuses
 * them), are a 400 `unsafe_input` naming each place, checked on `JSON.parse`'s output before any
 * schema can strip a key. A client that goes away mid-body is a quiet 499 `request_aborted`.
 */
export async function readJsonBody(request: Request, maxBytes = MAX_BODY_BYTES): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge(declared, maxBytes);
  if (!request.body) throw new ApiError(400, "empty_body", "The request has no body: send JSON.");
  const text = await readText(request.body, maxBytes);
  if (text.trim() === "") throw new ApiError(400, "empty_body", "The request has no body: send JSON.");
  const tooDeep = jsonTooDeepAt(text);
  if (tooDeep >= 0) {
    throw new ApiError(400, "too_deep", `The request body nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep (at offset ${tooDeep}); no valid request does.`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ApiError(400, "not_json", `The request body is not valid JSON: ${(err as Error).message}`);
  }
  const issues = findUnsafeJson(value, { text: true });
  if (issues.length > 0) throw unsafeInput(issues);
  return value;
}

async function readText(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<string> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch (err) {
      // The only way reading a request body fails is the connection going away under it.
      throw bodyAborted(err);
    }
    if (chunk.done) break;
    size += chunk.value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge(size, maxBytes);
    }
    chunks.push(chunk.value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

function unsafeInput(issues: ApiIssue[]): ApiError {
  const listed = issues.slice(0, 5).map((i) => `${i.path || "(the body)"}: ${i.message}`);
  const more = issues.length > 5 ? `; and ${issues.length - 5} more` : "";
  return new ApiError(400, "unsafe_input", `The request body is refused: ${listed.join("; ")}${more}`, issues);
}

function tooLarge(size: number, max: number): ApiError {
  return new ApiError(413, "too_large", `The request body is too large: ${size} bytes or more, and at most ${max} are accepted.`);
}
