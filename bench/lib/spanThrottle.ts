import { performance } from "node:perf_hooks";
import type { RuntimeStore } from "../../lib/sim/ports/runtimeStore";

/**
 * Holds a run to about `spansPerSecond`: each store commit (a consumer's write, the run's hot
 * path) waits while the spans recorded so far are ahead of the rate's schedule. Spans are counted
 * where the run records them (its live feed), so the rate is the one the live view is fed at.
 */
export class SpanThrottle {
  private produced = 0;
  private started = 0;

  constructor(readonly spansPerSecond: number) {}

  /** Counts recorded spans; the schedule starts at the first. */
  recorded(count: number): void {
    if (this.started === 0) this.started = performance.now();
    this.produced += count;
  }

  /** Resolves when the run is back on schedule. */
  async wait(): Promise<void> {
    if (this.started === 0) return;
    const ahead = this.started + (this.produced / this.spansPerSecond) * 1000 - performance.now();
    if (ahead > 0) await new Promise((r) => setTimeout(r, ahead));
  }
}

/** The store with every commit held back by `throttle`; everything else untouched. */
export function throttleCommits<Tx>(store: RuntimeStore<Tx>, throttle: SpanThrottle): RuntimeStore<Tx> {
  const held = Object.create(store) as RuntimeStore<Tx>;
  held.commit = async (unit) => {
    await throttle.wait();
    return store.commit(unit);
  };
  return held;
}
