import type pg from "pg";
import type { Ids } from "../sim/ports/ids";
import type { Random } from "../sim/ports/random";
import type { RuntimeStore } from "../sim/ports/runtimeStore";
import type { Clock, Scheduler } from "../sim/ports/time";
import { createSimulator, type RunObserver, type Simulator, type SimulatorOptions } from "../sim/simulator";
import { systemClock, systemIds, systemRandom, systemScheduler } from "./clock";
import { createMemoryRuntimeStore, type MemoryTx } from "./memory/memoryRuntimeStore";
import { createPostgresRuntimeStore } from "./postgres/postgresRuntimeStore";

/** The simulator wired to a store, with the store itself for reads (trace, DLQ, streams, read models). */
export interface Runtime<Tx = unknown> {
  readonly simulator: Simulator;
  readonly store: RuntimeStore<Tx>;
  /** Stops issuing commands in every active run and waits for them to end. */
  close(): Promise<void>;
}

/** What can be swapped (tests inject virtual time and counting ids); the real ones by default. */
export interface RuntimeOptions {
  readonly clock?: Clock;
  readonly scheduler?: Scheduler;
  readonly ids?: Ids;
  readonly random?: Random;
  readonly options?: SimulatorOptions;
  readonly observer?: RunObserver;
}

/** The runtime over PostgreSQL: the event store, outbox and the runtime's tables, through `pool`. */
export function createPostgresRuntime(pool: pg.Pool, options: RuntimeOptions = {}): Runtime<pg.PoolClient> {
  return wire(createPostgresRuntimeStore(pool), options);
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
  });
  return { simulator, store, close: () => simulator.close() };
}
