import { afterCommit, appendEvents, type EventCause } from "../commands/append";
import type { ConsumerHandler, Delivery, DeliveryResult } from "./runBroker";
import { applyCommand, decideAggregates, type AggregateDecision, type AppliedCommand, type CommandDelivery } from "../commands/commands";
import type { RunContext } from "../context";
import { errorText } from "../errors";
import { consumerKey } from "../scenario/faults";
import { stableUuid } from "../hash";
import { handleStepCommand, noticeDeadLetter } from "../saga/participants";
import type { DeadLetter, Message } from "../ports/records";
import { projectionFields, versionOf } from "../projection/projection";
import { handleSagaReply, startSaga } from "../saga/sagaOrchestrator";
import { streamIdOf, type RunGroup } from "../topology";
import type { OpenSpan } from "../trace/tracer";

/*
 * The consumer groups of a board and what each does with a message: an event consumer (a
 * service, policy, read model, or a saga it starts) with an event, a saga participant with a
 * step command, a saga with a reply. Every handler is idempotent: it writes a processed-message
 * record for (group, message id) in the same transaction as its effect, and a message whose
 * record already exists changes nothing (`duplicate`).
 */

/** What a message is within its run, independent of the run id (`3|OrderPlaced|1`): seeds fault draws. */
export function messageKey(message: Message): string {
  return message.headers.logicalKey;
}

/** Subscribes every consumer group of the board to the broker, with the routes the topology gives it. */
export function subscribeConsumers(ctx: RunContext): void {
  for (const group of ctx.topology.groups) {
    ctx.broker.subscribe(
      {
        name: group.name,
        policy: group.policy,
        handler: handlerFor(ctx, group),
        deadLetter: (message, attempts, lastError) => storeDeadLetter(ctx, group, message, attempts, lastError),
      },
      group.routes,
    );
  }
}

function handlerFor(ctx: RunContext, group: RunGroup): ConsumerHandler {
  return async (message, delivery) => {
    ctx.check();
    const span = handleSpan(ctx, group, message, delivery);
    try {
      const result = await dispatch(ctx, group, message, delivery, span);
      span.end("ok", { duplicate: result === "duplicate" });
      return result;
    } catch (err) {
      span.end("error", { error: errorText(err) });
      throw err;
    }
  };
}

function dispatch(ctx: RunContext, group: RunGroup, message: Message, delivery: Delivery, span: OpenSpan): Promise<DeliveryResult> {
  switch (message.headers.kind) {
    case "command":
      return handleStepCommand(ctx, group, message, delivery, span);
    case "reply":
    case "fault":
      return handleSagaReply(ctx, group, message, delivery, span);
    case "event":
      switch (group.kind) {
        case "service":
          return handleService(ctx, group, message, delivery, span);
        case "readModel":
          return handleReadModel(ctx, group, message, delivery, span);
        case "policy":
          return handlePolicy(ctx, group, message, delivery, span);
        case "saga":
          return handleSagaStart(ctx, group, message, span);
        default:
          return Promise.resolve("processed");
      }
  }
}

/** The handler's span, under the delivery's: named for what the group does with the message. */
function handleSpan(ctx: RunContext, group: RunGroup, message: Message, delivery: Delivery): OpenSpan {
  const action = group.actions.get(message.eventType)?.action;
  const name =
    message.headers.kind === "event"
      ? group.kind === "readModel"
        ? `${group.consumer} ← ${message.eventName}`
        : group.kind === "saga"
          ? `Start ${group.consumer}`
          : `${group.consumer}: ${action ?? message.eventName}`
      : `${group.consumer} ← ${message.eventName}`;
  return ctx.tracer.start(group.kind === "readModel" ? "projection" : "handle", name, { traceId: message.headers.correlationId, parentSpanId: delivery.span.spanId }, {
    correlationId: message.headers.correlationId,
    causationId: message.messageId,
    messageId: message.messageId,
    eventType: message.eventType,
    consumer: group.name,
    group: group.name,
    attempt: delivery.attempt,
    nodeId: delivery.route.nodeId,
  });
}

/** A service performs its action (latency and faults as the scenario says), then emits its events. */
async function handleService(ctx: RunContext, group: RunGroup, message: Message, delivery: Delivery, span: OpenSpan): Promise<DeliveryResult> {
  const action = group.actions.get(message.eventType);
  const fault = ctx.faults.attempt([consumerKey(group.key)], messageKey(message), delivery.attempt);
  if (fault.latencyMs > 0) {
    delivery.design.elapsedMs += fault.latencyMs;
    span.set({ latencyMs: fault.latencyMs });
    await ctx.wait(fault.latencyMs);
  }
  ctx.check();
  if (fault.failure) throw new Error(fault.failure);
  const record = { consumerGroup: group.name, messageId: message.messageId, runId: ctx.runId };
  if (!action || action.emits.length === 0) return (await ctx.store.markProcessed(record)) ? "processed" : "duplicate";
  const appended = await appendEvents(ctx, {
    streamId: streamIdOf(group.consumer, message.headers.subjectId),
    streamType: group.consumer,
    events: action.emits,
    cause: message.payload,
    meta: causeOf(message, `service:${group.consumer}`, group.name),
    expectedVersion: "any",
    owners: ctx.subjectOwners,
    span: { name: `${group.consumer}: ${action.emits.map((e) => e.name).join(", ")}`, parentSpanId: span.spanId, nodeId: delivery.route.nodeId },
    processed: record,
  });
  return appended.duplicate ? "duplicate" : "processed";
}

/** A read model upserts the subject's row from the event, with its processed record, in one statement. */
async function handleReadModel(ctx: RunContext, group: RunGroup, message: Message, delivery: Delivery, span: OpenSpan): Promise<DeliveryResult> {
  const readModel = ctx.topology.readModels.get(ctx.topology.key(group.consumer));
  const event = ctx.topology.eventsByType.get(message.eventType);
  span.set({ readModel: group.consumer, rowId: message.headers.subjectId });
  if (!readModel || !event) return "processed";
  const fault = ctx.faults.attempt([consumerKey(group.key)], messageKey(message), delivery.attempt);
  if (fault.latencyMs > 0) {
    delivery.design.elapsedMs += fault.latencyMs;
    await ctx.wait(fault.latencyMs);
  }
  if (fault.failure) throw new Error(fault.failure);
  const fields = projectionFields(readModel, event, message.payload, message.headers.subjectId, message.headers.createdAt);
  const result = await ctx.store.project({
    runId: ctx.runId,
    consumerGroup: group.name,
    messageId: message.messageId,
    readModel: readModel.name,
    rowId: message.headers.subjectId,
    fields,
    version: versionOf(message.headers.checkpoint),
  });
  return result === "applied" ? "processed" : "duplicate";
}

/** A policy issues its commands; their effects (appends, saga starts) commit with its processed record. */
async function handlePolicy(ctx: RunContext, group: RunGroup, message: Message, delivery: Delivery, span: OpenSpan): Promise<DeliveryResult> {
  const action = group.actions.get(message.eventType);
  if (!action) return "processed";
  const fault = ctx.faults.attempt([consumerKey(group.key)], messageKey(message), delivery.attempt);
  if (fault.latencyMs > 0) {
    delivery.design.elapsedMs += fault.latencyMs;
    await ctx.wait(fault.latencyMs);
  }
  if (fault.failure) throw new Error(fault.failure);
  const deliveries: CommandDelivery[] = action.issues.map((command) => {
    const commandId = stableUuid(ctx.runId, "command", message.messageId, group.name, command.name);
    // The command, drawn where the policy issues it: the live view counts it on that sticky and edge.
    const drawn = command.nodeIds.find((id) => ctx.topology.edges.between([action.nodeId], id)) ?? command.nodeIds[0] ?? null;
    const commandSpan = ctx.tracer.start("command", command.name, { traceId: message.headers.correlationId, parentSpanId: span.spanId }, {
      correlationId: message.headers.correlationId,
      causationId: message.messageId,
      commandId,
      messageId: commandId,
      nodeId: drawn,
      edgeId: drawn ? ctx.topology.edges.between([action.nodeId], drawn) : null,
    });
    commandSpan.end("ok");
    return {
      command,
      commandId,
      correlationId: message.headers.correlationId,
      subjectId: message.headers.subjectId,
      instance: message.headers.instance,
      payload: message.payload,
      parentSpanId: commandSpan.spanId,
      consumer: group.name,
      key: `${messageKey(message)}|${group.consumer}|${command.name}`,
    };
  });
  const decisions: Map<string, AggregateDecision>[] = [];
  for (const command of deliveries) decisions.push(await decideAggregates(ctx, command));
  const record = { consumerGroup: group.name, messageId: message.messageId, runId: ctx.runId };
  const applied = await ctx.store.transaction(async (tx) => {
    if (!(await ctx.store.markProcessed(record, tx))) return null;
    const results: AppliedCommand[] = [];
    for (const [i, command] of deliveries.entries()) results.push(await applyCommand(ctx, command, decisions[i]!, tx));
    return results;
  });
  if (applied === null) return "duplicate";
  // `commands` in the summary counts entry commands (one per instance); what a policy issues is
  // counted on its command sticky in the run's graph.
  for (const result of applied) {
    for (const committed of result.committed) committed();
    afterCommit(ctx, message.headers.correlationId, result);
  }
  return "processed";
}

/** An event starts a saga: its start and first command commit with the processed record. */
async function handleSagaStart(ctx: RunContext, group: RunGroup, message: Message, span: OpenSpan): Promise<DeliveryResult> {
  const saga = ctx.topology.sagas.get(ctx.topology.key(group.consumer));
  if (!saga) return "processed";
  const record = { consumerGroup: group.name, messageId: message.messageId, runId: ctx.runId };
  span.set({ saga: saga.name });
  const started = await startSaga(ctx, { saga, cause: causeOf(message, `saga:${saga.name}`, group.name), payload: message.payload, parentSpanId: span.spanId, processed: record });
  if (started.status === "duplicate") return "duplicate";
  span.set({ sagaId: started.streamId, exists: started.status === "exists" });
  // The saga had started for this correlation already (another of its events): the message is handled all the same.
  if (started.status === "exists") return (await ctx.store.markProcessed(record)) ? "processed" : "duplicate";
  return "processed";
}

/** Stores a dead letter; a participant's step command also tells its saga, in the same transaction. */
async function storeDeadLetter(ctx: RunContext, group: RunGroup, message: Message, attempts: number, lastError: string): Promise<void> {
  const letter: DeadLetter = {
    runId: ctx.runId,
    consumerGroup: group.name,
    messageId: message.messageId,
    message,
    attempts,
    lastError,
    deadLetteredAt: new Date(ctx.clock.now()).toISOString(),
    replayedAt: null,
    replayStatus: null,
  };
  // A replay that failed again: the saga was told the first time.
  const told = message.headers.kind === "command" && (await ctx.store.listDeadLetters(ctx.runId, message.messageId)).some((d) => d.consumerGroup === group.name);
  if (message.headers.kind !== "command" || told) return ctx.store.putDeadLetter(letter);
  const rows = await ctx.store.transaction(async (tx) => {
    await ctx.store.putDeadLetter(letter, tx);
    return noticeDeadLetter(ctx, group, message, lastError, tx);
  });
  afterCommit(ctx, message.headers.correlationId, { appended: 0, outboxRows: rows });
}

function causeOf(message: Message, producer: string, consumer: string): EventCause {
  return {
    correlationId: message.headers.correlationId,
    causationId: message.messageId,
    subjectId: message.headers.subjectId,
    instance: message.headers.instance,
    causeKey: message.headers.logicalKey,
    producer,
    consumer,
  };
}
