import type {
  Board,
  Consistency,
  EventNode,
  EventOutcome,
  EventScope,
  EventTypeStyle,
  FieldShape,
  FieldType,
  SagaStep,
  ServiceNode,
} from "./schema";

/**
 * The values an absent optional key stands for. They are applied when reading, never written
 * into the document, so a file keeps exactly the keys its author wrote.
 */
export const DEFAULTS = {
  eventScope: "domain",
  eventVersion: 1,
  eventOutcome: "success",
  fieldRequired: true,
  consistency: "eventual",
  eventTypeStyle: "dotted",
  partitionKey: "aggregateId",
  sagaStepTimeoutMs: 10_000,
} as const satisfies {
  eventScope: EventScope;
  eventVersion: number;
  eventOutcome: EventOutcome;
  fieldRequired: boolean;
  consistency: Consistency;
  eventTypeStyle: EventTypeStyle;
  partitionKey: string;
  sagaStepTimeoutMs: number;
};

/** A retry policy with every key set. */
export interface RetryPolicy {
  /** Attempts of one message (the first included) before it is dead-lettered. */
  readonly maxAttempts: number;
  /** Wait before the second attempt. */
  readonly initialDelayMs: number;
  /** Each further wait is the previous one times this. */
  readonly multiplier: number;
  /** No wait is longer than this, jitter included. */
  readonly maxDelayMs: number;
  /** Up to this fraction of a wait is added at random, so retries of many messages spread out. */
  readonly jitter: number;
}

/**
 * The retry policy of a consumer group when neither the board (`settings.delivery`) nor the
 * consumer (`delivery`) says otherwise: 5 attempts, waits of 200 ms, 400 ms, 800 ms and 1.6 s,
 * each plus up to 50% jitter.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  initialDelayMs: 200,
  multiplier: 2,
  maxDelayMs: 30_000,
  jitter: 0.5,
};

/** The event's scope, `"domain"` unless set. */
export function eventScope(event: Pick<EventNode, "scope">): EventScope {
  return event.scope ?? DEFAULTS.eventScope;
}

/** The event's schema version, 1 unless set. */
export function eventVersion(event: Pick<EventNode, "version">): number {
  return event.version ?? DEFAULTS.eventVersion;
}

/** The event's outcome, `"success"` unless set. */
export function eventOutcome(event: Pick<EventNode, "outcome">): EventOutcome {
  return event.outcome ?? DEFAULTS.eventOutcome;
}

/** Whether a field must be present, true unless set. */
export function fieldRequired(field: Pick<FieldShape, "required">): boolean {
  return field.required ?? DEFAULTS.fieldRequired;
}

/** The service's consistency, `"eventual"` unless set. */
export function serviceConsistency(service: Pick<ServiceNode, "consistency">): Consistency {
  return service.consistency ?? DEFAULTS.consistency;
}

/** The board's event type style, `"dotted"` unless set. */
export function eventTypeStyleOf(board: Pick<Board, "settings">): EventTypeStyle {
  return board.settings?.eventTypeStyle ?? DEFAULTS.eventTypeStyle;
}

/** Field types whose value can key a message (a scalar the broker can hash). */
const KEY_FIELD_TYPES: ReadonlySet<string> = new Set(["string", "number", "integer", "datetime", "uuid"]);

/**
 * Why an event's `partitionKey` cannot key its messages: no top-level payload field has that
 * name (`unknown`), or the field is a boolean, object or array (`not-scalar`); null when it can
 * (or none is set).
 */
export function partitionKeyProblem(event: { readonly partitionKey?: string; readonly payload: readonly { readonly name: string; readonly type: string }[] }): "unknown" | "not-scalar" | null {
  const key = event.partitionKey;
  if (key === undefined || key === DEFAULTS.partitionKey) return null;
  const field = event.payload.find((f) => f.name === key);
  if (!field) return "unknown";
  return KEY_FIELD_TYPES.has(field.type) ? null : "not-scalar";
}

/**
 * The key that orders an event's messages, as the documents print it and the simulator keys
 * them: the `partitionKey` field when it can key them, else `aggregateId` (the aggregate's id).
 */
export function eventPartitionKey(event: { readonly partitionKey?: string; readonly payload: readonly { readonly name: string; readonly type: string }[] }): string {
  return event.partitionKey === undefined || partitionKeyProblem(event) !== null ? DEFAULTS.partitionKey : event.partitionKey;
}

/** How long a saga waits for a step's reply before the step fails: 10 s unless set. */
export function sagaStepTimeoutMs(step: Pick<SagaStep, "timeoutMs">): number {
  return step.timeoutMs ?? DEFAULTS.sagaStepTimeoutMs;
}

/**
 * The notice a participant sends on a saga's reply channel when it gives up on a step command
 * (its last attempt failed and the command went to its dead-letter queue), as brokers with sagas
 * do (MassTransit's `Fault<T>`): the saga fails the step (or, for a compensation, ends `failed`).
 * Every saga with steps receives it, so the documents list it with the replies and the run sends
 * it; its name is reserved.
 */
export const DEAD_LETTER_NOTICE = {
  name: "CommandDeadLettered",
  type: "stormflow.command.dead-lettered",
  description: "A participant gave up on a saga step command: its last attempt failed and the command is in the participant's dead-letter queue. The saga fails the step (a compensation: the saga ends failed and needs manual intervention).",
  payload: [
    { name: "commandId", type: "uuid", description: "The id of the dead-lettered command message." },
    { name: "commandType", type: "string", description: "Its command type." },
    { name: "group", type: "string", description: "The consumer group that gave up on it." },
    { name: "dlq", type: "string", description: "The dead-letter queue it is in." },
    { name: "error", type: "string", description: "The last attempt's error." },
  ],
} as const satisfies { name: string; type: string; description: string; payload: readonly { name: string; type: FieldType; description: string }[] };
