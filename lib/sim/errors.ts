/**
 * Why the simulator refused a request:
 * - `invalid_scenario`: the run options are wrong (an unknown command or fault target, count <= 0
 *   or above the cap, a malformed fault); every problem is in `issues`;
 * - `invalid_board`: the board has validation errors, so it cannot run;
 * - `not_found`: no such run (or no such dead letter in it);
 * - `conflict`: the request races or repeats one that won (a dead letter being, or already, replayed);
 * - `too_many_runs`: this process drives as many runs as it may at once; try when one ends;
 * - `run_elsewhere`: the run is driven by another live server instance, so this one cannot act on it;
 * - `broker_unavailable`: the real broker the run names cannot be reached (or refused us).
 * The API maps the first two to 400, `not_found` to 404, `conflict` and `run_elsewhere` to 409,
 * `too_many_runs` to 429 and `broker_unavailable` to 503; the CLI exits 2 on the first two.
 */
export type SimErrorCode = "invalid_scenario" | "invalid_board" | "not_found" | "conflict" | "too_many_runs" | "run_elsewhere" | "broker_unavailable";

/** One problem, located by a path into the request (`faults[1].value`, `count`). */
export interface SimIssue {
  readonly path: string;
  readonly message: string;
}

/** A refusal with a code for programs, and a message (listing every issue) for humans. */
export class SimError extends Error {
  override readonly name = "SimError";
  readonly code: SimErrorCode;
  readonly issues: readonly SimIssue[];

  constructor(code: SimErrorCode, summary: string, issues: readonly SimIssue[] = []) {
    super(issues.length === 0 ? summary : `${summary}\n${issues.map((i) => `  ${i.path ? `${i.path}: ` : ""}${i.message}`).join("\n")}`);
    this.code = code;
    this.issues = issues;
  }
}

/** Type guard that survives bundling (no reliance on `instanceof` across module copies). */
export function isSimError(error: unknown): error is SimError {
  return error instanceof SimError || (error instanceof Error && error.name === "SimError" && "issues" in error);
}

/**
 * A version conflict from the event store port (`ConcurrencyError`), recognised by its code so
 * the core needs no adapter's class.
 */
export function isConcurrencyConflict(error: unknown): boolean {
  return error instanceof Error && (error as { code?: unknown }).code === "concurrency";
}

/** An event id already stored (`DuplicateEventError`): a retried or re-issued append already happened. */
export function isDuplicateEvent(error: unknown): boolean {
  return error instanceof Error && (error as { code?: unknown }).code === "duplicate_event";
}

/** The one-line text of any error, for spans, dead letters and run records. */
export function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.length > 500 ? `${text.slice(0, 499)}…` : text;
}
