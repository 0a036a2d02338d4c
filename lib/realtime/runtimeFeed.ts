import type { RuntimeStore } from "../sim/ports/runtimeStore";
import type { Simulator } from "../sim/simulator";
import type { RunFeed } from "./runFeed";

/** The feed over the runtime: status and spans from its store, live events from its simulator. */
export function runtimeFeed(runtime: { simulator: Simulator; store: Pick<RuntimeStore, "getRun" | "readSpans"> }): RunFeed {
  return {
    async status(runId) {
      const live = runtime.simulator.active(runId);
      const run = await runtime.store.getRun(runId);
      if (!run) return null;
      return live
        ? { runId, status: live.status(), counters: live.counters(), summary: run.summary }
        : { runId, status: run.status, counters: run.counters, summary: run.summary };
    },
    readTrace: (runId, after, limit) => runtime.store.readSpans(runId, after, limit),
    watch: (runId, listener) => runtime.simulator.active(runId)?.watch(listener) ?? null,
  };
}

/** A feed with no runs, for a server started without a runtime. */
export const noRunsFeed: RunFeed = {
  status: async () => null,
  readTrace: async () => [],
  watch: () => null,
};
