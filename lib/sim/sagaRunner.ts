import type { SagaInfo } from "../model";
import { appendEvents, type EventCause } from "./append";
import { attemptAction } from "./attempts";
import { RunAbandoned, type RunContext, type SagaDriver, type SagaStart } from "./context";
import { errorText, isConcurrencyConflict } from "./errors";
import { stableUuid } from "./hash";
import { SAGA_EVENT, SAGA_STREAM_TYPE, EMPTY_SAGA, evolveSaga, foldSaga, nextSagaAction, type SagaStarted, type SagaState } from "./sagaState";
import { eventNamed, sagaStreamId } from "./topology";

/*
 * Sagas. A saga's state is event-sourced in its stream; its steps run in order, and after a
 * failed step the completed ones are compensated in reverse order, then it ends with its success
 * or failure events.
 *
 * State events are written behind: they are appended together whenever the saga is about to
 * wait (a latency fault, a retry's backoff) and when it ends, so a saga whose steps take no time
 * costs one append, and every moment at which time passes finds its state durable. A crash
 * between two writes loses at most the steps since the last one, which the resumed saga runs
 * again: steps are at-least-once, as they are with a write per step (a crash between a step and
 * its record), only the window is wider. Two drivers of one saga (two processes resuming a run)
 * cannot both write: every write expects the stream's version, and the loser re-reads.
 */

export interface StartSagaInput<Tx> {
  readonly saga: SagaInfo;
  readonly cause: EventCause;
  /** The payload of what starts it. */
  readonly payload: unknown;
  readonly parentSpanId: string | null;
  /**
   * Inside a consumer's transaction: the start is appended there, so it commits with the
   * processed-message record. Without one, the start is written with the saga's first write.
   */
  readonly tx?: Tx;
}

/** The id of a saga stream's event at `version`: one per version, so the next write names its direct cause. */
export function sagaEventId(runId: string, streamId: string, version: number): string {
  return stableUuid(runId, "saga", streamId, version);
}

/**
 * Starts a saga for a correlation, under a `handle` span. In a transaction the start is appended
 * at once (`exists` when that saga already started for the correlation: nothing is written);
 * otherwise it is returned as pending for the driver's first write (which finds out then).
 */
export async function startSaga<Tx>(ctx: RunContext<Tx>, input: StartSagaInput<Tx>): Promise<{ streamId: string; status: "started" | "exists"; start: SagaStart | null }> {
  const streamId = sagaStreamId(input.saga.name, input.cause.correlationId);
  const span = ctx.tracer.start("handle", `Start ${input.saga.name}`, { traceId: input.cause.correlationId, parentSpanId: input.parentSpanId }, {
    correlationId: input.cause.correlationId,
    causationId: input.cause.causationId,
    sagaId: streamId,
    saga: input.saga.name,
    nodeId: input.saga.nodeIds[0] ?? null,
  });
  const started: SagaStarted = {
    saga: input.saga.name,
    correlationId: input.cause.correlationId,
    causationId: input.cause.causationId,
    subjectId: input.cause.subjectId,
    instance: input.cause.instance,
    startSpanId: span.spanId,
    cause: input.payload,
    startedAt: ctx.clock.now(),
  };
  const event = { eventId: sagaEventId(ctx.runId, streamId, 1), type: SAGA_EVENT.started, data: started, metadata: { ...input.cause, spanId: span.spanId, internal: true } };
  if (input.tx === undefined) {
    span.end("ok");
    return { streamId, status: "started", start: { started, event } };
  }
  try {
    await ctx.store.events.appendToStream(streamId, [event], { expectedVersion: "no_stream", streamType: SAGA_STREAM_TYPE, runId: ctx.runId }, input.tx);
  } catch (err) {
    if (!isConcurrencyConflict(err)) {
      span.end("error", { error: errorText(err) });
      throw err;
    }
    span.end("ok", { exists: true });
    return { streamId, status: "exists", start: null };
  }
  span.end("ok");
  return { streamId, status: "started", start: null };
}

/** Drives the sagas of one run in this process: at most one driver per saga stream. */
export function createSagaDriver(getContext: () => RunContext): SagaDriver {
  const driving = new Map<string, Promise<void>>();
  return {
    drive(saga, streamId, options = {}) {
      const running = driving.get(streamId);
      if (running) return running;
      const ctx = getContext();
      const promise = ctx.activity
        .track(() => runSaga(ctx, saga, streamId, options))
        .catch((err) => {
          if (!(err instanceof RunAbandoned)) ctx.fail(err);
        })
        .finally(() => driving.delete(streamId));
      driving.set(streamId, promise);
      return promise;
    },
  };
}

interface Pending {
  readonly eventId: string;
  readonly type: string;
  readonly data: unknown;
}

async function runSaga(ctx: RunContext, saga: SagaInfo, streamId: string, options: { state?: SagaState; start?: SagaStart }): Promise<void> {
  /** What is stored; `state` adds the pending events to it. */
  let stored: SagaState;
  let pending: Pending[] = [];
  if (options.start) {
    stored = EMPTY_SAGA;
    pending = [{ eventId: options.start.event.eventId, type: SAGA_EVENT.started, data: options.start.started }];
  } else {
    stored = options.state ?? foldSaga(await ctx.store.events.readStream(streamId));
  }
  let state = pending.reduce(evolveSaga, stored);
  const reload = async () => {
    stored = foldSaga(await ctx.store.events.readStream(streamId));
    pending = [];
    state = stored;
  };
  const nodeId = saga.nodeIds[0] ?? null;

  /** Appends the pending state events (and, at the end, the board's end events). False when another writer got there first. */
  const write = async (end?: "completed" | "compensated"): Promise<boolean> => {
    if (pending.length === 0 && !end) return true;
    const started = state.started!;
    const failed = state.failed;
    const ends = end ? (end === "completed" ? saga.successEvents : saga.failureEvents).map((name) => eventNamed(ctx.topology, name)) : [];
    const endEvent = end ? [{ eventId: sagaEventId(ctx.runId, streamId, state.version + 1), type: SAGA_EVENT.ended, data: { outcome: end } }] : [];
    const internal = [...pending, ...endEvent];
    try {
      await appendEvents(ctx, {
        streamId,
        streamType: SAGA_STREAM_TYPE,
        internal,
        events: ends,
        cause: started.cause,
        reason: failed ? `step ${failed.stepIndex + 1} (${saga.steps[failed.stepIndex]?.service}: ${saga.steps[failed.stepIndex]?.action}) failed: ${failed.error}` : undefined,
        meta: {
          correlationId: started.correlationId,
          // What the saga writes is caused by its latest event.
          causationId: internal.at(-1)!.eventId,
          subjectId: started.subjectId,
          instance: started.instance,
          causeKey: `${started.instance}|saga:${saga.name}`,
          producer: `saga:${saga.name}`,
        },
        expectedVersion: stored.version === 0 ? "no_stream" : stored.version,
        owners: ctx.subjectOwners,
        span: { name: end ? `${saga.name} ${end}` : `${saga.name} state`, parentSpanId: started.startSpanId, nodeId },
      });
    } catch (err) {
      if (!isConcurrencyConflict(err)) throw err;
      // Another driver moved the saga on (or it had started before a restart): read where it is.
      ctx.counters.concurrencyConflicts++;
      await reload();
      return false;
    }
    for (const event of endEvent) state = evolveSaga(state, event);
    stored = state;
    pending = [];
    return true;
  };

  for (;;) {
    ctx.check();
    const started = state.started;
    if (!started) throw new Error(`saga stream ${streamId} has no start`);
    const action = nextSagaAction(state, saga);
    if (action.kind === "done") return;
    if (action.kind === "end") {
      if (!(await write(action.outcome))) continue;
      if (action.outcome === "completed") ctx.counters.sagas.completed++;
      else ctx.counters.sagas.compensated++;
      return;
    }
    const step = saga.steps[action.stepIndex]!;
    const forward = action.kind === "step";
    const trace = { traceId: started.correlationId, parentSpanId: started.startSpanId };
    const attributes = {
      correlationId: started.correlationId,
      sagaId: streamId,
      saga: saga.name,
      service: step.service,
      stepIndex: action.stepIndex,
      action: forward ? step.action : (step.compensation ?? ""),
      nodeId,
    };
    let lostRace = false;
    const outcome = await attemptAction(ctx, {
      kind: "sagaStep",
      name: step.service,
      key: `${started.instance}|${saga.name}|${forward ? "step" : "compensation"} ${action.stepIndex}`,
      failures: forward,
      trace,
      attributes,
      span: (attempt) => ctx.tracer.start(forward ? "saga-step" : "compensation", `${step.service}: ${attributes.action}`, trace, { ...attributes, attempt }),
      beforeWait: async () => {
        if (!(await write())) {
          lostRace = true;
          ctx.check();
        }
      },
    });
    if (lostRace) continue;
    const type = !forward ? SAGA_EVENT.stepCompensated : outcome.ok ? SAGA_EVENT.stepCompleted : SAGA_EVENT.stepFailed;
    const event: Pending = {
      eventId: sagaEventId(ctx.runId, streamId, state.version + 1),
      type,
      data: { stepIndex: action.stepIndex, service: step.service, attempts: outcome.attempts, ...(outcome.ok ? {} : { error: outcome.error }) },
    };
    pending.push(event);
    state = evolveSaga(state, event);
  }
}
