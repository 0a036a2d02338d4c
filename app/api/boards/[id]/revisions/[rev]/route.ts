import { revisionsApi } from "@/lib/contracts/boards";
import { handle, reply } from "@/lib/http/handle";
import { revisionParam } from "@/lib/http/revisionParams";
import { getServices } from "@/lib/services/registry";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string; rev: string }> };

/** GET /api/boards/:id/revisions/:rev → `{id, revision, savedAt, authors, summary, board}`; 404 for a revision not kept. */
export const GET = handle(async (_request: Request, { params }: Context) => {
  const { id, rev } = await params;
  return reply(revisionsApi.get, await getServices().history.get(id, revisionParam(rev)));
});
