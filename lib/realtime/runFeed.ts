import type { RunEvent } from "../sim/run/simulator";
import type { TraceItem } from "../sim/ports/trace";
import type { RunStatusMessage } from "./protocol";

/**
 * Where the socket layer reads runs from: stored spans and status (PostgreSQL), plus live
 * events of runs this process drives. Kept small so the protocol is testable without a runtime.
 */
export interface RunFeed {
  /** The run's current status, or null when there is no such run. */
  status(runId: string): Promise<RunStatusMessage | null>;
  /** Stored spans with seq > `after`, in seq order, at most `limit`. */
  readTrace(runId: string, after: number, limit: number): Promise<TraceItem[]>;
  /** Live events of a run driven by this process; null when it is not (finished, or run elsewhere). */
  watch(runId: string, listener: (event: RunEvent) => void): (() => void) | null;
}

/** The statuses after which a run changes no more: the contract's one set. */
export { TERMINAL_STATUSES as FINAL_STATUSES } from "../contracts/runs";
