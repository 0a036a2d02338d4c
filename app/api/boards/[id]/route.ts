import { parseSaveRequest } from "@/lib/boards/saveRequest";
import { boardsApi } from "@/lib/contracts/boards";
import { handle, reply } from "@/lib/http/handle";
import { readJsonBody } from "@/lib/http/readJsonBody";
import { getServices } from "@/lib/services/registry";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** GET /api/boards/:id → {id, revision, board}. */
export const GET = handle(async (_request: Request, { params }: Context) => {
  return reply(boardsApi.get, await getServices().boards.get((await params).id));
});

/** PUT /api/boards/:id with {revision, board} → {revision}; a stale revision is 409. */
export const PUT = handle(async (request: Request, { params }: Context) => {
  const { revision, board } = parseSaveRequest(await readJsonBody(request));
  return reply(boardsApi.save, await getServices().boards.save((await params).id, revision, board));
});

/** DELETE /api/boards/:id → 204; the board's runs that are still going are stopped. */
export const DELETE = handle(async (_request: Request, { params }: Context) => {
  const { id } = await params;
  const services = getServices();
  await services.boards.remove(id);
  await services.runs.stopRunsOf(id);
  return reply(boardsApi.remove, undefined);
});
