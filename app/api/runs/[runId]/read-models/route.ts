import { ApiError } from "@/lib/http/apiError";
import { runsApi } from "@/lib/contracts/runs";
import { handle, reply } from "@/lib/http/handle";
import { READ_MODELS_PAGE } from "@/lib/contracts/pages";
import { decodeRowCursor } from "@/lib/runtime/rowCursor";
import { intParam } from "@/lib/http/params";
import { withRuns } from "../../_lib/runsApi";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ runId: string }> };

/**
 * GET /api/runs/:runId/read-models?after=CURSOR&limit=N → `{rows: [{readModel, rowId, data,
 * eventCount}], next}`: a page of the run's rows by read model then row id; `next` is the
 * `after` of the following page (opaque), null at the end.
 */
export const GET = handle(async (request: Request, { params }: Context) => {
  const { runId } = await params;
  const url = new URL(request.url);
  const cursor = url.searchParams.get("after") || null;
  const after = cursor === null ? null : decodeRowCursor(cursor);
  if (cursor !== null && after === null) {
    throw new ApiError(400, "invalid_request", "after must be the `next` of a previous page of this list", [{ path: "after", message: "is not a cursor of this list" }]);
  }
  const limit = intParam(url, "limit", READ_MODELS_PAGE.default, 1, READ_MODELS_PAGE.max);
  return reply(runsApi.readModels, await withRuns((runs) => runs.readModels(runId, after, limit)));
});
