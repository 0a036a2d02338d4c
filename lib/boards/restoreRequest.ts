import { restoreBodySchema } from "../contracts/boards";
import { ApiError } from "../http/apiError";

/**
 * `POST /api/boards/:id/revisions/:rev/restore`'s body, `{revision?}`: the revision on screen.
 * Strict, as the save body is: an unknown key or a revision that is not a whole number from 1 is a
 * 400 `invalid_request` naming the field.
 */
export function parseRestoreRequest(body: unknown): { revision?: number } {
  const parsed = restoreBodySchema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({ path: i.path.join(".") || "body", message: i.message }));
  throw new ApiError(400, "invalid_request", `The restore request is not valid: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`, issues);
}
