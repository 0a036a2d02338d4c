import { runsApi } from "@/lib/contracts/runs";
import { handle, reply } from "@/lib/http/handle";
import { withRuns } from "../../_lib/runsApi";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ runId: string }> };

/** POST /api/runs/:runId/stop → 202 `{runId, status}`: no more entry commands; the run ends `stopped`. */
export const POST = handle(async (_request: Request, { params }: Context) => {
  const { runId } = await params;
  return reply(runsApi.stop, await withRuns((runs) => runs.stop(runId)));
});
