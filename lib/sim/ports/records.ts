import type { Board } from "../../model";

/*
 * The data that crosses the runtime's storage port: messages, dead letters, read-model rows and
 * run records. Plain JSON-safe data, so every adapter stores it as it is and the API returns it
 * as it is.
 */

// ---------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------

/** What travels with a message besides its payload. */
export interface MessageHeaders {
  readonly runId: string;
  /** Constant across everything one entry command causes. */
  readonly correlationId: string;
  /** The id of the message (or command) that directly caused this one. */
  readonly causationId: string;
  /** The entity the flow is about (the entry aggregate's id): read-model row ids and ordering keys. */
  readonly subjectId: string;
  /** Which entry command of the run (0-based) this message descends from. */
  readonly instance: number;
  /**
   * What the event is within its run, independent of the run id and of timing (a hash of its
   * cause's key, its producer and its name): fault draws and duplicate draws are keyed on it, so
   * the same seed gives the same outcomes however concurrent work interleaved.
   */
  readonly logicalKey: string;
  readonly streamId: string;
  readonly version: number;
  readonly globalPosition: string;
  /** The event's place in readAll order, `<transactionId>:<globalPosition>`: read models compare these. */
  readonly checkpoint: string;
  /** When the event was stored (ISO-8601). */
  readonly createdAt: string;
  /** The span that published it: the parent of every delivery span. */
  readonly spanId: string;
}

/** An event as the broker carries it: its id is the event id, kept across retries, DLQ and replay. */
export interface Message {
  readonly messageId: string;
  readonly topic: string;
  /** The ordering key (the aggregate id): one key's messages reach a consumer group in order. */
  readonly key: string;
  readonly eventType: string;
  /** The event's name on the board (`OrderPlaced`). */
  readonly eventName: string;
  readonly payload: unknown;
  readonly headers: MessageHeaders;
}

/** A message a consumer group gave up on after its last attempt. */
export interface DeadLetter {
  readonly runId: string;
  readonly consumerGroup: string;
  readonly messageId: string;
  readonly message: Message;
  readonly attempts: number;
  readonly lastError: string;
  /** ISO-8601. */
  readonly deadLetteredAt: string;
  /** ISO-8601 of the last replay, or null. */
  readonly replayedAt: string | null;
  /** `ok` once a replay got through; `error` when the replay failed again (it is then dead-lettered anew). */
  readonly replayStatus: "ok" | "error" | null;
}

// ---------------------------------------------------------------------------
// Read models
// ---------------------------------------------------------------------------

/**
 * Where an event stands in readAll order, `[transactionId, globalPosition]`: a JSON array of
 * numbers, so PostgreSQL's jsonb ordering compares it as the core does (exact below 2^53).
 */
export type RowVersion = readonly [number, number];

/** One read-model row: its fields, the version that last set each field, and how many events built it. */
export interface ReadModelRow {
  readonly readModel: string;
  readonly rowId: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly versions: Readonly<Record<string, RowVersion>>;
  readonly eventCount: number;
}

/** One event's contribution to one row, applied with the processed-message record in one transaction. */
export interface ReadModelUpdate {
  readonly runId: string;
  readonly consumerGroup: string;
  readonly messageId: string;
  readonly readModel: string;
  readonly rowId: string;
  readonly fields: Readonly<Record<string, unknown>>;
  readonly version: RowVersion;
}

// ---------------------------------------------------------------------------
// Runs
// ---------------------------------------------------------------------------

export const FAULT_MODES = ["fail", "transient", "rate", "latency"] as const;
/** `fail`: every attempt fails; `transient`: the first N attempts fail; `rate`: each fails with probability P; `latency`: each attempt waits MS. */
export type FaultMode = (typeof FAULT_MODES)[number];

/** A fault as the user gives it: `Payment:fail`, `{target: "Payment", mode: "transient", value: 2}`. */
export interface FaultSpec {
  readonly target: string;
  readonly mode: FaultMode;
  /** N for transient, P for rate, MS for latency; absent for fail. */
  readonly value?: number;
}

/** What the fault's target names on the board (one name may be several of these). */
export type FaultTargetKind = "sagaStep" | "service" | "aggregate";

/** A fault checked against the board: its target's merged name and what that name is. */
export interface ResolvedFault extends FaultSpec {
  readonly matches: readonly FaultTargetKind[];
}

/** A run's scenario, checked and with every default filled in: what is stored and what is replayed. */
export interface Scenario {
  /** The entry command's merged name. */
  readonly command: string;
  readonly count: number;
  readonly concurrency: number;
  readonly seed: string;
  readonly faults: readonly ResolvedFault[];
  /** Probability in [0, 1] that a delivery is duplicated (1 or 2 extra copies). */
  readonly duplicateRate: number;
  /** Attempts per message, saga step or command before it is dead-lettered / failed. */
  readonly maxAttempts: number;
  /** Retry n waits min(maxMs, baseMs·2^(n-1)) plus up to 50% jitter. */
  readonly backoff: { readonly baseMs: number; readonly maxMs: number };
}

export type RunStatus = "running" | "completed" | "failed" | "stopped" | "error";

/** Live figures of a run, updated as it goes (the progress bar and the live view read them). */
export interface RunCounters {
  /** Entry commands issued, and those whose whole flow (command, sagas started by it) is done. */
  readonly instances: { readonly issued: number; readonly finished: number };
  readonly commands: { readonly handled: number; readonly rejected: number };
  readonly sagas: { readonly started: number; readonly completed: number; readonly compensated: number; readonly failed: number };
  readonly events: {
    readonly appended: number;
    readonly published: number;
    readonly delivered: number;
    readonly duplicatesSkipped: number;
    readonly retried: number;
    readonly deadLettered: number;
  };
  readonly concurrencyConflicts: number;
  readonly spans: number;
}

export const INVARIANT_NAMES = ["saga-atomicity", "outbox-drained", "idempotency", "projection-rebuild", "stream-versions"] as const;
export type InvariantName = (typeof INVARIANT_NAMES)[number];

export interface InvariantResult {
  readonly name: InvariantName;
  readonly ok: boolean;
  readonly detail: string;
}

/** The summary of a finished run (the CLI's `--json` object). */
export interface RunSummary {
  readonly runId: string;
  readonly command: string;
  readonly count: number;
  readonly seed: string;
  readonly status: RunStatus;
  readonly sagas: RunCounters["sagas"];
  readonly events: RunCounters["events"];
  readonly concurrencyConflicts: number;
  readonly invariants: readonly InvariantResult[];
  readonly durationMs: number;
}

/** A run as stored. */
export interface RunRecord {
  readonly runId: string;
  readonly boardId: string | null;
  readonly boardName: string;
  /** The board as it was when the run started: a resumed run or a replay uses this, not a later edit. */
  readonly board: Board;
  readonly scenario: Scenario;
  readonly status: RunStatus;
  readonly counters: RunCounters;
  readonly summary: RunSummary | null;
  /** Why a run ended in `error`. */
  readonly error: string | null;
  /** ISO-8601. */
  readonly createdAt: string;
  readonly finishedAt: string | null;
  /** Refreshed while a process drives the run; a stale one means the run was interrupted. */
  readonly heartbeatAt: string;
}

export type RunPatch = Partial<Pick<RunRecord, "status" | "counters" | "summary" | "error" | "finishedAt" | "heartbeatAt">>;
