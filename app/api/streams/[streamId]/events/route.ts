import { runsApi } from "@/lib/contracts/runs";
import { handle, reply } from "@/lib/http/handle";
import { withRuns } from "../../../runs/_lib/runsApi";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ streamId: string }> };

/**
 * GET /api/streams/:streamId/events → `{streamId, events: [{eventId, type, data, metadata, version,
 * globalPosition, transactionId, runId, createdAt, …}]}` in version order.
 */
export const GET = handle(async (_request: Request, { params }: Context) => {
  const { streamId } = await params;
  return reply(runsApi.streamEvents, { streamId, events: await withRuns((runs) => runs.streamEvents(streamId)) });
});
