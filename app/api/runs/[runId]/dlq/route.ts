import { runsApi } from "@/lib/contracts/runs";
import { handle, reply } from "@/lib/http/handle";
import { withRuns } from "../../_lib/runsApi";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ runId: string }> };

/** GET /api/runs/:runId/dlq → `{deadLetters: [{consumerGroup, messageId, message, attempts, lastError, deadLetteredAt, replayedAt, replayStatus}]}`. */
export const GET = handle(async (_request: Request, { params }: Context) => {
  const { runId } = await params;
  return reply(runsApi.deadLetters, { deadLetters: await withRuns((runs) => runs.deadLetters(runId)) });
});
