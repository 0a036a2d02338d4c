import type { Board } from "../../model";
import type { Registration } from "../broker/runBroker";
import type { RelayFactory } from "../broker/relay";
import type { Ids } from "../ports/ids";
import type { BrokerTransport } from "../ports/transport";
import type { Random } from "../ports/random";
import type { RunCounters, RunGraph, RunStatus, RunSummary } from "../ports/records";
import type { RuntimeStore } from "../ports/runtimeStore";
import type { Clock, Scheduler } from "../ports/time";
import type { TraceItem } from "../ports/trace";
import type { PreparedRun } from "../scenario/scenario";

/*
 * The simulator's public face, types only: what a caller wires in (`SimulatorDeps`, the ports and
 * `SimulatorOptions`), what it gets back (`Simulator`, one `RunHandle` per run, the `RunEvent`s
 * its watchers receive) and the reports. Kept apart from the code so that a reader of the API,
 * and the modules that only need its types (lib/realtime, the CLI), read no implementation.
 * `simulator.ts` re-exports them with `createSimulator`.
 */

export interface SimulatorDeps<Tx = unknown> {
  readonly store: RuntimeStore<Tx>;
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  readonly ids: Ids;
  /** Not used for outcomes or waits (those are drawn from each run's seed); kept for adapters that want one. */
  readonly random: Random;
  readonly options?: SimulatorOptions;
  readonly observer?: RunObserver;
  /** How a run's outbox rows reach its broker (default: the outbox relay, broker/relay.ts). */
  readonly relay?: RelayFactory;
  /** Real brokers runs may name (`scenario.broker` is one's id); none: every run is in process. */
  readonly transports?: readonly BrokerTransport[];
}

export interface SimulatorOptions {
  /** Outbox claim lease (default 10 s): how long rows claimed by a relay that died stay unpublished. */
  readonly leaseMs?: number;
  /** Outbox rows per claim (default 500). */
  readonly relayBatch?: number;
  /** Partitions per topic (default 32). */
  readonly partitions?: number;
  /** Partitions per channel on a real broker (default 8): each is a consumer or a queue per group there. */
  readonly brokerPartitions?: number;
  /** How long a run on a real broker waits for it when it goes away, paused, before it ends in error (default 60 s). */
  readonly brokerOutageMs?: number;
  /** Handlers in flight at once per run (default 48). */
  readonly maxInFlight?: number;
  /** How often a running run stores its counters and heartbeat (default 1 s). */
  readonly heartbeatMs?: number;
  /** How often watchers get a `status` event with the counters while a run goes (default 250 ms). */
  readonly statusMs?: number;
  /** Deliveries queued before entry commands wait for the consumers (default 20,000). */
  readonly maxBacklog?: number;
  /**
   * Instances issued and not finished (their flows, sagas included, still going) before entry
   * commands wait (default 64 × the run's concurrency): what bounds a run's memory, and what a
   * stop leaves to finish.
   */
  readonly openFlowsPerConcurrency?: number;
  /**
   * A run whose heartbeat is older than this is taken to be interrupted even though its owner
   * looks alive (a hung process; default 15 s). A run whose owner is gone is taken at once.
   */
  readonly staleAfterMs?: number;
  /** Spans per INSERT, and how long a span may wait for its batch (defaults 500, 40 ms). */
  readonly traceBatch?: number;
  readonly traceFlushMs?: number;
}

/** Hooks for benchmarks and tests. */
export interface RunObserver {
  /** An entry command's flow (everything it caused, its sagas included) is done. */
  instanceFinished?(runId: string, instance: number, durationMs: number): void;
}

/** What a run's watchers receive: stored spans in seq order, and status with counters. */
export type RunEvent =
  | { readonly type: "trace"; readonly runId: string; readonly items: readonly TraceItem[] }
  | { readonly type: "status"; readonly runId: string; readonly status: RunStatus; readonly counters: RunCounters; readonly summary: RunSummary | null };

/** How a run ended in this process: `running` means it was abandoned (a crash) and can be resumed. */
export interface RunResult {
  readonly runId: string;
  readonly status: RunStatus;
  readonly summary: RunSummary | null;
  readonly error: string | null;
}

export interface RunHandle {
  readonly runId: string;
  status(): RunStatus;
  counters(): RunCounters;
  /** The run drawn on its board so far (see trace/graph.ts). */
  graph(): RunGraph;
  /** The consumer groups the run's broker registered, with their policies and what they take. */
  registrations(): readonly Registration[];
  /** Resolves when the run ends here (finished, failed, stopped, errored or abandoned). */
  readonly done: Promise<RunResult>;
  /** Subscribes to the run's stored spans and status; returns the unsubscribe. */
  watch(listener: (event: RunEvent) => void): () => void;
  /** Issues no more entry commands; what is in flight finishes, invariants are checked, status `stopped`. */
  stop(): void;
}

export interface StartOptions {
  readonly boardId?: string | null;
  /**
   * On a real broker: worker processes (`stormflow worker`) host the consumer groups, and this
   * process only drives the run (entry commands, the outbox relay, spans, the verdict), reading
   * their notices. Default false: the consumer groups run here (workers that join share them).
   */
  readonly workers?: boolean;
}

export interface ReplayReport {
  readonly runId: string;
  readonly messageId: string;
  readonly results: readonly {
    readonly consumerGroup: string;
    readonly status: "ok" | "error";
    readonly error: string | null;
    /** A saga step command that went through but its saga could not take (it stays failed, or ended otherwise): why. */
    readonly note?: string;
  }[];
}

export interface Simulator {
  /** Checks a run request against a board (throws SimError); nothing is stored. */
  prepare(board: Board, request: unknown): PreparedRun;
  /** Checks, stores the run record, and starts the run in the background. */
  start(board: Board, request: unknown, options?: StartOptions): Promise<RunHandle>;
  /** Continues a run that a crash interrupted (status still `running`): sagas, outbox, undelivered messages, entry commands. */
  resume(runId: string): Promise<RunHandle>;
  /**
   * Claims an interrupted run (its owner is gone, or its heartbeat is stale) and resumes it here;
   * null when another live owner drives it. The run this process drives already is returned as is.
   */
  takeOver(runId: string): Promise<RunHandle | null>;
  /** Takes over every run that is resumable (its owner gone, its heartbeat stale, or ours and not driven); returns their ids. */
  resumeStale(): Promise<string[]>;
  /** The run if this process is driving it. */
  active(runId: string): RunHandle | undefined;
  /** Delivers a dead-lettered message again to the groups that gave up on it, with the same message id. */
  replayDeadLetter(runId: string, messageId: string): Promise<ReplayReport>;
  /**
   * Every active run stops where it is, as if the process died (nothing more is written): a
   * crash in tests, or a server shutting down. The runs stay `running` and resume later.
   */
  abandon(): void;
  /** Abandons every active run as `abandon` does, then stores each one's counters (a server shutting down). */
  suspend(): Promise<void>;
  /** Stops issuing commands in every active run and waits for them to end. */
  close(): Promise<void>;
}
