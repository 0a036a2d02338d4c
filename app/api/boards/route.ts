import { boardsApi } from "@/lib/contracts/boards";
import { handle, reply } from "@/lib/http/handle";
import { readJsonBody } from "@/lib/http/readJsonBody";
import { getServices } from "@/lib/services/registry";

export const dynamic = "force-dynamic";

/** GET /api/boards: every board, most recently edited first. */
export const GET = handle(async () => reply(boardsApi.list, await getServices().boards.list()));

/** POST /api/boards with a board document: 201 {id, revision, board}. */
export const POST = handle(async (request: Request) => {
  return reply(boardsApi.create, await getServices().boards.create(await readJsonBody(request)));
});
