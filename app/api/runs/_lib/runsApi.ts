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

/** A whole number query parameter in [min, max], or `fallback` when absent; 400 otherwise. */
export function intParam(url: URL, name: string, fallback: number, min: number, max: number): number {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === "") return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new ApiError(400, "invalid_request", `${name} must be a whole number from ${min} to ${max} (got "${raw.slice(0, 40)}")`, [
      { path: name, message: `must be a whole number from ${min} to ${max}` },
    ]);
  }
  return value;
}
