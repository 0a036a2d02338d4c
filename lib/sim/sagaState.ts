import type { SagaInfo } from "../model";
import type { StoredEvent } from "./ports/eventStore";

/*
 * A saga's state is event-sourced in its own stream, `saga-<name>-<correlation id>`: started,
 * each step completed or failed, each compensation, then ended (with the board's success or
 * failure events in the same append). Folding the stream says what to do next, which is how a
 * saga interrupted by a restart finishes, forward or by compensation.
 */

export const SAGA_STREAM_TYPE = "saga";

export const SAGA_EVENT = {
  started: "sim.saga.started",
  stepCompleted: "sim.saga.step-completed",
  stepFailed: "sim.saga.step-failed",
  stepCompensated: "sim.saga.step-compensated",
  ended: "sim.saga.ended",
} as const;

export type SagaOutcome = "completed" | "compensated";

/** What started the saga: enough to resume it in another process. */
export interface SagaStarted {
  readonly saga: string;
  readonly correlationId: string;
  readonly causationId: string;
  readonly subjectId: string;
  readonly instance: number;
  /** The span of the start: the parent of every step, compensation and end span. */
  readonly startSpanId: string;
  /** The payload of what started it (a command or an event): the end events draw on it. */
  readonly cause: unknown;
  /** Epoch ms it started (the clock of the process that started it), for the saga's latency. */
  readonly startedAt: number;
}

export interface SagaState {
  readonly version: number;
  readonly started: SagaStarted | null;
  /** Step indexes completed, in the order they completed. */
  readonly completed: readonly number[];
  readonly failed: { readonly stepIndex: number; readonly error: string } | null;
  /** Step indexes compensated, in the order they were. */
  readonly compensated: readonly number[];
  readonly ended: SagaOutcome | null;
}

export const EMPTY_SAGA: SagaState = { version: 0, started: null, completed: [], failed: null, compensated: [], ended: null };

/** Applies one event of a saga stream (board events in it change nothing). */
export function evolveSaga(state: SagaState, event: Pick<StoredEvent, "type" | "data">): SagaState {
  const data = event.data as Record<string, unknown>;
  const version = state.version + 1;
  switch (event.type) {
    case SAGA_EVENT.started:
      return { ...state, version, started: data as unknown as SagaStarted };
    case SAGA_EVENT.stepCompleted:
      return { ...state, version, completed: [...state.completed, data.stepIndex as number] };
    case SAGA_EVENT.stepFailed:
      return { ...state, version, failed: { stepIndex: data.stepIndex as number, error: String(data.error) } };
    case SAGA_EVENT.stepCompensated:
      return { ...state, version, compensated: [...state.compensated, data.stepIndex as number] };
    case SAGA_EVENT.ended:
      return { ...state, version, ended: data.outcome as SagaOutcome };
    default:
      return { ...state, version };
  }
}

export function foldSaga(events: readonly Pick<StoredEvent, "type" | "data">[]): SagaState {
  return events.reduce(evolveSaga, EMPTY_SAGA);
}

export type SagaAction =
  | { readonly kind: "step"; readonly stepIndex: number }
  | { readonly kind: "compensate"; readonly stepIndex: number }
  | { readonly kind: "end"; readonly outcome: SagaOutcome }
  | { readonly kind: "done" };

/**
 * What the saga does next: the next step; after a failure, the latest completed step not yet
 * compensated (steps without a compensation are passed over; the failed step is never
 * compensated); then the end.
 */
export function nextSagaAction(state: SagaState, saga: Pick<SagaInfo, "steps">): SagaAction {
  if (state.ended) return { kind: "done" };
  if (!state.failed) {
    const next = state.completed.length;
    return next < saga.steps.length ? { kind: "step", stepIndex: next } : { kind: "end", outcome: "completed" };
  }
  const pending = [...state.completed].reverse().find((index) => saga.steps[index]?.compensation != null && !state.compensated.includes(index));
  return pending === undefined ? { kind: "end", outcome: "compensated" } : { kind: "compensate", stepIndex: pending };
}

/**
 * Checks one saga's history (its stream's events in order) for atomicity: it ended; completed
 * every step in order, or failed at step k after steps 0..k-1 and then compensated exactly the
 * completed steps that have a compensation, in reverse order, and the failed step not at all.
 * Returns what is wrong, or null.
 */
export function sagaHistoryProblem(events: readonly Pick<StoredEvent, "type" | "data">[], saga: Pick<SagaInfo, "steps">): string | null {
  const internal = events.filter((e) => e.type.startsWith("sim.saga."));
  if (internal[0]?.type !== SAGA_EVENT.started) return "does not begin with its start";
  const state = foldSaga(events);
  if (!state.ended) return `did not end (${state.completed.length} of ${saga.steps.length} steps done${state.failed ? `, failed at step ${state.failed.stepIndex}` : ""})`;
  const last = internal.at(-1);
  if (last?.type !== SAGA_EVENT.ended) return "has events after its end";
  const order = state.completed.join(",");
  const expectedOrder = Array.from({ length: state.completed.length }, (_, i) => i).join(",");
  if (order !== expectedOrder) return `completed its steps out of order (${order})`;
  if (state.ended === "completed") {
    if (state.failed || state.compensated.length > 0) return "ended completed after a failure or a compensation";
    if (state.completed.length !== saga.steps.length) return `ended completed after ${state.completed.length} of ${saga.steps.length} steps`;
    return null;
  }
  if (!state.failed) return "ended compensated without a failed step";
  if (state.failed.stepIndex !== state.completed.length) return `failed at step ${state.failed.stepIndex} after completing ${state.completed.length}`;
  const expected = [...state.completed].reverse().filter((index) => saga.steps[index]?.compensation != null);
  if (state.compensated.join(",") !== expected.join(",")) {
    return `compensated steps [${state.compensated.join(", ")}], expected [${expected.join(", ")}] (the completed steps in reverse order)`;
  }
  return null;
}
