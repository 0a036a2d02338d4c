import type { NodeKind } from "./kinds";
import type {
  Consistency,
  EventOutcome,
  EventScope,
  EventTypeStyle,
  Field,
  SagaStepType,
  StepCompensation,
  StepMessage,
} from "./schema";

/*
 * The shapes of a board's analysis (`analyzeBoard` in analyze.ts): what generators, the simulator
 * and validation read about a board's flow. Types only, kept apart from the derivation so a reader
 * of the contract does not have to read how it is computed, and the reverse. The rules the values
 * follow (merging by name, board order, defaults) are at the top of analyze.ts.
 */

/** One sticky, by its kind, merged name and id. */
export interface StickyRef<K extends NodeKind = NodeKind> {
  readonly kind: K;
  readonly name: string;
  readonly nodeId: string;
}

/** Same-kind, same-name stickies seen as one thing: what every entry of the analysis starts with. */
export interface MergedStickies {
  /** `nameKey` of the name: stable id of the merged thing within the board and its kind. */
  readonly key: string;
  /** The first sticky's name, trimmed. */
  readonly name: string;
  /** The merged stickies, in board order. */
  readonly nodeIds: readonly string[];
}

/** What happens when a consumer receives an event. */
export interface EventConsumer extends StickyRef<"service" | "policy" | "readModel" | "saga"> {
  /**
   * In words: a service's `action` ("Send confirmation"; "Handle <Event>" if left empty), a
   * policy's "Issue <Command>" (its name if it issues none), a read model's "Update <name>",
   * a saga's "Start <name>".
   */
  readonly action: string;
  /** Policies only: the commands the policy issues. */
  readonly issues?: readonly string[];
  /** Services only: the events this service sticky emits after its action. */
  readonly emits?: readonly string[];
}

export interface EventInfo extends MergedStickies {
  /** The first non-blank description among the stickies, or null. */
  readonly description: string | null;
  readonly payload: readonly Field[];
  readonly scope: EventScope;
  readonly version: number;
  readonly outcome: EventOutcome;
  /**
   * The explicit topic; else `<kebab aggregate>-events` (`order-events`); else, for an event of
   * a saga, service or external system, `<kebab producer>-events`; else `events`.
   */
  readonly topic: string;
  /** The payload field that orders its messages (`aggregateId`: the aggregate's id, the default). */
  readonly partitionKey: string;
  /** The name in the board's event type style (`order.placed`). */
  readonly eventType: string;
  /** The first aggregate that emits it, or null. */
  readonly aggregate: string | null;
  /** Every sticky with an edge into one of this event's stickies. */
  readonly producers: readonly StickyRef<"aggregate" | "externalSystem" | "service" | "saga">[];
  /**
   * What causes it: the commands entering the emitting aggregate, external system or saga
   * sticky (for a saga, also the events that start it), and for an event a service emits, the
   * events that service sticky consumes.
   */
  readonly triggers: readonly string[];
  readonly consumers: readonly EventConsumer[];
}

/** A sticky that receives a command, and what it emits on its own outgoing edges. */
export interface CommandHandler extends StickyRef<"aggregate" | "externalSystem" | "saga"> {
  /** Success events of this sticky (for a saga: what it emits when it completes). */
  readonly emits: readonly string[];
  /** Failure events (`outcome: "failure"`) of this sticky. */
  readonly failureEvents: readonly string[];
}

export interface CommandInfo extends MergedStickies {
  readonly description: string | null;
  readonly payload: readonly Field[];
  /** Actors that issue it. */
  readonly actors: readonly string[];
  /** Policies that issue it. */
  readonly policies: readonly string[];
  readonly handlers: readonly CommandHandler[];
  /**
   * Success events of the aggregate stickies it enters: what handling it appends. Events of
   * sagas and external systems come later and asynchronously; they are on their `handlers`.
   */
  readonly emits: readonly string[];
  /** Failure events of the aggregate stickies it enters (appended instead, on a fault). */
  readonly failureEvents: readonly string[];
  /** Issued by an actor, or by nobody on the board: where a run can start. */
  readonly isEntry: boolean;
}

export interface AggregateInfo extends MergedStickies {
  readonly commands: readonly string[];
  /** Every event it emits, success and failure. */
  readonly events: readonly string[];
}

/** The kinds of sticky a saga step can orchestrate. */
export type ParticipantKind = "service" | "aggregate" | "externalSystem";
export const PARTICIPANT_KINDS: readonly ParticipantKind[] = ["service", "aggregate", "externalSystem"];

/** One step of a saga, resolved against the board. */
export interface SagaStepInfo {
  /** 0-based; the canvas and fault targets number steps from 1 (`OrderSaga#1`). */
  readonly index: number;
  readonly id: string;
  readonly type: SagaStepType;
  /** The participant sticky, by its merged name; null when the step names none, or a sticky that cannot be one. */
  readonly participant: StickyRef<ParticipantKind> | null;
  /** The command the saga sends. */
  readonly action: StepMessage;
  /** The reply that moves the saga on. */
  readonly success: StepMessage;
  /** The reply that fails the step (a refusal), if the step has one. */
  readonly failure: StepMessage | null;
  /** Compensable steps only: the command that undoes the step, and its reply. */
  readonly compensation: StepCompensation | null;
  /** How long the saga waits for a reply (design time) before the step fails. */
  readonly timeoutMs: number;
}

export interface SagaInfo extends MergedStickies {
  readonly description: string | null;
  /** The first sticky's steps, run in order; compensations run in reverse. */
  readonly steps: readonly SagaStepInfo[];
  /** Commands and events that start it. */
  readonly startedBy: readonly string[];
  readonly successEvents: readonly string[];
  readonly failureEvents: readonly string[];
}

export interface ReadModelInfo extends MergedStickies {
  readonly description: string | null;
  readonly fields: readonly Field[];
  /** Events projected into it. */
  readonly events: readonly string[];
  /** Actors it informs. */
  readonly actors: readonly string[];
}

/** What one service sticky does. A service drawn several times has one action per sticky. */
export interface ServiceAction {
  readonly nodeId: string;
  /** The sticky's action; "Handle <Event>" if left empty. */
  readonly action: string;
  readonly consumes: readonly string[];
  readonly emits: readonly string[];
  readonly consistency: Consistency;
}

export interface ServiceInfo extends MergedStickies {
  readonly actions: readonly ServiceAction[];
}

export interface PolicyInfo extends MergedStickies {
  readonly triggeredBy: readonly string[];
  readonly issues: readonly string[];
}

export interface ExternalSystemInfo extends MergedStickies {
  /** Commands sent to it. */
  readonly commands: readonly string[];
  readonly events: readonly string[];
}

export interface ActorInfo extends MergedStickies {
  readonly commands: readonly string[];
  /** Read models that inform it. */
  readonly informedBy: readonly string[];
}

/** A service, aggregate or external system that saga steps orchestrate (merged by kind and name). */
export interface ParticipantInfo extends StickyRef<ParticipantKind>, MergedStickies {
  /** The steps it performs, in saga and step order. */
  readonly steps: readonly { readonly saga: string; readonly stepIndex: number }[];
  /** The commands it receives (actions and compensations), unique, in order. */
  readonly commands: readonly string[];
}

/** What a message does in a saga step. */
/** `dead-lettered`: the notice of a step command a participant gave up on (`DEAD_LETTER_NOTICE`), for every step of the saga. */
export type SagaMessageRole = "action" | "success" | "failure" | "compensation" | "compensated" | "dead-lettered";

/**
 * A command a saga sends, or a reply it waits for, merged by name across sagas and steps (one
 * name, one contract): its payload is that of its first use.
 */
export interface SagaMessageInfo {
  readonly key: string;
  readonly name: string;
  readonly kind: "command" | "reply";
  readonly description: string | null;
  readonly payload: readonly Field[];
  /** Replies: the event type in the board's style; commands: the name in Pascal case. */
  readonly type: string;
  /** Commands: a command sticky of the board has this name (it is that command). */
  readonly onBoard: boolean;
  readonly uses: readonly {
    readonly saga: string;
    readonly sagaNodeId: string;
    /** -1 for the dead-letter notice: it can answer any step. */
    readonly stepIndex: number;
    readonly role: SagaMessageRole;
    readonly participant: string | null;
  }[];
}

export interface BoardAnalysis {
  readonly eventTypeStyle: EventTypeStyle;
  readonly events: readonly EventInfo[];
  readonly commands: readonly CommandInfo[];
  readonly aggregates: readonly AggregateInfo[];
  readonly sagas: readonly SagaInfo[];
  readonly readModels: readonly ReadModelInfo[];
  readonly services: readonly ServiceInfo[];
  readonly policies: readonly PolicyInfo[];
  readonly externalSystems: readonly ExternalSystemInfo[];
  readonly actors: readonly ActorInfo[];
  readonly participants: readonly ParticipantInfo[];
  /** Step commands (actions, then compensations, in saga and step order). */
  readonly sagaCommands: readonly SagaMessageInfo[];
  /** Step replies (success, failure, then compensation replies, in saga and step order). */
  readonly sagaReplies: readonly SagaMessageInfo[];
}
