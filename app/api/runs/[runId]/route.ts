import { runsApi } from "@/lib/contracts/runs";
import { handle, reply } from "@/lib/http/handle";
import { withRuns } from "../_lib/runsApi";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ runId: string }> };

/** GET /api/runs/:runId → `{runId, status, summary, counters, scenario, boardId, boardName, error, createdAt, finishedAt}`. */
export const GET = handle(async (_request: Request, { params }: Context) => {
  const { runId } = await params;
  return reply(runsApi.get, await withRuns((runs) => runs.get(runId)));
});
