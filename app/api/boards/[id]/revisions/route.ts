import { revisionsApi } from "@/lib/contracts/boards";
import { REVISIONS_PAGE } from "@/lib/contracts/pages";
import { handle, reply } from "@/lib/http/handle";
import { intParam } from "@/lib/http/params";
import { revisionQuery } from "@/lib/http/revisionParams";
import { getServices } from "@/lib/services/registry";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** GET /api/boards/:id/revisions?before=REV&limit=N → `{revisions: [{revision, savedAt, authors, summary}], next}`, newest first. */
export const GET = handle(async (request: Request, { params }: Context) => {
  const url = new URL(request.url);
  const limit = intParam(url, "limit", REVISIONS_PAGE.default, 1, REVISIONS_PAGE.max);
  const before = revisionQuery(url, "before");
  return reply(revisionsApi.list, await getServices().history.list((await params).id, { before, limit }));
});
