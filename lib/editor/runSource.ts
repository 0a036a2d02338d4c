import type { RunCounters, RunInfo, RunStatus, RunSummary } from "../contracts/runs";
import { TERMINAL_STATUSES } from "../contracts/runs";

/** What the Run panel shows of a summary (the runs API sends its graph apart). */
export type RunSummaryView = Omit<RunSummary, "graph">;

export interface ShownRun {
  readonly status: RunStatus | null;
  readonly counters: RunCounters | null;
  readonly summary: RunSummaryView | null;
}

/**
 * What the progress shows, from one source so status, counters and summary agree: the live feed
 * (the socket, into the run view store) unless the run record knows more: the run ended and the
 * socket has not said so yet, or the socket is down and the record, polled meanwhile, is further
 * along. A record read before the live counters moved on (offline, the poll cannot refresh it)
 * never takes the progress back.
 */
export function shownRun(live: ShownRun, connected: boolean, record: RunInfo | undefined): ShownRun {
  if (!record) return live;
  const recordAhead = TERMINAL_STATUSES.has(record.status) && !(live.status && TERMINAL_STATUSES.has(live.status));
  const polledFurther = !connected && progressOf(record.counters) >= progressOf(live.counters);
  if (recordAhead || polledFurther || !live.counters) {
    return { status: record.status, counters: record.counters ?? live.counters, summary: record.summary ?? live.summary };
  }
  return { status: live.status ?? record.status, counters: live.counters, summary: live.summary ?? record.summary };
}

/** How far a run is, for choosing between two readings of it. */
const progressOf = (counters: RunCounters | null | undefined): number => (counters ? counters.instances.finished + counters.events.appended : -1);

/** Whether a run is still going as shown (no status yet counts as going: it was just started). */
export const isGoing = (status: RunStatus | null): boolean => status === null || status === "running";
