import { handle, json } from "@/lib/http/handle";
import { withRuns } from "../../_lib/runsApi";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ runId: string }> };

/** GET /api/runs/:runId/read-models → `{rows: [{readModel, rowId, data, eventCount}]}`. */
export const GET = handle(async (_request: Request, { params }: Context) => {
  const { runId } = await params;
  return json({ rows: await withRuns((runs) => runs.readModels(runId)) });
});
