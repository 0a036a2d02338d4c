import { performance } from "node:perf_hooks";
import type { RuntimeStore } from "../../lib/sim/ports/runtimeStore";

/**
 * Holds a run to about `spansPerSecond`, evenly: each store commit (a consumer's write, the run's
 * hot path) gets its own slot, spaced by the spans a commit has brought so far on average, so the
 * run goes at the rate without bursts (a burst would measure the bursts, not the rate). Spans are
 * counted where the run records them (its live feed), so the rate is the one the live view is fed at.
 */
export class SpanThrottle {
  private produced = 0;
  private commits = 0;
  private nextSlot = 0;

  constructor(readonly spansPerSecond: number) {}

  /** Counts recorded spans. */
  recorded(count: number): void {
    this.produced += count;
  }

  /** Resolves at this commit's slot. */
  async wait(): Promise<void> {
    this.commits++;
    if (this.produced === 0) return;
    const gapMs = (this.produced / this.commits / this.spansPerSecond) * 1000;
    const now = performance.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + gapMs;
    if (slot > now) await new Promise((r) => setTimeout(r, slot - now));
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
