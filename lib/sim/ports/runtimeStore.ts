import type { AppendOptions, AppendResult, EventStoreWithOutbox, NewEvent } from "./eventStore";
import type { DeadLetter, ReadModelRow, ReadModelUpdate, RunCounters, RunPatch, RunRecord, RunStatus } from "./records";
import type { TraceItem } from "./trace";

/**
 * The runtime's storage port: the event store with its outbox, plus what the simulator keeps
 * beside it (processed-message records, read-model rows, dead letters, runs, spans).
 *
 * `Tx` is the adapter's transaction handle, the same one the event store takes: a consumer
 * runs `transaction(tx => …)` and passes `tx` to `markProcessed` and to `appendToStream`, so its
 * processed-message record, its effect and its new events (with their outbox rows) commit
 * together or not at all. That is what makes a duplicate delivery change nothing.
 */
export interface RuntimeStore<Tx = unknown> {
  readonly events: EventStoreWithOutbox<Tx>;

  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. Never nest. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;

  /**
   * One consumer's write, all or nothing: its processed-message record and its append (events
   * with their outbox rows), as a transaction would, without one of its own. What cannot apply
   * writes nothing and says why instead of throwing (`duplicate`: the message was processed
   * already; `conflict`: the stream was not at the expected version; `duplicate_event`: the events
   * are stored already). Units are independent: an adapter may commit many at once (one
   * statement for the writes of concurrent consumers), which is what makes this the hot path.
   */
  commit(unit: WriteUnit): Promise<UnitOutcome>;

  /**
   * Records that `consumerGroup` processed `messageId`; false when it already had (a duplicate:
   * the caller must then change nothing). Inside `tx` when given, so it commits with the effect.
   */
  markProcessed(record: ProcessedRecord, tx?: Tx): Promise<boolean>;
  /** How many messages each consumer group of the run processed. */
  countProcessed(runId: string): Promise<Record<string, number>>;
  /** Which of these (group, message) pairs have a processed record: the resume sweep asks. */
  findProcessed(runId: string, pairs: readonly ProcessedKey[]): Promise<ProcessedKey[]>;

  /**
   * A read model's update and its processed-message record, atomically (one round trip where the
   * adapter can): each field of `fields` is taken when its version is newer than the row's
   * (`createdAt`: when older, the first writer wins), and the row counts one more event.
   * `duplicate` when the message was already processed (nothing changes).
   */
  project(update: ReadModelUpdate): Promise<"applied" | "duplicate">;
  /** A run's read-model rows, by read model then row id (byte order). */
  readModelRows(runId: string, readModel?: string): Promise<ReadModelRow[]>;
  /**
   * One page of `readModelRows(runId)`: the rows after `after` (exclusive; null: from the first),
   * at most `limit`, in the same order. Keyset paging, so a page costs the same at any depth.
   */
  readModelPage(runId: string, after: ReadModelKey | null, limit: number): Promise<ReadModelRow[]>;

  /**
   * Stores a dead letter, or replaces the group's earlier one for the same message (a failed
   * replay); inside `tx` when given (a dead-lettered step command's notice to its saga commits with it).
   */
  putDeadLetter(deadLetter: DeadLetter, tx?: Tx): Promise<void>;
  /** A run's dead letters in the order they were dead-lettered; only those of one message when given. */
  listDeadLetters(runId: string, messageId?: string): Promise<DeadLetter[]>;
  /** Records the outcome of a replay. */
  markReplayed(runId: string, consumerGroup: string, messageId: string, status: "ok" | "error", at: string): Promise<void>;

  createRun(run: RunRecord): Promise<void>;
  updateRun(runId: string, patch: RunPatch): Promise<void>;
  getRun(runId: string): Promise<RunRecord | null>;
  /** Runs, newest first, optionally of one board or in some statuses. */
  listRuns(filter?: RunFilter): Promise<RunRecord[]>;

  /*
   * Who drives a run. An adapter may know the server instance it writes for (its owner) and
   * whether another run's owner is still alive; one that does not judges by heartbeats alone.
   */
  /**
   * Running runs this store's owner may take on, oldest first: its own (it lost track of them),
   * those whose owner is gone, and those whose heartbeat is older than `staleBefore` (ISO time).
   */
  resumableRuns(staleBefore: string): Promise<string[]>;
  /**
   * Makes this store's owner the run's owner if the run is still running and still resumable (as
   * `resumableRuns` says), stamping its heartbeat `now`; false when another owner holds it. Two
   * claims of one run never both succeed.
   */
  claimRun(runId: string, staleBefore: string, now: string): Promise<boolean>;
  /** Stores a running run's counters and heartbeat; false (nothing written) when the run is no longer this owner's to drive. */
  beat(runId: string, counters: RunCounters, at: string): Promise<boolean>;
  /** The run's sagas as stored: started, and ended by outcome (a resumed run counts on from these). */
  countSagas(runId: string): Promise<RunCounters["sagas"]>;
  /** How many entry commands left a trace in the store: one more than the highest instance number among the run's events (0: none). */
  issuedInstances(runId: string): Promise<number>;

  /**
   * Stores numbered spans (the sink batches them, in seq order, one batch after another); spans at
   * or below the run's highest stored seq are left out (a re-sent batch changes nothing).
   */
  appendSpans(runId: string, items: readonly TraceItem[]): Promise<void>;
  /** Spans with seq > `after`, in seq order, at most `limit`. */
  readSpans(runId: string, after: number, limit: number): Promise<TraceItem[]>;
  /** The highest stored seq of the run (0: none), so a resumed run numbers on without a gap. */
  lastSpanSeq(runId: string): Promise<number>;
}

/** Where a read-model row sits in a run's rows: the key pages are cut at. */
export interface ReadModelKey {
  readonly readModel: string;
  readonly rowId: string;
}

/** What `commit` writes. */
export interface WriteUnit {
  readonly processed?: ProcessedRecord;
  readonly append?: { readonly streamId: string; readonly events: readonly NewEvent[]; readonly options: AppendOptions };
}

export type UnitOutcome =
  | { readonly status: "applied"; readonly append: AppendResult | null }
  | { readonly status: "duplicate" }
  | { readonly status: "conflict"; readonly actualVersion: number }
  | { readonly status: "duplicate_event" };

export interface ProcessedKey {
  readonly consumerGroup: string;
  readonly messageId: string;
}

export interface ProcessedRecord extends ProcessedKey {
  readonly runId: string;
}

export interface RunFilter {
  readonly boardId?: string;
  readonly statuses?: readonly RunStatus[];
  readonly limit?: number;
}
