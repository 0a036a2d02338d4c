import { runsApi } from "@/lib/contracts/runs";
import { handle, reply } from "@/lib/http/handle";
import { withRuns } from "../../../../_lib/runsApi";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ runId: string; messageId: string }> };

/**
 * POST /api/runs/:runId/dlq/:messageId/replay → `{runId, messageId, results: [{consumerGroup, status, error}]}`:
 * the message, with its id, is delivered again to each group that gave up on it.
 */
export const POST = handle(async (_request: Request, { params }: Context) => {
  const { runId, messageId } = await params;
  return reply(runsApi.replay, await withRuns((runs) => runs.replay(runId, messageId)));
});
