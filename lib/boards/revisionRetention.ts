/*
 * How many saved revisions of each board are kept: `STORMFLOW_REVISIONS_KEEP`, a whole number
 * (the most recent that many) or `all`. Default 1,000: the co-editing hub saves a revision after
 * each pause in editing, so an afternoon's workshop keeps its whole history, and a board edited for
 * months does not grow without bound.
 */

export const DEFAULT_REVISIONS_KEEP = 1_000;
export const REVISIONS_KEEP_ENV = "STORMFLOW_REVISIONS_KEEP";

/** Thrown for a value that is neither a whole number from 1 nor `all`: the message names the variable. */
export class RetentionError extends Error {}

/** The retention from the environment: a count, or null for every revision. */
export function revisionsKeepFromEnv(env: Record<string, string | undefined> = process.env): number | null {
  const raw = env[REVISIONS_KEEP_ENV]?.trim();
  if (raw === undefined || raw === "") return DEFAULT_REVISIONS_KEEP;
  if (raw.toLowerCase() === "all") return null;
  if (/^\d+$/.test(raw) && Number(raw) >= 1 && Number.isSafeInteger(Number(raw))) return Number(raw);
  throw new RetentionError(`${REVISIONS_KEEP_ENV} must be a whole number of revisions to keep per board (at least 1) or "all" (got ${JSON.stringify(raw.slice(0, 40))})`);
}
