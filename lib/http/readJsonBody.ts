import { ApiError } from "./apiError";

/** Bodies above this are refused with 413 before they are read in full. */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;

/**
 * Reads a JSON request body of at most `maxBytes`, counting the bytes actually received (a
 * missing or lying Content-Length cannot get a bigger body through).
 */
export async function readJsonBody(request: Request, maxBytes = MAX_BODY_BYTES): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge(declared, maxBytes);
  if (!request.body) throw new ApiError(400, "empty_body", "The request has no body: send JSON.");
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge(size, maxBytes);
    }
    chunks.push(value);
  }
  const text = new TextDecoder().decode(Buffer.concat(chunks));
  if (text.trim() === "") throw new ApiError(400, "empty_body", "The request has no body: send JSON.");
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ApiError(400, "not_json", `The request body is not valid JSON: ${(err as Error).message}`);
  }
}

function tooLarge(size: number, max: number): ApiError {
  return new ApiError(413, "too_large", `The request body is too large: ${size} bytes or more, and at most ${max} are accepted.`);
}
