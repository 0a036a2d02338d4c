import type { SagaInfo, SagaStepInfo } from "../../model";
import type { StoredEvent } from "../ports/eventStore";

/*
 * A saga's state is event-sourced in its own stream, `saga-<name>-<correlation id>`: started;
 * each step command sent (the command message itself, with an outbox row); each reply's effect
 * (a step completed, an attempt failed and sent again, a step failed, a step compensated, a
 * compensation failed); then ended, with the board's end events in the same append (and, when a
 * command replayed from the DLQ lets a failed saga go on, reopened, then on to its new end). Folding the
 * stream says what to do next, which is how a saga interrupted by a restart goes on: a command
 * that is out waits for its reply, which the broker redelivers.
 *
 * The decisions are pure functions of the state (as Emmett's deciders): `nextSagaAction` says
 * what to send or how to end; `onReply` says what a reply does to the state.
 */

export const SAGA_STREAM_TYPE = "saga";

export const SAGA_EVENT = {
  started: "sim.saga.started",
  stepCompleted: "sim.saga.step-completed",
  attemptFailed: "sim.saga.attempt-failed",
  stepFailed: "sim.saga.step-failed",
  stepCompensated: "sim.saga.step-compensated",
  compensationFailed: "sim.saga.compensation-failed",
  /**
   * A saga that ended `failed` goes on: the command it failed on, replayed from the DLQ, went
   * through. `{stepIndex}`: that compensation (it goes on compensating); `{stepIndex, role:
   * "action", commandId}`: a send of that retriable step (the step completed, it goes on forward).
   */
  reopened: "sim.saga.reopened",
  ended: "sim.saga.ended",
} as const;

/** How a saga ended: every step done; turned back and compensated; or stuck, needing manual intervention. */
export type SagaOutcome = "completed" | "compensated" | "failed";

/** Why a step failed: its participant refused (failure reply), replied too late, or dead-lettered the command. */
export type StepFailureReason = "reply" | "timeout" | "dead-letter";

/** What started the saga: enough to go on in another process. */
export interface SagaStarted {
  readonly saga: string;
  readonly correlationId: string;
  readonly causationId: string;
  readonly subjectId: string;
  readonly instance: number;
  /** The span of the start: the parent of every step span. */
  readonly startSpanId: string;
  /** The payload of what started it (a command or an event): commands and end events draw on it. */
  readonly cause: unknown;
  /** Epoch ms it started (the clock of the process that started it), for the saga's latency. */
  readonly startedAt: number;
}

/** A step command the saga sent and waits on. */
export interface SagaAwaiting {
  readonly stepIndex: number;
  readonly role: "action" | "compensation";
  /** The command message's id: the reply names it as its causation. */
  readonly commandId: string;
  readonly attempt: number;
}

export interface SagaState {
  readonly version: number;
  readonly started: SagaStarted | null;
  /** Step indexes completed, in the order they completed. */
  readonly completed: readonly number[];
  /** How many times each step's action was sent. */
  readonly sent: Readonly<Record<number, number>>;
  /** The command ids of each step's action sends, in order (a replay of any one of them answers that step). */
  readonly actionIds: Readonly<Record<number, readonly string[]>>;
  /** The step whose failure turned the saga back (or, a retriable one, ended it failed). */
  readonly failed: { readonly stepIndex: number; readonly reason: StepFailureReason; readonly error: string } | null;
  /** Step indexes compensated, in the order they were. */
  readonly compensated: readonly number[];
  /** The compensation that could not be carried out, and its command (a replay of it answers that id). */
  readonly compensationFailed: { readonly stepIndex: number; readonly error: string; readonly commandId: string } | null;
  readonly awaiting: SagaAwaiting | null;
  readonly ended: SagaOutcome | null;
  /** How it had ended before a replayed command reopened it: its end events are out already. */
  readonly reopened: SagaOutcome | null;
}

export const EMPTY_SAGA: SagaState = { version: 0, started: null, completed: [], sent: {}, actionIds: {}, failed: null, compensated: [], compensationFailed: null, awaiting: null, ended: null, reopened: null };

/** An event of a saga stream as folding reads it: a state record, or a command it sent. */
export type SagaStreamEvent = Pick<StoredEvent, "type" | "data"> & { readonly eventId?: string; readonly metadata?: Readonly<Record<string, unknown>> };

/** Applies one event of a saga stream (board events in it change nothing but the version). */
export function evolveSaga(state: SagaState, event: SagaStreamEvent): SagaState {
  const data = (event.data ?? {}) as Record<string, unknown>;
  const version = state.version + 1;
  const command = commandOf(event);
  if (command) {
    const commandId = event.eventId ?? "";
    if (command.role === "compensation") return { ...state, version, awaiting: { ...command, commandId } };
    const sent = { ...state.sent, [command.stepIndex]: command.attempt };
    const actionIds = { ...state.actionIds, [command.stepIndex]: [...(state.actionIds[command.stepIndex] ?? []), commandId] };
    return { ...state, version, sent, actionIds, awaiting: { ...command, commandId } };
  }
  switch (event.type) {
    case SAGA_EVENT.started:
      return { ...state, version, started: data as unknown as SagaStarted };
    case SAGA_EVENT.stepCompleted:
      return { ...state, version, awaiting: null, completed: [...state.completed, data.stepIndex as number] };
    case SAGA_EVENT.attemptFailed:
      return { ...state, version, awaiting: null };
    case SAGA_EVENT.stepFailed:
      return { ...state, version, awaiting: null, failed: { stepIndex: data.stepIndex as number, reason: data.reason as StepFailureReason, error: String(data.error) } };
    case SAGA_EVENT.stepCompensated:
      return { ...state, version, awaiting: null, compensated: [...state.compensated, data.stepIndex as number] };
    case SAGA_EVENT.compensationFailed:
      return { ...state, version, awaiting: null, compensationFailed: { stepIndex: data.stepIndex as number, error: String(data.error), commandId: state.awaiting?.commandId ?? "" } };
    case SAGA_EVENT.reopened:
      // Reopened on a retriable step's send: that step did not fail after all (it completes next).
      return data.role === "action"
        ? { ...state, version, reopened: state.ended, ended: null, failed: null }
        : { ...state, version, reopened: state.ended, ended: null, compensationFailed: null };
    case SAGA_EVENT.ended:
      return { ...state, version, awaiting: null, ended: data.outcome as SagaOutcome };
    default:
      return { ...state, version };
  }
}

export function foldSaga(events: readonly SagaStreamEvent[]): SagaState {
  return events.reduce(evolveSaga, EMPTY_SAGA);
}

/** The step command an event of a saga stream is, from its metadata; null for everything else. */
export function commandOf(event: SagaStreamEvent): Omit<SagaAwaiting, "commandId"> | null {
  const meta = event.metadata;
  if (meta?.messageKind !== "command") return null;
  const saga = meta.saga as { stepIndex?: unknown; role?: unknown; attempt?: unknown } | undefined;
  if (typeof saga?.stepIndex !== "number" || (saga.role !== "action" && saga.role !== "compensation")) return null;
  return { stepIndex: saga.stepIndex, role: saga.role, attempt: typeof saga.attempt === "number" ? saga.attempt : 1 };
}

export type SagaAction =
  | { readonly kind: "send"; readonly stepIndex: number; readonly role: "action" | "compensation"; readonly attempt: number }
  | { readonly kind: "end"; readonly outcome: SagaOutcome }
  | { readonly kind: "wait" }
  | { readonly kind: "done" };

/**
 * The steps a saga turned back at its failed step must compensate, in the order it does: the
 * completed compensable steps, latest first — preceded by the failed step itself when it timed
 * out. A step that timed out may well have been done (its participant only answered late, or
 * its answer was lost), so it is undone too: a compensation must therefore undo what was done
 * and do nothing when nothing was (idempotent), as compensations must anyway. A refused step
 * (failure reply) did nothing, and a dead-lettered command was never carried out (the
 * participant's handling commits with its effect or not at all): neither is compensated.
 */
export function stepsToCompensate(state: Pick<SagaState, "completed" | "failed">, saga: Pick<SagaInfo, "steps">): number[] {
  const failed = state.failed;
  const timedOut = failed && failed.reason === "timeout" && !state.completed.includes(failed.stepIndex) ? [failed.stepIndex] : [];
  return [...state.completed, ...timedOut].reverse().filter((index) => saga.steps[index]?.type === "compensable" && saga.steps[index]?.compensation);
}

/**
 * What the saga does next: wait while a command is out; after a failed compensation, end
 * `failed`; after a failed retriable step, end `failed`; after another failed step, compensate
 * the steps `stepsToCompensate` names, one at a time, then end `compensated`; otherwise send the
 * next step's action (again, after a failed attempt of a retriable step), then end `completed`.
 */
export function nextSagaAction(state: SagaState, saga: Pick<SagaInfo, "steps">): SagaAction {
  if (state.ended) return { kind: "done" };
  if (state.awaiting) return { kind: "wait" };
  if (state.compensationFailed) return { kind: "end", outcome: "failed" };
  if (state.failed) {
    if (saga.steps[state.failed.stepIndex]?.type === "retriable") return { kind: "end", outcome: "failed" };
    const pending = stepsToCompensate(state, saga).find((index) => !state.compensated.includes(index));
    return pending === undefined ? { kind: "end", outcome: "compensated" } : { kind: "send", stepIndex: pending, role: "compensation", attempt: 1 };
  }
  const next = state.completed.length;
  if (next >= saga.steps.length) return { kind: "end", outcome: "completed" };
  return { kind: "send", stepIndex: next, role: "action", attempt: (state.sent[next] ?? 0) + 1 };
}

/** A reply as the saga reads it. */
export interface SagaReply {
  /** The command it answers. */
  readonly commandId: string;
  readonly outcome: "success" | "failure" | "fault";
  /** The participant's design time: checked against the step's timeout. */
  readonly designMs: number;
  readonly error?: string;
}

/** What a reply does: the state records to append, and whether the step is tried again (after the saga's backoff). */
export interface ReplyEffect {
  readonly records: readonly { readonly type: string; readonly data: Record<string, unknown> }[];
  /** How the step went, for the live view: `completed`, `failed`, `retrying`, `compensated`, `compensation-failed`. */
  readonly stepOutcome: "completed" | "failed" | "retrying" | "compensated" | "compensation-failed" | null;
  readonly retry: boolean;
  readonly stepIndex: number | null;
  /** A reply to no command the saga waits on (late, duplicate, or for an ended saga): it changes nothing. */
  readonly stale: boolean;
}

const STALE: ReplyEffect = { records: [], stepOutcome: null, retry: false, stepIndex: null, stale: true };

/**
 * The effect of a reply. An action's success within its timeout completes the step; a success
 * later than the timeout (design time), a failure reply or a dead-letter notice fails it —
 * except that a retriable step that did not run out of sends (`maxAttempts` of the saga group's
 * policy) is sent again instead: it is retried until it succeeds, never compensated. A
 * compensation's success compensates its step (compensations have no timeout: they must
 * succeed); its dead-letter notice fails it. A saga that ended `failed` goes on when the command
 * it failed on, replayed from the DLQ, succeeds (see `onReplayedReply`).
 */
export function onReply(state: SagaState, saga: Pick<SagaInfo, "steps">, reply: SagaReply, maxAttempts: number): ReplyEffect {
  if (state.ended === "failed") return onReplayedReply(state, saga, reply);
  const awaiting = state.awaiting;
  if (state.ended || !awaiting || awaiting.commandId !== reply.commandId) return STALE;
  const step: SagaStepInfo | undefined = saga.steps[awaiting.stepIndex];
  const stepIndex = awaiting.stepIndex;
  if (!step) return STALE;
  if (awaiting.role === "compensation") {
    return reply.outcome === "success"
      ? { records: [{ type: SAGA_EVENT.stepCompensated, data: { stepIndex } }], stepOutcome: "compensated", retry: false, stepIndex, stale: false }
      : { records: [{ type: SAGA_EVENT.compensationFailed, data: { stepIndex, error: reply.error ?? "the compensation failed" } }], stepOutcome: "compensation-failed", retry: false, stepIndex, stale: false };
  }
  const late = reply.designMs > step.timeoutMs;
  if (reply.outcome === "success" && !late) {
    return { records: [{ type: SAGA_EVENT.stepCompleted, data: { stepIndex, attempts: awaiting.attempt } }], stepOutcome: "completed", retry: false, stepIndex, stale: false };
  }
  const reason: StepFailureReason = reply.outcome === "fault" ? "dead-letter" : reply.outcome === "failure" && !late ? "reply" : "timeout";
  const error =
    reason === "timeout"
      ? `no reply within ${step.timeoutMs} ms (the participant took ${Math.round(reply.designMs)} ms)`
      : (reply.error ?? (reason === "reply" ? `${step.participant?.name ?? "the participant"} replied ${step.failure?.name ?? "failure"}` : "the command was dead-lettered"));
  if (step.type === "retriable" && awaiting.attempt < maxAttempts) {
    return { records: [{ type: SAGA_EVENT.attemptFailed, data: { stepIndex, attempt: awaiting.attempt, reason, error } }], stepOutcome: "retrying", retry: true, stepIndex, stale: false };
  }
  return { records: [{ type: SAGA_EVENT.stepFailed, data: { stepIndex, reason, error, attempts: awaiting.attempt } }], stepOutcome: "failed", retry: false, stepIndex, stale: false };
}

/**
 * A reply to a saga that ended `failed`, needing manual intervention: the command it failed on,
 * replayed from the DLQ once its cause was fixed, went through, and the saga goes on. After a
 * compensation that could not be carried out, the success of that very compensation: it goes on
 * turning back, and ends compensated. After a retriable step that failed for good, the success
 * (within the step's timeout) of any of that step's sends: the step completes, the steps after it
 * run, and it ends completed. Anything else changes nothing (stale).
 */
function onReplayedReply(state: SagaState, saga: Pick<SagaInfo, "steps">, reply: SagaReply): ReplyEffect {
  if (reply.outcome !== "success") return STALE;
  const stuck = state.compensationFailed;
  if (stuck) {
    if (stuck.commandId !== reply.commandId) return STALE;
    const stepIndex = stuck.stepIndex;
    return { records: [{ type: SAGA_EVENT.reopened, data: { stepIndex } }, { type: SAGA_EVENT.stepCompensated, data: { stepIndex } }], stepOutcome: "compensated", retry: false, stepIndex, stale: false };
  }
  const failed = state.failed;
  const step = failed ? saga.steps[failed.stepIndex] : undefined;
  if (!failed || step?.type !== "retriable" || !(state.actionIds[failed.stepIndex] ?? []).includes(reply.commandId) || reply.designMs > step.timeoutMs) return STALE;
  const stepIndex = failed.stepIndex;
  return {
    records: [
      { type: SAGA_EVENT.reopened, data: { stepIndex, role: "action", commandId: reply.commandId } },
      { type: SAGA_EVENT.stepCompleted, data: { stepIndex, attempts: state.sent[stepIndex] ?? 1 } },
    ],
    stepOutcome: "completed",
    retry: false,
    stepIndex,
    stale: false,
  };
}

/**
 * Checks one saga's history (its stream's events in order) for atomicity: it ended; completed
 * steps 0..k−1 in order; and then either completed every step; or failed at step k (not a
 * retriable one) and compensated exactly the steps `stepsToCompensate` names (the completed
 * compensable steps in reverse order, after step k itself when it timed out);
 * or ended `failed` because a retriable step k failed for good (nothing compensated), or a
 * compensation failed after the ones before it in reverse order. Returns what is wrong, or null.
 */
export function sagaHistoryProblem(events: readonly SagaStreamEvent[], saga: Pick<SagaInfo, "steps">): string | null {
  const internal = events.filter((e) => e.type.startsWith("sim.saga."));
  if (internal[0]?.type !== SAGA_EVENT.started) return "does not begin with its start";
  const state = foldSaga(events);
  if (!state.ended) return `did not end (${state.completed.length} of ${saga.steps.length} steps done${state.failed ? `, failed at step ${state.failed.stepIndex + 1}` : ""})`;
  if (internal.at(-1)?.type !== SAGA_EVENT.ended) return "has events after its end";
  const order = state.completed.join(",");
  if (order !== Array.from({ length: state.completed.length }, (_, i) => i).join(",")) return `completed its steps out of order (${order})`;
  const expected = stepsToCompensate(state, saga);
  switch (state.ended) {
    case "completed":
      if (state.failed || state.compensated.length > 0) return "ended completed after a failure or a compensation";
      if (state.completed.length !== saga.steps.length) return `ended completed after ${state.completed.length} of ${saga.steps.length} steps`;
      return null;
    case "compensated":
      if (!state.failed) return "ended compensated without a failed step";
      if (state.failed.stepIndex !== state.completed.length) return `failed at step ${state.failed.stepIndex + 1} after completing ${state.completed.length}`;
      if (saga.steps[state.failed.stepIndex]?.type === "retriable") return `ended compensated after retriable step ${state.failed.stepIndex + 1} failed (it should end failed)`;
      if (state.compensated.join(",") !== expected.join(",")) {
        return `compensated steps [${state.compensated.map((i) => i + 1).join(", ")}], expected [${expected.map((i) => i + 1).join(", ")}] (the completed compensable steps in reverse order, after a timed-out one)`;
      }
      return null;
    case "failed": {
      if (!state.failed) return "ended failed without a failed step";
      if (state.compensationFailed) {
        const done = expected.slice(0, state.compensated.length);
        if (state.compensated.join(",") !== done.join(",") || expected[state.compensated.length] !== state.compensationFailed.stepIndex) {
          return `compensated [${state.compensated.map((i) => i + 1).join(", ")}] then failed to compensate step ${state.compensationFailed.stepIndex + 1}, out of reverse order`;
        }
        return null;
      }
      if (saga.steps[state.failed.stepIndex]?.type !== "retriable") return `ended failed after step ${state.failed.stepIndex + 1} failed, which is not retriable and had nothing failing to compensate`;
      if (state.compensated.length > 0) return "compensated steps after a retriable step failed";
      return null;
    }
  }
}
