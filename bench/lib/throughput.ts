import * as hdr from "hdr-histogram-js";

export interface Throughput {
  operations: number;
  items: number;
  seconds: number;
  /** Latency of one operation, microseconds. */
  latency: hdr.Histogram;
}

/**
 * Runs `writers` loops of `operation` side by side for `seconds`, each loop waiting for its
 * previous call (a closed loop, like a writer that appends, then decides, then appends again).
 * `operation` returns how many items (events) it wrote.
 */
export async function measureThroughput(writers: number, seconds: number, operation: (writer: number) => Promise<number>): Promise<Throughput> {
  const latency = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
  let operations = 0;
  let items = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        items += await operation(writer);
        latency.recordValue(Math.max(1, Math.round((performance.now() - t0) * 1000)));
        operations++;
      }
    }),
  );
  return { operations, items, seconds: (performance.now() - started) / 1000, latency };
}

/** Adds `b` into `a`. */
export function combine(a: Throughput, b: Throughput): Throughput {
  a.latency.add(b.latency);
  return { operations: a.operations + b.operations, items: a.items + b.items, seconds: a.seconds + b.seconds, latency: a.latency };
}
