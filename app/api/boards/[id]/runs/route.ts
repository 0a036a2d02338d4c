import { runsApi, splitStartBody } from "@/lib/contracts/runs";
import { ApiError } from "@/lib/http/apiError";
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
  const stored = await getServices().boards.get(id);
  const { revision, request: runRequest } = await withRuns(async () => splitStartBody(body));
  if (revision !== undefined && revision > stored.revision) {
    throw new ApiError(400, "invalid_request", `The board has no revision ${revision} yet (it is at revision ${stored.revision}).`, [
      { path: "revision", message: `must be a revision the board was saved as (it is at revision ${stored.revision})` },
    ]);
  }
  if (revision !== undefined && revision !== stored.revision) {
    throw new ApiError(409, "board_changed", `The board was saved again since revision ${revision} (now ${stored.revision}): start the run again to run what is on screen.`, [
      { path: "revision", message: `stale: the saved board is at revision ${stored.revision}` },
    ]);
  }
  return reply(runsApi.start, await withRuns((runs) => runs.start(stored.board, runRequest, id)));
});

/** GET /api/boards/:id/runs → `{runs: [...]}`: the board's runs, newest first (404 for an unknown board). */
export const GET = handle(async (_request: Request, { params }: Context) => {
  const { id } = await params;
  await getServices().boards.get(id);
  return reply(runsApi.history, { runs: await withRuns((runs) => runs.history(id)) });
});
