import { saveBoardBodySchema } from "../contracts/boards";
import { ApiError } from "../http/apiError";

/**
 * `PUT /api/boards/:id`'s body. Strict: an unknown key is refused rather than dropped (a typo
 * such as `"revison"` would otherwise be lost and the save refused for another reason).
 * `revision` and `board` themselves are checked by the store.
 */
const SHAPE = 'The body must be {"revision": number, "board": {…}}';

/** Unwraps `{revision, board}`; 400 `invalid_request` naming a missing board or each unknown key. */
export function parseSaveRequest(body: unknown): { revision: unknown; board: unknown } {
  if (typeof body !== "object" || body === null || Array.isArray(body) || !("board" in body)) {
    throw new ApiError(400, "invalid_request", SHAPE, [{ path: "board", message: "is required" }]);
  }
  const parsed = saveBoardBodySchema.safeParse(body);
  if (parsed.success) return { revision: parsed.data.revision, board: parsed.data.board };
  const unknown = parsed.error.issues.flatMap((issue) => (issue.code === "unrecognized_keys" ? issue.keys : []));
  const named = unknown.slice(0, 5).map((key) => JSON.stringify(key.slice(0, 40)));
  throw new ApiError(400, "invalid_request", `${SHAPE}; unknown key${unknown.length === 1 ? "" : "s"} ${named.join(", ")}`,
    unknown.map((key) => ({ path: key.slice(0, 40), message: "is not a key of this request (known: revision, board)" })));
}
