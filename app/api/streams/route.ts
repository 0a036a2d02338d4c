import { ApiError } from "@/lib/http/apiError";
import { handle, json } from "@/lib/http/handle";
import { withRuns } from "../runs/_lib/runsApi";

export const dynamic = "force-dynamic";

/** GET /api/streams?runId=… → `{streams: [{streamId, streamType, version, runId}]}`: a run's streams by id. */
export const GET = handle(async (request: Request) => {
  const runId = new URL(request.url).searchParams.get("runId");
  if (!runId) throw new ApiError(400, "invalid_request", "Say which run's streams: /api/streams?runId=…", [{ path: "runId", message: "is required" }]);
  return json({ streams: await withRuns((runs) => runs.streams(runId)) });
});
