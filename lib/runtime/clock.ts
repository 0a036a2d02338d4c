import { randomBytes, randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import type { Ids } from "../sim/ports/ids";
import type { Random } from "../sim/ports/random";
import type { Clock, Scheduler } from "../sim/ports/time";

/** The wall clock with sub-millisecond resolution (epoch ms). */
export const systemClock: Clock = {
  now: () => performance.timeOrigin + performance.now(),
};

/** Real timers. */
export const systemScheduler: Scheduler = {
  sleep: (ms) => new Promise((resolve) => (ms <= 0 ? setImmediate(resolve) : setTimeout(resolve, ms))),
};

/** Random UUIDs and span ids from the OS. Span ids come from a buffer refilled 4 KiB at a time: a run makes many. */
export function systemIds(): Ids {
  let pool = Buffer.alloc(0);
  let at = 0;
  return {
    uuid: () => randomUUID(),
    spanId: () => {
      if (at + 8 > pool.length) {
        pool = randomBytes(4096);
        at = 0;
      }
      const id = pool.toString("hex", at, at + 8);
      at += 8;
      return id;
    },
  };
}

/** Retry jitter: outcomes never depend on it, so Math.random is fine here, outside the core. */
export const systemRandom: Random = Math.random;
