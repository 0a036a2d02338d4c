import type { Board } from "../../model";

/*
 * The data that crosses the runtime's storage port: messages, dead letters, read-model rows and
 * run records. Plain JSON-safe data, so every adapter stores it as it is and the API returns it
 * as it is.
 */

// ---------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------

/** What a message is: a board event, a saga step's command, a participant's reply, or the notice that a step command was dead-lettered. */
export type MessageKind = "event" | "command" | "reply" | "fault";

/** The saga step a command, reply or notice belongs to. */
export interface SagaHeaders {
  /** The saga's merged name. */
  readonly saga: string;
  /** The saga instance's stream id. */
  readonly sagaId: string;
  /** 0-based. */
  readonly stepIndex: number;
  readonly role: "action" | "compensation";
  /** Which send of the step's command this is (a retriable step is sent again). */
  readonly attempt: number;
  /** The channel the participant replies on. */
  readonly replyTo: string;
  /** Replies and notices: how the step went. */
  readonly outcome?: "success" | "failure" | "fault";
  /** Replies: the design time the participant took (latency and retry waits), which the step's timeout is checked against. */
  readonly designMs?: number;
  /** Notices and failure replies: why. */
  readonly error?: string;
}

/** What travels with a message besides its payload. */
export interface MessageHeaders {
  readonly kind: MessageKind;
  /** Step commands, replies and notices. */
  readonly saga?: SagaHeaders;
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

/**
 * What a fault hits, resolved from its target against the board:
 * - `step`: one saga step's action (`OrderSaga#3`) or its compensation (`OrderSaga#3/compensation`);
 * - `participant`: every command a participant handles (by sticky name);
 * - `consumer`: a consumer group's deliveries (a service, policy or read model, by sticky name);
 * - `aggregate`: an aggregate handling a command (by sticky name).
 */
export type FaultMatch =
  | { readonly kind: "step"; readonly saga: string; readonly stepIndex: number; readonly role: "action" | "compensation" }
  | { readonly kind: "participant" | "consumer" | "aggregate"; readonly name: string };

/** A fault checked against the board: its target as the user wrote it and what it hits. */
export interface ResolvedFault extends FaultSpec {
  readonly matches: readonly FaultMatch[];
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
  /**
   * Every wait of the design (retry backoff, latency faults) lasts this many times its design
   * length: 1 is real time, 0 no waiting at all. Spans and timeouts use the design length.
   */
  readonly timeScale: number;
  /** The real broker the run ran on, by its id (its URL without password; see ports/transport.ts); absent: in process. */
  readonly broker?: string;
  /** Keep the run's broker resources after it ends, for inspection. */
  readonly keepTopology?: boolean;
}

/** The broker a run ran on, as `stormflow run --json` and the runs API report it. */
export interface BrokerReport {
  /** `nats`, `rabbitmq`. */
  readonly kind: string;
  /** Without a password. */
  readonly url: string;
  /** What the run declared, named as the design document prints it under the run's namespace. */
  readonly resources: readonly { readonly type: string; readonly name: string }[];
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
  /** What was checked and found, in English (a failure names examples). */
  readonly detail: string;
  /** The figures an invariant that holds reports, for the UI to say in its language (absent in summaries stored before them). */
  readonly facts?: InvariantFacts;
}

/** Messages by kind, as the outbox and the streams count them. */
export interface MessageKinds {
  readonly events: number;
  readonly commands: number;
  readonly replies: number;
  readonly notices: number;
}

export type InvariantFacts =
  | { readonly name: "saga-atomicity"; readonly started: number; readonly completed: number; readonly compensated: number; readonly failed: number; readonly compensations: number }
  | { readonly name: "outbox-drained"; readonly messages: MessageKinds }
  | { readonly name: "idempotency"; readonly duplicatesSkipped: number; readonly effects: number; readonly rows: number }
  | { readonly name: "projection-rebuild"; readonly rows: number; readonly models: number }
  | { readonly name: "stream-versions"; readonly streams: number; readonly messages: MessageKinds; readonly sagaRecords: number };

/** What one sticky did in a run: messages it received and handled (distinct), attempts that failed or were retried, messages dead-lettered (distinct). */
export interface NodeCounts {
  readonly received: number;
  readonly handled: number;
  readonly failed: number;
  readonly retried: number;
  readonly deadLettered: number;
  /** Sagas: how the saga instances ended. */
  readonly sagas?: { readonly completed: number; readonly compensated: number; readonly failed: number };
  /** Sagas: per step (0-based index), how many instances completed, failed, compensated it, or failed to. */
  readonly steps?: Readonly<Record<number, StepCounts>>;
}

export interface StepCounts {
  readonly completed: number;
  readonly failed: number;
  readonly compensated: number;
  readonly compensationFailed: number;
}

/** A run drawn on its board: counts per sticky and distinct messages per edge, keyed by id. */
export interface RunGraph {
  readonly nodes: Readonly<Record<string, NodeCounts>>;
  readonly edges: Readonly<Record<string, { readonly messages: number }>>;
}

/** The summary of a finished run (the CLI's `--json` object). */
export interface RunSummary {
  readonly runId: string;
  readonly command: string;
  readonly count: number;
  readonly seed: string;
  readonly status: RunStatus;
  /** Entry commands handled, and rejected by their aggregate (a fault with no failure event to append). */
  readonly commands: RunCounters["commands"];
  readonly sagas: RunCounters["sagas"];
  readonly events: RunCounters["events"];
  readonly concurrencyConflicts: number;
  /** Messages written through the outbox, by kind. */
  readonly messages: { readonly events: number; readonly commands: number; readonly replies: number; readonly notices: number };
  readonly invariants: readonly InvariantResult[];
  readonly durationMs: number;
  /** The run drawn on its board, from the same spans as `events.retried` and `events.deadLettered`. */
  readonly graph: RunGraph;
  /** The real broker the run ran on (absent: in process). */
  readonly broker?: BrokerReport;
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
  /** When someone asked the run to stop (ISO-8601), or null: a run resumed after a crash still ends `stopped`, not re-issued in full. */
  readonly stopRequestedAt: string | null;
}

export type RunPatch = Partial<Pick<RunRecord, "status" | "counters" | "summary" | "error" | "finishedAt" | "heartbeatAt" | "stopRequestedAt">>;
