import { ApiError } from "@/lib/http/apiError";
import { handle, json } from "@/lib/http/handle";
import { readJsonBody } from "@/lib/http/readJsonBody";
import { getServices } from "@/lib/services/registry";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** GET /api/boards/:id → {id, revision, board}. */
export const GET = handle(async (_request: Request, { params }: Context) => {
  return json(await getServices().boards.get((await params).id));
});

/** PUT /api/boards/:id with {revision, board} → {revision}; a stale revision is 409. */
export const PUT = handle(async (request: Request, { params }: Context) => {
  const body = await readJsonBody(request);
  if (typeof body !== "object" || body === null || Array.isArray(body) || !("board" in body)) {
    throw new ApiError(400, "invalid_request", "The body must be {\"revision\": number, \"board\": {…}}", [
      { path: "board", message: "is required" },
    ]);
  }
  const { revision, board } = body as { revision?: unknown; board: unknown };
  return json(await getServices().boards.save((await params).id, revision, board));
});

/** DELETE /api/boards/:id → 204. */
export const DELETE = handle(async (_request: Request, { params }: Context) => {
  await getServices().boards.remove((await params).id);
  return new Response(null, { status: 204 });
});
