import { atRevision } from "@/lib/boards/boardStore";
import { runsApi, splitStartBody } from "@/lib/contracts/runs";
import { handle, reply } from "@/lib/http/handle";
import { readJsonBody } from "@/lib/http/readJsonBody";
import { getServices } from "@/lib/services/registry";
import { withRuns } from "../../../runs/_lib/runsApi";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/**
 * POST /api/boards/:id/runs `{command?, count, concurrency?, seed?, faults?: [{target, mode, value?}],
 * duplicateRate?, timeScale?, revision?}` → 202 `{runId}`: the board as saved is checked and the run
 * starts in the background. With `revision`, the board must still be at that revision (409
 * `board_changed` otherwise: the client's view and the run would be two boards). Bad input is 400
 * with `{path, message}` issues, and stores nothing.
 */
export const POST = handle(async (request: Request, { params }: Context) => {
  const { id } = await params;
  const body = await readJsonBody(request, 64 * 1024);
  // An unknown board is 404 whatever the body says.
  const saved = await getServices().boards.get(id);
  const { revision, request: runRequest } = await withRuns(async () => splitStartBody(body));
  const stored = atRevision(saved, revision);
  return reply(runsApi.start, await withRuns((runs) => runs.start(stored.board, runRequest, id)));
});

/** GET /api/boards/:id/runs → `{runs: [...]}`: the board's runs, newest first (404 for an unknown board). */
export const GET = handle(async (_request: Request, { params }: Context) => {
  const { id } = await params;
  await getServices().boards.get(id);
  return reply(runsApi.history, { runs: await withRuns((runs) => runs.history(id)) });
});
