import { DEAD_LETTER_NOTICE, nameKey, type SagaStepInfo } from "../../model";
import { appendEvents, type OutgoingMessage } from "../commands/append";
import type { Delivery, DeliveryResult } from "../broker/runBroker";
import type { RunContext } from "../context";
import { participantKey, stepKey } from "../scenario/faults";
import { stableUuid } from "../hash";
import { eventPayload } from "../payload";
import type { Message, SagaHeaders } from "../ports/records";
import type { ProcessedRecord } from "../ports/runtimeStore";
import { idFieldOf, streamIdOf, type RunGroup } from "../topology";
import type { OpenSpan } from "../trace/tracer";

/*
 * Saga participants: a service, aggregate or external system handling the step commands sent
 * to its command channel. It does the work (the scenario's latency and faults apply), then
 * replies on the saga's reply channel. A `fail` fault on a step's action is the participant's
 * refusal, answered with the step's failure reply when the step has one; every other injected
 * failure (`transient`, `rate`, and `fail` on a compensation, which cannot be refused, only fail
 * to be carried out) breaks the handling, which the broker retries and finally dead-letters.
 * Attempts count across the saga's sends of a step: a retriable step sent again after a dead
 * letter goes on counting (`transient=7` with 5 attempts a send: the second send succeeds). The reply is an event of the participant's stream, written with its
 * outbox row and the processed record in one transaction, and carries the design time the
 * handling took, which the saga checks against the step's timeout.
 */

export async function handleStepCommand(ctx: RunContext, group: RunGroup, message: Message, delivery: Delivery, span: OpenSpan): Promise<DeliveryResult> {
  const headers = message.headers.saga;
  const saga = headers ? ctx.topology.sagas.get(ctx.topology.key(headers.saga)) : undefined;
  const step = saga && headers ? saga.steps[headers.stepIndex] : undefined;
  const record = { consumerGroup: group.name, messageId: message.messageId, runId: ctx.runId };
  if (!headers || !saga || !step) return (await ctx.store.markProcessed(record)) ? "processed" : "duplicate";
  span.set({ sagaId: headers.sagaId, saga: saga.name, stepIndex: headers.stepIndex, role: headers.role });

  // Keys independent of the run (an instance, not a correlation id): the same seed, the same draws.
  const key = `${message.headers.instance}|${saga.name}#${step.index}/${headers.role}`;
  const attempt = (headers.attempt - 1) * group.policy.maxAttempts + delivery.attempt;
  // Draws count attempts across the saga's sends; the error names them as the DLQ row counts them.
  const shown = headers.attempt > 1 ? `attempt ${delivery.attempt} of send ${headers.attempt}` : undefined;
  const fault = ctx.faults.attempt([stepKey(saga.key, step.index, headers.role), participantKey(group.key)], key, attempt, shown);
  if (fault.latencyMs > 0) {
    delivery.design.elapsedMs += fault.latencyMs;
    span.set({ latencyMs: fault.latencyMs });
    await ctx.wait(fault.latencyMs);
  }
  ctx.check();
  let outcome: "success" | "failure" = "success";
  if (fault.failure !== null) {
    const refusal = fault.mode === "fail" && headers.role === "action" && step.failure !== null;
    if (!refusal) throw new Error(fault.failure);
    outcome = "failure";
  }
  const reply = replyMessage(ctx, step, message, headers, outcome, delivery.design.elapsedMs, fault.failure);
  const result = await appendReply(ctx, group, message, reply, delivery.route.nodeId, span.spanId, { processed: record });
  return result.duplicate ? "duplicate" : "processed";
}

/**
 * A participant gave up on a step command (its last attempt failed): the saga is told on its
 * reply channel, as brokers with sagas do (MassTransit's `Fault<T>`), in the transaction that
 * stores the dead letter. A compensation dead-lettered this way ends the saga `failed`.
 */
export async function noticeDeadLetter<Tx>(ctx: RunContext<Tx>, group: RunGroup, message: Message, error: string, tx: Tx): Promise<number> {
  const headers = message.headers.saga;
  if (message.headers.kind !== "command" || !headers) return 0;
  const notice: OutgoingMessage = {
    eventId: stableUuid(ctx.runId, "dead-letter-notice", group.name, message.messageId),
    type: DEAD_LETTER_NOTICE.type,
    data: { commandId: message.messageId, commandType: message.eventType, group: group.name, dlq: group.dlq, error },
    kind: "fault",
    topic: headers.replyTo,
    saga: { ...headers, outcome: "fault", error: `${message.eventName} was dead-lettered by ${group.name}: ${error}` },
    causationId: message.messageId,
  };
  const result = await appendReply(ctx, group, message, notice, null, message.headers.spanId, { tx });
  return result.outboxRows;
}

function replyMessage(ctx: RunContext, step: SagaStepInfo, command: Message, headers: SagaHeaders, outcome: "success" | "failure", designMs: number, failure: string | null): OutgoingMessage {
  const message = headers.role === "compensation" ? step.compensation!.reply : outcome === "success" ? step.success : step.failure!;
  const info = ctx.topology.analysis.sagaReplies.find((reply) => reply.key === nameKey(message.name));
  const participant = step.participant?.name ?? "";
  return {
    eventId: stableUuid(ctx.runId, "reply", command.messageId, message.name),
    type: info?.type ?? message.name,
    data: eventPayload(info?.payload ?? message.payload, {
      cause: command.payload,
      subjectId: command.headers.subjectId,
      idFields: [...ctx.subjectOwners, participant].map(idFieldOf),
      reason: failure ?? undefined,
      seed: ctx.scenario.seed,
      key: `${command.headers.instance}|${participant}|${message.name}`,
    }),
    kind: "reply",
    topic: headers.replyTo,
    saga: { ...headers, outcome, designMs, ...(failure && outcome === "failure" ? { error: `${participant} refused: ${failure}` } : {}) },
    causationId: command.messageId,
  };
}

/** The reply, appended to the participant's stream: in a transaction, or as a write unit with the processed record. */
async function appendReply<Tx>(ctx: RunContext<Tx>, group: RunGroup, command: Message, reply: OutgoingMessage, nodeId: string | null, parentSpanId: string, how: { tx: Tx } | { processed: ProcessedRecord }) {
  return appendEvents(ctx, {
    streamId: streamIdOf(group.consumer, command.headers.subjectId),
    streamType: group.consumer,
    messages: [reply],
    cause: command.payload,
    meta: {
      correlationId: command.headers.correlationId,
      causationId: command.messageId,
      subjectId: command.headers.subjectId,
      instance: command.headers.instance,
      causeKey: command.headers.logicalKey,
      producer: `${group.kind}:${group.consumer}`,
      consumer: group.name,
    },
    expectedVersion: "any",
    owners: ctx.subjectOwners,
    span: { name: `${group.consumer} → ${reply.type}`, parentSpanId, nodeId },
    ...how,
  });
}
