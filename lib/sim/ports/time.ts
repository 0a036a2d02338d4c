/**
 * Time enters the simulator as data: a clock to read and a scheduler to wait on, both injected.
 * The core never reads `Date.now` or calls `setTimeout` (ESLint enforces it), so a test can run
 * a board on virtual time and a real run wires the wall clock (lib/runtime).
 */

/** Reads the current time. */
export interface Clock {
  /** Milliseconds since the Unix epoch; may carry a fractional part (sub-millisecond spans). */
  now(): number;
}

/** Waits: backoff before a retry, a `latency=MS` fault, the relay's idle poll. */
export interface Scheduler {
  /** Resolves after `ms` milliseconds of this scheduler's time (0: after pending work had a turn). */
  sleep(ms: number): Promise<void>;
}
