import { RunService } from "../runtime/runService";
import type { Runtime } from "../runtime/runtime";
import type { RunFeed } from "./runFeed";

/**
 * The live feed over the run service, the one door to runs that the HTTP routes use too: status
 * (live counters while this server drives the run), stored spans, live events.
 */
export function runFeedOf(runs: Pick<RunService, "liveStatus" | "spans" | "watch">): RunFeed {
  return {
    status: (runId) => runs.liveStatus(runId),
    readTrace: (runId, after, limit) => runs.spans(runId, after, limit),
    watch: (runId, listener) => runs.watch(runId, listener),
  };
}

/** The same over a bare runtime (tests and benchmarks that wire no services). */
export const runtimeFeed = (runtime: Runtime): RunFeed => runFeedOf(new RunService(runtime));

/** A feed with no runs, for a server started without a runtime. */
export const noRunsFeed: RunFeed = {
  status: async () => null,
  readTrace: async () => [],
  watch: () => null,
};
