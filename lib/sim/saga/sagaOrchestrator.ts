import type { SagaInfo, SagaStepInfo } from "../../model";
import { appendEvents, type AppendOutcome, type EventCause, type OutgoingMessage } from "../commands/append";
import type { Delivery, DeliveryResult } from "../broker/runBroker";
import type { RunContext } from "../context";
import { errorText, isConcurrencyConflict } from "../errors";
import { stableUuid } from "../hash";
import { eventPayload } from "../payload";
import type { Message, SagaHeaders } from "../ports/records";
import type { ProcessedRecord } from "../ports/runtimeStore";
import { retryDelay } from "../broker/retry";
import {
  EMPTY_SAGA,
  SAGA_EVENT,
  SAGA_STREAM_TYPE,
  evolveSaga,
  foldSaga,
  nextSagaAction,
  onReply,
  type ReplyEffect,
  type SagaAction,
  type SagaStarted,
  type SagaState,
} from "./sagaState";
import { eventNamed, idFieldOf, sagaStreamId, type RunGroup } from "../topology";
import type { OpenSpan } from "../trace/tracer";

/*
 * Sagas, orchestrated over the broker. A saga starts with its first step's command in the same
 * append (the command is a message of the saga's stream, with an outbox row to the participant's
 * command channel). Each reply on the saga's reply channel is one transaction: its processed
 * record, what it does to the saga's state, and the next command (or the end, with the board's
 * end events). Nothing waits in memory: a restart finds commands out and replies redelivered.
 */

const MAX_CONFLICTS = 20;

/** The id of a saga stream's record at `version`: one per version, so the next write names its direct cause. */
export function sagaEventId(runId: string, streamId: string, version: number): string {
  return stableUuid(runId, "saga", streamId, version);
}

export interface StartSagaInput<Tx> {
  readonly saga: SagaInfo;
  readonly cause: EventCause;
  /** The payload of what starts it. */
  readonly payload: unknown;
  /** The span that started it: the parent of its step spans. */
  readonly parentSpanId: string;
  /** Inside a transaction (a policy's): the start commits with it; the caller calls `committed` after. */
  readonly tx?: Tx;
  /** Outside one: the consumer's processed-message record, written with the start or not at all. */
  readonly processed?: ProcessedRecord;
}

/**
 * Starts a saga for a correlation: its start and its first command in one append (`exists` when
 * that saga already started for the correlation: nothing is written). Outside a transaction it
 * counts what it wrote; inside one the caller does, after the commit.
 */
export async function startSaga<Tx>(
  ctx: RunContext<Tx>,
  input: StartSagaInput<Tx>,
): Promise<{ streamId: string; status: "started" | "exists" | "duplicate"; outcome: AppendOutcome | null; committed: () => void }> {
  const streamId = sagaStreamId(input.saga.name, input.cause.correlationId);
  const started: SagaStarted = {
    saga: input.saga.name,
    correlationId: input.cause.correlationId,
    causationId: input.cause.causationId,
    subjectId: input.cause.subjectId,
    instance: input.cause.instance,
    startSpanId: input.parentSpanId,
    cause: input.payload,
    startedAt: ctx.clock.now(),
  };
  try {
    const result = await commitTransition(ctx, input.saga, streamId, EMPTY_SAGA, [{ type: SAGA_EVENT.started, data: started as unknown as Record<string, unknown> }], { tx: input.tx, processed: input.processed });
    if (result === "duplicate") return { streamId, status: "duplicate", outcome: null, committed: () => undefined };
    const committed = () => transitionCommitted(ctx, streamId, EMPTY_SAGA, result);
    if (input.tx === undefined) committed();
    return { streamId, status: "started", outcome: result.outcome, committed };
  } catch (err) {
    if (!isConcurrencyConflict(err)) throw err;
    return { streamId, status: "exists", outcome: null, committed: () => undefined };
  }
}

/**
 * A step that failed (refused, timed out, dead-lettered) or a compensation that did, as an error
 * span under the reply that decided it: the reply itself was handled fine, but the timeline's
 * errors and the saga sticky's tooltip should show that the step did not go through, and why.
 */
function stepFailureSpan(ctx: RunContext, saga: SagaInfo, streamId: string, effect: ReplyEffect, message: Message, delivery: Delivery, parent: OpenSpan): void {
  const index = effect.stepIndex ?? 0;
  const what = effect.stepOutcome === "compensation-failed" ? "compensation failed" : "failed";
  const error = String(effect.records[0]?.data.error ?? what);
  ctx.tracer
    .start("saga-step", `${saga.name} step ${index + 1} ${what}`, { traceId: message.headers.correlationId, parentSpanId: parent.spanId }, {
      correlationId: message.headers.correlationId,
      sagaId: streamId,
      saga: saga.name,
      service: saga.steps[index]?.participant?.name ?? "",
      stepIndex: index,
      stepOutcome: effect.stepOutcome,
      reason: typeof effect.records[0]?.data.reason === "string" ? effect.records[0].data.reason : null,
      nodeId: delivery.route.nodeId,
    })
    .end("error", { error });
}

/**
 * A reply (or a dead-letter notice) for a saga: decides what it does to the saga's state (see
 * `onReply`), waits the saga group's backoff before a retriable step is sent again, then commits
 * the processed record, the state records and the next command or the end in one transaction.
 */
export async function handleSagaReply(ctx: RunContext, group: RunGroup, message: Message, delivery: Delivery, span: OpenSpan): Promise<DeliveryResult> {
  const headers = message.headers.saga;
  const saga = ctx.topology.sagas.get(ctx.topology.key(group.consumer));
  const record = { consumerGroup: group.name, messageId: message.messageId, runId: ctx.runId };
  if (!headers || !saga) return (await ctx.store.markProcessed(record)) ? "processed" : "duplicate";
  const streamId = headers.sagaId;
  const reply = {
    commandId: message.headers.causationId,
    outcome: headers.outcome ?? "success",
    designMs: headers.designMs ?? 0,
    ...(headers.error ? { error: headers.error } : {}),
  } as const;
  span.set({ sagaId: streamId, saga: saga.name, stepIndex: headers.stepIndex, role: headers.role });

  for (let conflicts = 0; ; conflicts++) {
    ctx.check();
    const cached = ctx.sagaStates.get(streamId);
    const state = cached ?? foldSaga(await ctx.store.events.readStream(streamId));
    const effect = onReply(state, saga, reply, group.policy.maxAttempts);
    if (effect.stale && cached) {
      // Stale to what this process last saw: another process (a run's other worker) may have moved
      // the saga on to the very step this reply answers. Judged again on the stream as stored.
      ctx.sagaStates.delete(streamId);
      continue;
    }
    span.set({ stepOutcome: effect.stepOutcome, stale: effect.stale });
    if (effect.stale) return (await ctx.store.markProcessed(record)) ? "processed" : "duplicate";
    if (effect.retry && effect.stepIndex !== null) {
      const attempt = state.awaiting?.attempt ?? 1;
      const delayMs = retryDelay(group.policy, attempt, ctx.scenario.seed, group.name, `${state.started?.instance ?? 0}|${saga.name}#${effect.stepIndex}`);
      ctx.counters.events.retried++;
      const wait = ctx.tracer.start("retry", `retry ${saga.name} step ${effect.stepIndex + 1}`, { traceId: message.headers.correlationId, parentSpanId: span.spanId }, {
        correlationId: message.headers.correlationId,
        sagaId: streamId,
        stepIndex: effect.stepIndex,
        attempt: attempt + 1,
        delayMs,
        group: group.name,
        consumer: group.name,
        nodeId: delivery.route.nodeId,
        messageId: message.messageId,
        error: headers.error ?? (headers.outcome === "failure" ? `${message.eventName}` : "timed out"),
      });
      await ctx.wait(delayMs);
      wait.end("ok");
    }
    try {
      const result = await commitTransition(ctx, saga, streamId, state, effect.records, { processed: record }, span.spanId);
      if (result === "duplicate") return "duplicate";
      transitionCommitted(ctx, streamId, state, result);
      if (effect.stepOutcome === "failed" || effect.stepOutcome === "compensation-failed") stepFailureSpan(ctx, saga, streamId, effect, message, delivery, span);
      return "processed";
    } catch (err) {
      // What is cached may be what did not commit: read the stream next time.
      ctx.sagaStates.delete(streamId);
      if (!isConcurrencyConflict(err) || conflicts >= MAX_CONFLICTS) throw err;
      // Another driver moved the saga on (a second process after a restart): read where it is.
      ctx.counters.concurrencyConflicts++;
    }
  }
}

interface Transition {
  readonly state: SagaState;
  readonly action: SagaAction;
  readonly outcome: AppendOutcome | null;
}

/** Once a transition committed: cache the saga's new state (or forget an ended saga) and move the counters. */
function transitionCommitted(ctx: Pick<RunContext, "sagaStates" | "counters">, streamId: string, base: SagaState, transition: Transition): void {
  if (transition.action.kind === "end") {
    ctx.sagaStates.delete(streamId);
    ctx.counters.sagas[transition.action.outcome]++;
    // A saga reopened by a replay ends again: it no longer counts as it had ended.
    const before = transition.state.reopened;
    // (Not clamped at 0: a worker counts deltas, which the driver adds to its own counts.)
    if (before !== null) ctx.counters.sagas[before]--;
  } else ctx.sagaStates.set(streamId, transition.state);
  if (base.version === 0) ctx.counters.sagas.started++;
}

/**
 * Appends `records` to a saga's stream with what the saga does next: the next command (a
 * message to the participant's command channel), or the end (with the board's end events).
 * Expects the stream at `base.version`; a conflict throws (the caller re-reads). The caller
 * calls `transitionCommitted` once the append is committed.
 */
async function commitTransition<Tx>(
  ctx: RunContext<Tx>,
  saga: SagaInfo,
  streamId: string,
  base: SagaState,
  records: readonly { readonly type: string; readonly data: Record<string, unknown> }[],
  how: { readonly tx?: Tx; readonly processed?: ProcessedRecord },
  parentSpanId?: string,
): Promise<Transition | "duplicate"> {
  let state = base;
  const internal = records.map((record) => {
    const event = { eventId: sagaEventId(ctx.runId, streamId, state.version + 1), type: record.type, data: record.data };
    state = evolveSaga(state, event);
    return event;
  });
  const started = state.started;
  if (!started) throw new Error(`saga stream ${streamId} has no start`);
  const action = nextSagaAction(state, saga);
  const nodeId = saga.nodeIds[0] ?? null;
  const meta: EventCause = {
    correlationId: started.correlationId,
    causationId: internal.at(-1)?.eventId ?? started.causationId,
    subjectId: started.subjectId,
    instance: started.instance,
    causeKey: `${started.instance}|saga:${saga.name}`,
    producer: `saga:${saga.name}`,
  };
  const messages: OutgoingMessage[] = [];
  let sendSpan: OpenSpan | null = null;
  let ends: ReturnType<typeof eventNamed>[] = [];
  let reason: string | undefined;
  if (action.kind === "send") {
    const step = saga.steps[action.stepIndex]!;
    const command = commandMessage(ctx, saga, step, streamId, started, action);
    messages.push(command);
    state = evolveSaga(state, { type: command.type, data: command.data, eventId: command.eventId, metadata: { messageKind: "command", saga: command.saga } });
    const participant = step.participant?.name ?? "";
    const name = action.role === "action" ? step.action.name : (step.compensation?.name ?? "");
    sendSpan = ctx.tracer.start(action.role === "action" ? "saga-step" : "compensation", `${participant} ← ${name}`, { traceId: started.correlationId, parentSpanId: parentSpanId ?? started.startSpanId }, {
      correlationId: started.correlationId,
      sagaId: streamId,
      saga: saga.name,
      service: participant,
      stepIndex: step.index,
      action: name,
      attempt: action.attempt,
      messageId: command.eventId,
      channel: command.topic,
      group: ctx.topology.participantGroup(step)?.name ?? null,
      nodeId,
    });
  } else if (action.kind === "end") {
    internal.push({ eventId: sagaEventId(ctx.runId, streamId, state.version + 1), type: SAGA_EVENT.ended, data: { outcome: action.outcome } });
    state = evolveSaga(state, internal.at(-1)!);
    // A reopened saga told the board how it ended (its failure events): ending compensated, it says
    // nothing twice; ending completed (a retriable step replayed), the board learns it went through.
    const told = state.reopened !== null && (state.reopened === "completed") === (action.outcome === "completed");
    ends = told ? [] : (action.outcome === "completed" ? saga.successEvents : saga.failureEvents).map((name) => eventNamed(ctx.topology, name));
    const failed = state.failed;
    const failedStep = failed ? saga.steps[failed.stepIndex] : undefined;
    reason = failedStep && failed ? `step ${failed.stepIndex + 1} (${failedStep.participant?.name ?? "no participant"}: ${failedStep.action.name}) failed: ${failed.error}` : undefined;
    if (state.compensationFailed) reason = `${reason ?? "a step failed"}; then compensating step ${state.compensationFailed.stepIndex + 1} failed: ${state.compensationFailed.error}`;
  }
  let outcome: AppendOutcome;
  try {
    outcome = await appendEvents(ctx, {
      streamId,
      streamType: SAGA_STREAM_TYPE,
      internal,
      messages,
      events: ends,
      cause: started.cause,
      reason,
      meta,
      expectedVersion: base.version === 0 ? "no_stream" : base.version,
      owners: ctx.subjectOwners,
      span: {
        name: action.kind === "end" ? `${saga.name} ${action.outcome}` : `${saga.name} state`,
        parentSpanId: parentSpanId ?? started.startSpanId,
        nodeId,
        attributes: { sagaId: streamId, ...(action.kind === "end" ? { sagaOutcome: action.outcome } : {}) },
      },
      ...(how.tx !== undefined ? { tx: how.tx } : how.processed ? { processed: how.processed } : {}),
    });
  } catch (err) {
    sendSpan?.end("error", { error: errorText(err) });
    throw err;
  }
  if (outcome.duplicate) {
    sendSpan?.end("ok", { duplicate: true });
    return "duplicate";
  }
  sendSpan?.end("ok");
  return { state, action, outcome: how.tx === undefined ? null : outcome };
}

/** A step's command (its action, or its compensation) as a message to the participant's command channel. */
function commandMessage(ctx: RunContext, saga: SagaInfo, step: SagaStepInfo, streamId: string, started: SagaStarted, action: Extract<SagaAction, { kind: "send" }>): OutgoingMessage {
  const message = action.role === "action" ? step.action : step.compensation!;
  const info = ctx.topology.analysis.sagaCommands.find((command) => command.key === ctx.topology.key(message.name));
  const headers: SagaHeaders = {
    saga: saga.name,
    sagaId: streamId,
    stepIndex: step.index,
    role: action.role,
    attempt: action.attempt,
    replyTo: ctx.topology.replyChannelOf(saga),
  };
  return {
    eventId: stableUuid(ctx.runId, "saga-command", streamId, step.index, action.role, action.attempt),
    type: info?.type ?? message.name,
    data: eventPayload(info?.payload ?? message.payload, {
      cause: started.cause,
      subjectId: started.subjectId,
      idFields: ctx.subjectOwners.map(idFieldOf),
      seed: ctx.scenario.seed,
      key: `${started.instance}|${saga.name}|${step.index}|${action.role}`,
    }),
    kind: "command",
    topic: ctx.topology.commandChannelOf(step),
    saga: headers,
  };
}
