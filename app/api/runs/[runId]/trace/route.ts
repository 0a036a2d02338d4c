import { handle, json } from "@/lib/http/handle";
import { DEFAULT_TRACE_PAGE, MAX_TRACE_PAGE } from "@/lib/runtime/runService";
import { intParam, withRuns } from "../../_lib/runsApi";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ runId: string }> };

/**
 * GET /api/runs/:runId/trace?after=SEQ&limit=N → `{items: [{seq, traceId, spanId, parentSpanId, name,
 * kind, startedAt, endedAt, status, attributes}], nextAfter}`: spans with seq > after, in seq order.
 */
export const GET = handle(async (request: Request, { params }: Context) => {
  const { runId } = await params;
  const url = new URL(request.url);
  const after = intParam(url, "after", 0, 0, Number.MAX_SAFE_INTEGER);
  const limit = intParam(url, "limit", DEFAULT_TRACE_PAGE, 1, MAX_TRACE_PAGE);
  return json(await withRuns((runs) => runs.trace(runId, after, limit)));
});
