import { isEventStoreError } from "@/lib/eventstore/errors";
import { ApiError } from "@/lib/http/apiError";
import { isSimError } from "@/lib/sim/errors";
import type { RunService } from "@/lib/runtime/runService";
import { getServices } from "@/lib/services/registry";

const SIM_STATUS = { not_found: 404, conflict: 409, run_elsewhere: 409, too_many_runs: 429, broker_unavailable: 503, invalid_scenario: 400, invalid_board: 400 } as const;

/**
 * Calls the run service and turns its refusals into API errors: `not_found` 404, `conflict` and
 * `run_elsewhere` 409,
 * `too_many_runs` 429, a bad request (scenario, board, argument) 400 with its issues, so bad input is never a 500.
 */
export async function withRuns<T>(work: (runs: RunService) => Promise<T>): Promise<T> {
  try {
    return await work(getServices().runs);
  } catch (err) {
    if (isSimError(err)) throw new ApiError(SIM_STATUS[err.code], err.code, err.message, [...err.issues]);
    if (isEventStoreError(err) && err.code === "invalid_argument") throw new ApiError(400, "invalid_argument", err.message);
    throw err;
  }
}
