import { handle, json } from "@/lib/http/handle";
import { readJsonBody } from "@/lib/http/readJsonBody";
import { getServices } from "@/lib/services/registry";
import { withRuns } from "../../../runs/_lib/runsApi";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/**
 * POST /api/boards/:id/runs `{command?, count, concurrency?, seed?, faults?: [{target, mode, value?}],
 * duplicateRate?, maxAttempts?}` → 202 `{runId}`: the board as saved is checked and the run starts in
 * the background. Bad input is 400 with `{path, message}` issues, and stores nothing.
 */
export const POST = handle(async (request: Request, { params }: Context) => {
  const { id } = await params;
  const body = await readJsonBody(request, 64 * 1024);
  const { board } = await getServices().boards.get(id);
  return json(await withRuns((runs) => runs.start(board, body, id)), 202);
});

/** GET /api/boards/:id/runs → `{runs: [...]}`: the board's runs, newest first (404 for an unknown board). */
export const GET = handle(async (_request: Request, { params }: Context) => {
  const { id } = await params;
  await getServices().boards.get(id);
  return json({ runs: await withRuns((runs) => runs.history(id)) });
});
