import { ApiError } from "@/lib/http/apiError";
import { runsApi } from "@/lib/contracts/runs";
import { handle, reply } from "@/lib/http/handle";
import { STREAMS_PAGE } from "@/lib/contracts/pages";
import { intParam } from "@/lib/http/params";
import { withRuns } from "../runs/_lib/runsApi";

export const dynamic = "force-dynamic";

/**
 * GET /api/streams?runId=…&after=STREAM_ID&limit=N → `{streams: [{streamId, streamType, version,
 * runId}], next}`: a page of the run's streams by id (byte order); `next` is the `after` of the
 * following page, null at the end.
 */
export const GET = handle(async (request: Request) => {
  const url = new URL(request.url);
  const runId = url.searchParams.get("runId");
  if (!runId) throw new ApiError(400, "invalid_request", "Say which run's streams: /api/streams?runId=…", [{ path: "runId", message: "is required" }]);
  const after = url.searchParams.get("after") || null;
  const limit = intParam(url, "limit", STREAMS_PAGE.default, 1, STREAMS_PAGE.max);
  return reply(runsApi.streams, await withRuns((runs) => runs.streams(runId, after, limit)));
});
