import type pg from "pg";
import type { Ids } from "../sim/ports/ids";
import type { Random } from "../sim/ports/random";
import type { BrokerTransport } from "../sim/ports/transport";
import type { RuntimeStore } from "../sim/ports/runtimeStore";
import type { Clock, Scheduler } from "../sim/ports/time";
import { createSimulator, type RunObserver, type Simulator, type SimulatorOptions } from "../sim/run/simulator";
import { startWorker, type Worker, type WorkerDeps } from "../sim/run/worker";
import { systemClock, systemIds, systemRandom, systemScheduler } from "./clock";
import { createMemoryRuntimeStore, type MemoryTx } from "./memory/memoryRuntimeStore";
import { patientPool, type PatienceOptions } from "./postgres/patientPool";
import { createPostgresRuntimeStore } from "./postgres/postgresRuntimeStore";

/** The simulator wired to a store, with the store itself for reads (trace, DLQ, streams, read models). */
export interface Runtime<Tx = unknown> {
  readonly simulator: Simulator;
  /** The simulator's store (on PostgreSQL its statements wait out a database outage). */
  readonly store: RuntimeStore<Tx>;
  /** The same data for API reads: on PostgreSQL these fail at once when the database is away (the API says 503). */
  readonly reads: RuntimeStore<Tx>;
  /** Stops issuing commands in every active run and waits for them to end. */
  close(): Promise<void>;
  /**
   * A server shutting down: every active run stops where it is (it stays `running`, to be resumed
   * by the next instance), writes waiting for the database give up, and the runs' counters are stored.
   */
  suspend(): Promise<void>;
}

/** What can be swapped (tests inject virtual time and counting ids); the real ones by default. */
export interface RuntimeOptions {
  readonly clock?: Clock;
  readonly scheduler?: Scheduler;
  readonly ids?: Ids;
  readonly random?: Random;
  readonly options?: SimulatorOptions;
  readonly observer?: RunObserver;
  /** Real brokers runs may name (lib/brokers); none: every run is in process. */
  readonly transports?: readonly BrokerTransport[];
}

export interface PostgresRuntimeOptions extends RuntimeOptions {
  /** The server instance driving the runs (instanceIdentity.ts); none: runs are judged by heartbeats. */
  readonly owner?: string | null;
  /** How long the simulator's writes wait out a database outage (see patientPool.ts). */
  readonly patience?: PatienceOptions;
}

/**
 * The runtime over PostgreSQL: the event store, outbox and the runtime's tables, through `pool`.
 * The simulator writes through a patient view of the pool (a database outage pauses its runs);
 * `reads` goes through the pool itself (a request fails at once, and the API says 503).
 */
export function createPostgresRuntime(pool: pg.Pool, options: PostgresRuntimeOptions = {}): Runtime<pg.PoolClient> {
  const patient = patientPool(pool, options.patience);
  const runtime = wire(createPostgresRuntimeStore(patient, { owner: options.owner }), options);
  return {
    ...runtime,
    reads: createPostgresRuntimeStore(pool, { owner: options.owner }),
    async suspend() {
      // Abandon first (synchronously, inside suspend), then stop waiting: a write that then fails
      // belongs to a run that is abandoned already and cannot end it `error`.
      const suspended = runtime.simulator.suspend();
      patient.stopWaiting();
      await suspended;
    },
  };
}

/** The runtime in memory, for unit tests. */
export function createMemoryRuntime(options: RuntimeOptions = {}): Runtime<MemoryTx> {
  const clock = options.clock ?? systemClock;
  return wire(createMemoryRuntimeStore({ now: () => clock.now() }), { ...options, clock });
}

function wire<Tx>(store: RuntimeStore<Tx>, options: RuntimeOptions): Runtime<Tx> {
  const simulator = createSimulator({
    store,
    clock: options.clock ?? systemClock,
    scheduler: options.scheduler ?? systemScheduler,
    ids: options.ids ?? systemIds(),
    random: options.random ?? systemRandom,
    options: options.options,
    observer: options.observer,
    transports: options.transports,
  });
  return { simulator, store, reads: store, close: () => simulator.close(), suspend: () => simulator.suspend() };
}

/** What a worker process is given: its broker, its name and share, and how it logs. */
export interface PostgresWorkerOptions extends Pick<WorkerDeps, "transport" | "id" | "share" | "pollMs" | "standbyAfterMs" | "log"> {
  readonly options?: SimulatorOptions;
  readonly patience?: PatienceOptions;
}

/**
 * A worker over PostgreSQL (`stormflow worker`): it hosts the consumer groups of the runs on its
 * broker that other processes drive (lib/sim/run/worker.ts). Its writes wait out a database outage as a run's do.
 */
export function startPostgresWorker(pool: pg.Pool, options: PostgresWorkerOptions): Worker {
  const store = createPostgresRuntimeStore(patientPool(pool, options.patience), { owner: null });
  return startWorker({ ...options, store, clock: systemClock, scheduler: systemScheduler, ids: systemIds(), random: systemRandom });
}
