import type { RunContext } from "../context";
import { errorText } from "../errors";
import type { RunRecord } from "../ports/records";
import type { BrokerTransport } from "../ports/transport";
import { Activity } from "./activity";
import { Counters } from "./counters";
import { wireWorkerRun } from "./runWiring";
import type { SimulatorDeps } from "./simulatorApi";
import { loadStoredRun } from "./storedRun";
import { Waits } from "./waits";

/*
 * A worker process's part in runs on one broker (`stormflow worker --broker URL`): it hosts the
 * consumer groups and saga participants of every run on that broker that is going, on the same
 * queues as the run's driver (and any other worker), over the same PostgreSQL. It finds runs by
 * polling the store, joins each with what its driver declared (it declares nothing itself), and
 * leaves once the run is no longer running. Each delivery it finishes is told to the driver
 * before it is acknowledged (notice.ts), so the driver knows when the run is quiet and stores
 * every span. A worker killed mid-run loses nothing: what it held unacknowledged is redelivered
 * to the others, and what it had done is skipped by the idempotent consumers.
 */

export interface WorkerDeps extends Omit<SimulatorDeps<unknown>, "transports" | "relay" | "observer"> {
  readonly transport: BrokerTransport;
  /** The worker's name in notices and logs. */
  readonly id: string;
  /** The partitions this worker takes first (`--slot I/N`); the others it stands by for. */
  readonly share?: { readonly index: number; readonly of: number };
  /** How often the store is asked for runs to join and runs that ended (default 500 ms). */
  readonly pollMs?: number;
  /** How long a worker waits before it also consumes the partitions that are not its share (default 5 s). */
  readonly standbyAfterMs?: number;
  /** One line per thing worth saying: joined, left, failed. */
  readonly log?: (line: string) => void;
}

export interface Worker {
  /** The runs this worker is part of now. */
  runs(): string[];
  /** Deliveries finished, across runs (for progress and tests). */
  delivered(): number;
  /** Leaves every run (what it holds unacknowledged goes back to the broker) and stops polling. */
  close(): Promise<void>;
}

/** One run as a worker hosts it. */
class WorkerRun {
  private live = true;
  readonly ctx: RunContext;
  readonly counters = new Counters();
  private readonly waits: Waits;

  constructor(deps: WorkerDeps, record: RunRecord, onFailure: (err: unknown) => void) {
    const { record: run, topology } = loadStoredRun(record);
    this.waits = new Waits((ms) => deps.scheduler.sleep(ms));
    this.ctx = wireWorkerRun({
      deps: { ...deps, transports: [deps.transport] },
      record: run,
      topology,
      counters: this.counters,
      activity: new Activity(),
      waits: this.waits,
      alive: () => this.live,
      fail: (err) => {
        if (this.live) onFailure(err);
      },
      worker: deps.id,
      ...(deps.share ? { share: { ...deps.share, standbyAfterMs: deps.standbyAfterMs ?? 5_000 } } : {}),
    });
  }

  open(): Promise<void> {
    return this.ctx.broker.open(false);
  }

  async close(): Promise<void> {
    this.live = false;
    this.waits.cutShort();
    await this.ctx.broker.close().catch(() => undefined);
  }
}

/** A join that takes longer than this is given up and tried again at the next poll (a broker call that never answered must not stop the worker). */
const JOIN_WITHIN_MS = 30_000;
/** How long a run may not be joinable before the worker says so (its driver declares its queues first). */
const QUIET_JOIN_MS = 5_000;

/** `work`, or an error saying `why` once `ms` of the scheduler's time passed first. */
function withinMs<T>(scheduler: WorkerDeps["scheduler"], work: Promise<T>, ms: number, why: string): Promise<T> {
  return Promise.race([work, scheduler.sleep(ms).then(() => Promise.reject(new Error(why)))]);
}

export function startWorker(deps: WorkerDeps): Worker {
  const log = deps.log ?? (() => undefined);
  const joined = new Map<string, WorkerRun>();
  /** Runs that failed here: left, and joined again at the next poll but one. */
  const cooling = new Set<string>();
  let closed = false;
  let polling: Promise<void> = Promise.resolve();
  let lastError = "";
  let deliveredBefore = 0;
  /** When each run was first tried and not joined. */
  const firstTried = new Map<string, number>();

  const leave = async (runId: string, why: string) => {
    const run = joined.get(runId);
    if (!run) return;
    // Counted before it goes from `joined`: `delivered()` never misses a run that is closing.
    deliveredBefore += run.counters.events.delivered;
    joined.delete(runId);
    await run.close();
    log(`left run ${runId}: ${why}`);
  };

  const poll = async () => {
    let running: RunRecord[];
    try {
      await deps.transport.ready();
      running = (await deps.store.listRuns({ statuses: ["running"], limit: 100 })).filter((r) => r.scenario.broker === deps.transport.id);
      lastError = "";
    } catch (err) {
      // Said once per cause, not once per poll.
      const text = errorText(err);
      if (text !== lastError) log(`waiting: ${text}`);
      lastError = text;
      return;
    }
    const going = new Set(running.map((r) => r.runId));
    for (const runId of [...joined.keys()]) if (!going.has(runId)) await leave(runId, "the run is no longer running");
    for (const runId of [...firstTried.keys()]) if (!going.has(runId)) firstTried.delete(runId);
    for (const record of running) {
      if (closed || joined.has(record.runId)) continue;
      if (cooling.delete(record.runId)) continue;
      const run = new WorkerRun(deps, record, (err) => {
        cooling.add(record.runId);
        void leave(record.runId, `failed: ${errorText(err)}`);
      });
      joined.set(record.runId, run);
      try {
        await withinMs(deps.scheduler, run.open(), JOIN_WITHIN_MS, `joining took longer than ${JOIN_WITHIN_MS / 1000} s`);
        firstTried.delete(record.runId);
        log(`joined run ${record.runId} (${record.boardName}) on ${deps.transport.id}`);
      } catch (err) {
        // Its driver has not declared its queues yet, or already removed them: tried again at the next poll.
        joined.delete(record.runId);
        await run.close();
        // A run's first moments: its driver is still declaring its queues. Said only if it lasts.
        const since = (firstTried.get(record.runId) ?? firstTried.set(record.runId, deps.clock.now()).get(record.runId))!;
        const text = `run ${record.runId}: ${errorText(err)}`;
        if (text !== lastError && deps.clock.now() - since > QUIET_JOIN_MS) log(`not joined yet: ${text}`);
        lastError = text;
      }
    }
  };

  const loop = async () => {
    while (!closed) {
      polling = poll();
      await polling;
      if (!closed) await deps.scheduler.sleep(deps.pollMs ?? 500);
    }
  };
  void loop();

  return {
    runs: () => [...joined.keys()],
    delivered: () => [...joined.values()].reduce((n, run) => n + run.counters.events.delivered, deliveredBefore),
    async close() {
      closed = true;
      await polling.catch(() => undefined);
      for (const runId of [...joined.keys()]) await leave(runId, "the worker is stopping");
    },
  };
}
