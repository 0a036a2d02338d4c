import type { Activity } from "./run/activity";
import type { RunBroker } from "./broker/runBroker";
import type { Counters } from "./run/counters";
import type { FaultPlan } from "./scenario/faults";
import type { Flows } from "./run/flows";
import type { Ids } from "./ports/ids";
import type { OutboxMessage } from "./ports/eventStore";
import type { Random } from "./ports/random";
import type { Scenario } from "./ports/records";
import type { RuntimeStore } from "./ports/runtimeStore";
import type { Clock, Scheduler } from "./ports/time";
import type { SagaState } from "./saga/sagaState";
import type { Topology } from "./topology";
import type { Tracer } from "./trace/tracer";

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
  readonly flows: Flows;
  readonly faults: FaultPlan;
  readonly broker: RunBroker;
  readonly relay: RelayPort;
  /**
   * Stream versions this process knows (it wrote them, read them, or minted the entity): an
   * aggregate decides on the known version without re-reading its stream; a conflict means the
   * knowledge was stale, and the stream is read.
   */
  readonly versions: Map<string, number>;
  /**
   * The state of the sagas this process is moving on, by stream id: a cache of their streams
   * (a reply is decided on it without reading the stream; a conflict means it was stale). An
   * entry goes when its saga ends.
   */
  readonly sagaStates: Map<string, SagaState>;
  /** The aggregates the entry command enters: their `<name>Id` fields carry the subject id. */
  readonly subjectOwners: readonly string[];
  /** Waits `designMs` of design time: that times the scenario's time scale, in real time. */
  wait(designMs: number): Promise<void>;
  /** False once the run is abandoned (a crash, in tests): work stops at its next step. */
  alive(): boolean;
  /** Throws `RunAbandoned` when the run is no longer alive. */
  check(): void;
  /** Reports a failure of the runtime itself (the database went away): the run ends in `error`. */
  fail(error: unknown): void;
}

/** Thrown into work that continues after its run was abandoned; never reported. */
export class RunAbandoned extends Error {
  override readonly name = "RunAbandoned";
  constructor() {
    super("the run was abandoned");
  }
}

/** What writers tell the outbox relay. */
export interface RelayPort {
  /** Something was committed with outbox rows that any relay may claim: publish soon. */
  nudge(): void;
  /**
   * The lease to write a commit's outbox rows claimed for, when the writer hands them to this
   * relay itself (`handOver`) rather than leaving them for its claim; null: write them free.
   */
  readonly claimMs: number | null;
  /** Rows a writer just committed claimed (`claimMs`): publish them without claiming them. */
  handOver(rows: readonly OutboxMessage[]): void;
}
