import { MAX_REVISION } from "../contracts/boards";
import { COMPAT_MODES, DEFAULT_COMPAT_MODE, isCompatMode, type CompatMode } from "../model/compatModes";
import { ApiError } from "./apiError";
import { intParam, wholeNumberParam } from "./params";

/** A revision in the route (`/revisions/:rev`): a whole number from 1, else 400 naming `rev`. */
export function revisionParam(raw: string): number {
  return wholeNumberParam("rev", raw, 1, MAX_REVISION);
}

/** An optional revision query parameter (`from`, `to`, `before`). */
export function revisionQuery(url: URL, name: string): number | undefined {
  return url.searchParams.get(name) ? intParam(url, name, 1, 1, MAX_REVISION) : undefined;
}

/** `mode`: one of COMPAT_MODES (default full), else 400 listing them. */
export function modeQuery(url: URL): CompatMode {
  const raw = url.searchParams.get("mode");
  if (raw === null || raw === "") return DEFAULT_COMPAT_MODE;
  if (isCompatMode(raw)) return raw;
  throw new ApiError(400, "invalid_request", `mode must be one of ${COMPAT_MODES.join(", ")} (got "${raw.slice(0, 40)}")`, [{ path: "mode", message: `must be one of ${COMPAT_MODES.join(", ")}` }]);
}
