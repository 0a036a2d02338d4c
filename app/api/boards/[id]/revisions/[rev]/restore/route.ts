import { parseRestoreRequest } from "@/lib/boards/restoreRequest";
import { revisionsApi } from "@/lib/contracts/boards";
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
  const { revision: onScreen } = parseRestoreRequest(await readJsonBody(request));
  return reply(revisionsApi.restore, await getServices().history.restore(id, revision, onScreen));
});
