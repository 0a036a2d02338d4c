import type { Activity } from "./activity";
import type { Broker } from "./broker";
import type { Counters } from "./counters";
import type { FaultPlan } from "./faults";
import type { Ids } from "./ports/ids";
import type { Random } from "./ports/random";
import type { Scenario } from "./ports/records";
import type { RuntimeStore } from "./ports/runtimeStore";
import type { Clock, Scheduler } from "./ports/time";
import type { SagaStarted, SagaState } from "./sagaState";
import type { Topology } from "./topology";
import type { Tracer } from "./tracer";
import type { SagaInfo } from "../model";

/** Everything one run needs in this process, handed to the modules that do the work. */
export interface RunContext<Tx = unknown> {
  readonly runId: string;
  readonly topology: Topology;
  readonly scenario: Scenario;
  readonly store: RuntimeStore<Tx>;
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  readonly ids: Ids;
  readonly random: Random;
  readonly tracer: Tracer;
  readonly counters: Counters;
  readonly activity: Activity;
  readonly faults: FaultPlan;
  readonly broker: Broker;
  readonly relay: { nudge(): void };
  readonly sagas: SagaDriver;
  /**
   * Stream versions this process knows (it wrote them, read them, or minted the entity): an
   * aggregate decides on the known version without re-reading its stream; a conflict means the
   * knowledge was stale, and the stream is read.
   */
  readonly versions: Map<string, number>;
  /** The aggregates the entry command enters: their `<name>Id` fields carry the subject id. */
  readonly subjectOwners: readonly string[];
  /** False once the run is abandoned (a crash, in tests): work stops at its next step. */
  alive(): boolean;
  /** Throws `RunAbandoned` when the run is no longer alive. */
  check(): void;
  /** Reports a failure of the runtime itself (the database went away): the run ends in `error`. */
  fail(error: unknown): void;
}

export interface SagaDriver {
  /**
   * Runs a saga to its end, once per process (a second call joins the first): from its stored
   * state (read, or given), or from a start not yet written.
   */
  drive(saga: SagaInfo, streamId: string, options?: { state?: SagaState; start?: SagaStart }): Promise<void>;
}

/** A saga start not yet written: it goes into the saga's first write. */
export interface SagaStart {
  readonly started: SagaStarted;
  readonly event: { readonly eventId: string };
}

/** Thrown into work that continues after its run was abandoned; never reported. */
export class RunAbandoned extends Error {
  override readonly name = "RunAbandoned";
  constructor() {
    super("the run was abandoned");
  }
}
