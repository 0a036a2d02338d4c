import { restoreBodySchema, revisionsApi } from "@/lib/contracts/boards";
import { ApiError } from "@/lib/http/apiError";
import { handle, reply } from "@/lib/http/handle";
import { readJsonBody } from "@/lib/http/readJsonBody";
import { revisionParam } from "@/lib/http/revisionParams";
import { getServices } from "@/lib/services/registry";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string; rev: string }> };

/**
 * POST /api/boards/:id/revisions/:rev/restore with `{revision?}` (the revision on screen; 409 when
 * the board was saved since) → `{revision, restored}`: a new revision equal to revision `rev`.
 */
export const POST = handle(async (request: Request, { params }: Context) => {
  const { id, rev } = await params;
  const revision = revisionParam(rev);
  const parsed = restoreBodySchema.safeParse(await readJsonBody(request));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join(".") || "body", message: i.message }));
    throw new ApiError(400, "invalid_request", `The restore request is not valid: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`, issues);
  }
  return reply(revisionsApi.restore, await getServices().history.restore(id, revision, parsed.data.revision));
});
