import { runsApi } from "@/lib/contracts/runs";
import { handle, reply } from "@/lib/http/handle";
import { TRACE_PAGE } from "@/lib/contracts/pages";
import { intParam } from "@/lib/http/params";
import { withRuns } from "../../_lib/runsApi";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ runId: string }> };

/**
 * GET /api/runs/:runId/trace?after=SEQ&limit=N → `{items: [{seq, traceId, spanId, parentSpanId, name,
 * kind, startedAt, endedAt, status, attributes}], nextAfter, next}`: spans with seq > after, in seq
 * order; `nextAfter` is where to read on (kept for live polling), `next` the same but null at the end.
 */
export const GET = handle(async (request: Request, { params }: Context) => {
  const { runId } = await params;
  const url = new URL(request.url);
  const after = intParam(url, "after", 0, 0, Number.MAX_SAFE_INTEGER);
  const limit = intParam(url, "limit", TRACE_PAGE.default, 1, TRACE_PAGE.max);
  return reply(runsApi.trace, await withRuns((runs) => runs.trace(runId, after, limit)));
});
