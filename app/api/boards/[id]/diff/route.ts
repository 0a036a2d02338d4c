import { revisionsApi } from "@/lib/contracts/boards";
import { handle, reply } from "@/lib/http/handle";
import { modeQuery, revisionQuery } from "@/lib/http/revisionParams";
import { getServices } from "@/lib/services/registry";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/**
 * GET /api/boards/:id/diff?from=REV&to=REV&mode=M → `{from, to, compatible, mode, changes}`: the
 * compatibility diff (lib/model/diffBoards.ts), `to` the current revision and `from` the one before it
 * unless given, `mode` full unless given (the CLI's `stormflow diff --json` prints the same).
 */
export const GET = handle(async (request: Request, { params }: Context) => {
  const url = new URL(request.url);
  const mode = modeQuery(url);
  const from = revisionQuery(url, "from");
  const to = revisionQuery(url, "to");
  return reply(revisionsApi.diff, await getServices().history.diff((await params).id, { from, to, mode }));
});
