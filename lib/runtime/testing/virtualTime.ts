import type { Ids } from "../../sim/ports/ids";
import type { Clock, Scheduler } from "../../sim/ports/time";

/**
 * Virtual time for unit tests: `sleep(ms)` resolves without waiting in real time, in order of
 * wake-up time, and moves the clock forward to it. Each wake-up happens on a later macrotask,
 * so the work that is ready runs first (a retry's backoff or a latency fault costs nothing).
 */
export function virtualTime(start = Date.UTC(2026, 0, 1)): { clock: Clock; scheduler: Scheduler } {
  let now = start;
  let sequence = 0;
  const sleepers: { at: number; seq: number; wake: () => void }[] = [];
  let pumping = false;
  const pump = () => {
    if (pumping) return;
    pumping = true;
    setImmediate(() => {
      pumping = false;
      sleepers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = sleepers.shift();
      if (!next) return;
      now = Math.max(now, next.at);
      next.wake();
      if (sleepers.length > 0) pump();
    });
  };
  return {
    clock: { now: () => now },
    scheduler: {
      sleep: (ms) =>
        new Promise<void>((resolve) => {
          sleepers.push({ at: now + Math.max(0, ms), seq: sequence++, wake: resolve });
          pump();
        }),
    },
  };
}

/** Counting ids: reproducible run ids and span ids. */
export function countingIds(prefix = "0"): Ids {
  let uuids = 0;
  let spans = 0;
  return {
    uuid: () => `00000000-0000-4000-8000-${prefix.padStart(4, "0").slice(-4)}${(++uuids).toString(16).padStart(8, "0")}`,
    spanId: () => (++spans).toString(16).padStart(16, "0"),
  };
}
