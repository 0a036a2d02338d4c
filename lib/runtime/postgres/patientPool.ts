import type pg from "pg";
import { isDatabaseUnavailable } from "../../db/errors";

/** A pool whose statements wait for the database to come back instead of failing. */
export interface PatientPool extends pg.Pool {
  /** Runs `op` again (after a backoff) for as long as it fails because the database cannot be reached. */
  retrying<T>(op: () => Promise<T>): Promise<T>;
  /** Stops waiting: calls that are waiting, and later ones, fail with the error they got. */
  stopWaiting(): void;
}

export interface PatienceOptions {
  /** Give up after the database has been away this long (default 10 min): a run then ends `error` and is resumed later. */
  readonly maxWaitMs?: number;
  /** Backoff between tries: from `minDelayMs` doubling up to `maxDelayMs` (defaults 50 ms, 1 s). */
  readonly minDelayMs?: number;
  readonly maxDelayMs?: number;
}

/**
 * The run's side of a database outage. A simulator's write that fails because PostgreSQL went
 * away (restarted, killed, not accepting yet) is not the run's failure: failing it would retry the
 * consumer into the DLQ or end the run `error`, losing work a restart a second later would have
 * kept. So each statement through this pool waits and tries again while the error says the
 * database is unavailable; any other error goes to the caller at once. A statement that was lost
 * with its connection may have committed: the runtime's writes are idempotent (processed records,
 * event ids, span seqs), so the repeat is recognised as a duplicate.
 *
 * The API reads through the plain pool instead: a request answers 503 at once rather than hanging.
 */
export function patientPool(pool: pg.Pool, options: PatienceOptions = {}): PatientPool {
  const maxWaitMs = options.maxWaitMs ?? 600_000;
  const minDelayMs = options.minDelayMs ?? 50;
  const maxDelayMs = options.maxDelayMs ?? 1_000;
  let stopped = false;
  const sleeping = new Set<() => void>();

  async function retrying<T>(op: () => Promise<T>): Promise<T> {
    const since = Date.now();
    for (let delay = minDelayMs; ; delay = Math.min(delay * 2, maxDelayMs)) {
      try {
        return await op();
      } catch (err) {
        // A pool being closed (shutdown) is not an outage to wait out.
        if (stopped || pool.ending || !isDatabaseUnavailable(err) || Date.now() - since > maxWaitMs) throw err;
      }
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          sleeping.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, delay);
        sleeping.add(wake);
      });
    }
  }

  return new Proxy(pool, {
    get(target, prop, receiver) {
      switch (prop) {
        case "query":
          return (...args: unknown[]) => retrying(() => (target.query as (...a: unknown[]) => Promise<unknown>)(...args));
        case "connect":
          return () => retrying(() => target.connect());
        case "retrying":
          return retrying;
        case "stopWaiting":
          return () => {
            stopped = true;
            for (const wake of [...sleeping]) wake();
          };
        default: {
          const value = Reflect.get(target, prop, receiver) as unknown;
          return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        }
      }
    },
  }) as PatientPool;
}

/** `op` retried through `pool` when it is patient, run once otherwise. */
export function retryingOn<T>(pool: pg.Pool, op: () => Promise<T>): Promise<T> {
  const patient = (pool as Partial<PatientPool>).retrying;
  return typeof patient === "function" ? patient(op) : op();
}
