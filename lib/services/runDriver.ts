import type { Database } from "../db/database";
import { isDatabaseUnavailable, unavailableReason } from "../db/errors";
import { registerInstance, type InstanceIdentity } from "../runtime/postgres/instanceIdentity";
import { RunService } from "../runtime/runService";
import { createPostgresRuntime, type PostgresRuntimeOptions, type Runtime } from "../runtime/runtime";

/** The runtime as a server drives it: its identity, its runs, and the sweep that picks up interrupted ones. */
export interface RunDriver {
  readonly instanceId: string;
  readonly runtime: Runtime;
  readonly runs: RunService;
  /** One sweep now (the timer does one every `sweepMs`); resolves with the ids of the runs it took over. */
  sweep(): Promise<string[]>;
  /**
   * Shutting down: no more sweeps, every active run suspended (left `running`, its counters
   * stored), and the identity released, so that the next instance takes the runs over at once.
   */
  shutdown(): Promise<void>;
}

export interface RunDriverOptions extends Omit<PostgresRuntimeOptions, "owner"> {
  /** How often a running server looks for interrupted runs (default 5 s). */
  readonly sweepMs?: number;
  /** Where one-line notes go (runs taken over, a sweep that failed); console by default. */
  readonly log?: (line: string) => void;
}

/**
 * Wires the runtime over `db` for a server instance, the same way for `server.ts` and for the
 * tests that kill a server process: registers the instance (its advisory lock), builds the
 * runtime with the instance as the owner of the runs it starts, takes over the runs whose owner is
 * gone (at once, then every `sweepMs`, and whenever the database comes back).
 */
export async function startRunDriver(db: Database, options: RunDriverOptions = {}): Promise<RunDriver> {
  const log = options.log ?? ((line: string) => console.log(line));
  let sweeping: Promise<string[]> | undefined;
  let stopped = false;
  const sweep = (): Promise<string[]> => {
    if (stopped) return Promise.resolve([]);
    sweeping ??= runs
      .resumeInterrupted()
      .then((ids) => {
        if (ids.length > 0) log(`stormflow: resumed ${ids.length} interrupted run${ids.length === 1 ? "" : "s"}: ${ids.join(", ")}`);
        return ids;
      })
      .finally(() => (sweeping = undefined));
    return sweeping;
  };
  const sweepQuietly = () =>
    void sweep().catch((err: unknown) => {
      // While the database is away the sweep fails like everything else; the next one will do.
      if (!isDatabaseUnavailable(err)) log(`stormflow: could not resume interrupted runs: ${err instanceof Error ? err.message : String(err)}`);
    });

  const identity: InstanceIdentity = await registerInstance(db.pool, { onRelocked: sweepQuietly });
  const runtime = createPostgresRuntime(db.pool, { ...options, owner: identity.id });
  const runs = new RunService(runtime);
  const timer = setInterval(sweepQuietly, options.sweepMs ?? 5_000);
  // The sweep never keeps a process alive that has nothing else to do.
  timer.unref();
  sweepQuietly();

  return {
    instanceId: identity.id,
    runtime,
    runs,
    sweep,
    async shutdown() {
      stopped = true;
      clearInterval(timer);
      await runtime.suspend().catch((err: unknown) => {
        log(`stormflow: could not store the runs' state on the way out (${isDatabaseUnavailable(err) ? unavailableReason(err) : String(err)}); they resume from their last heartbeat`);
      });
      await identity.close();
    },
  };
}
