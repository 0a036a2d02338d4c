import { appendEvents } from "./append";
import type { ConsumerHandler, Delivery, DeliveryResult } from "./broker";
import { applyCommand, decideAggregates, type AggregateDecision, type AppliedCommand, type CommandDelivery } from "./commands";
import type { RunContext } from "./context";
import { errorText } from "./errors";
import { stableUuid } from "./hash";
import type { Message } from "./ports/records";
import { projectionFields, versionOf } from "./projection";
import { startSaga } from "./sagaRunner";
import { streamIdOf, type ConsumerAction, type ConsumerGroup } from "./topology";

/*
 * The consumer groups of a board and what each does with a message. Every handler is idempotent:
 * it writes a processed-message record for (group, message id) in the same transaction as its
 * effect, and a message whose record already exists changes nothing (`duplicate`).
 */

/** What a message is within its run, independent of the run id (`3|OrderPlaced|1`): seeds fault draws. */
export function messageKey(message: Message): string {
  return message.headers.logicalKey;
}

/** Subscribes every consumer group of the board to the broker. */
export function subscribeConsumers(ctx: RunContext): void {
  for (const group of ctx.topology.groups) {
    ctx.broker.subscribe(group.group, group.actions.keys(), handlerFor(ctx, group), (type) => group.actions.get(type)?.nodeId ?? null);
  }
}

function handlerFor(ctx: RunContext, group: ConsumerGroup): ConsumerHandler {
  return async (message, delivery) => {
    ctx.check();
    const action = group.actions.get(message.eventType);
    if (!action) return "processed";
    switch (group.kind) {
      case "service":
        return handleService(ctx, group, action, message, delivery);
      case "readModel":
        return handleReadModel(ctx, group, message, delivery);
      case "policy":
        return handlePolicy(ctx, group, action, message, delivery);
      case "saga":
        return handleSagaStart(ctx, group, message, delivery);
    }
  };
}

function handleSpan(ctx: RunContext, group: ConsumerGroup, name: string, message: Message, delivery: Delivery, nodeId: string, kind: "handle" | "projection" = "handle") {
  return ctx.tracer.start(kind, name, { traceId: message.headers.correlationId, parentSpanId: delivery.span.spanId }, {
    correlationId: message.headers.correlationId,
    causationId: message.messageId,
    messageId: message.messageId,
    eventType: message.eventType,
    consumer: group.group,
    attempt: delivery.attempt,
    nodeId,
  });
}

/** Runs `work` and ends `span` with its outcome. */
async function within<T extends DeliveryResult>(span: ReturnType<typeof handleSpan>, work: () => Promise<T>): Promise<T> {
  try {
    const result = await work();
    span.end("ok", { duplicate: result === "duplicate" });
    return result;
  } catch (err) {
    span.end("error", { error: errorText(err) });
    throw err;
  }
}

/** A service performs its action (latency and faults as the scenario says), then emits its events. */
async function handleService(ctx: RunContext, group: ConsumerGroup, action: ConsumerAction, message: Message, delivery: Delivery): Promise<DeliveryResult> {
  const span = handleSpan(ctx, group, `${group.name}: ${action.action}`, message, delivery, action.nodeId);
  return within(span, async () => {
    const fault = ctx.faults.attempt("service", group.name, messageKey(message), delivery.attempt);
    if (fault.latencyMs > 0) await ctx.scheduler.sleep(fault.latencyMs);
    ctx.check();
    if (fault.failure) throw new Error(fault.failure);
    const record = { consumerGroup: group.group, messageId: message.messageId, runId: ctx.runId };
    if (action.emits.length === 0) return (await ctx.store.markProcessed(record)) ? "processed" : "duplicate";
    const appended = await ctx.store.transaction(async (tx) => {
      if (!(await ctx.store.markProcessed(record, tx))) return null;
      const result = await appendEvents(ctx, {
        streamId: streamIdOf(group.name, message.headers.subjectId),
        streamType: group.name,
        events: action.emits,
        cause: message.payload,
        meta: causeOf(message, `service:${group.name}`, group.group),
        expectedVersion: "any",
        owners: ctx.subjectOwners,
        span: { name: `${group.name}: ${action.emits.map((e) => e.name).join(", ")}`, parentSpanId: span.spanId, nodeId: action.nodeId },
        tx,
      });
      return result.appended;
    });
    if (appended === null) return "duplicate";
    afterCommit(ctx, appended);
    return "processed";
  });
}

/** A read model upserts the subject's row from the event, with its processed record, in one statement. */
async function handleReadModel(ctx: RunContext, group: ConsumerGroup, message: Message, delivery: Delivery): Promise<DeliveryResult> {
  const readModel = ctx.topology.readModels.get(ctx.topology.key(group.name));
  const event = ctx.topology.eventsByType.get(message.eventType);
  const nodeId = group.actions.get(message.eventType)?.nodeId ?? readModel?.nodeIds[0] ?? "";
  const span = handleSpan(ctx, group, `${group.name} ← ${message.eventName}`, message, delivery, nodeId, "projection");
  span.set({ readModel: group.name, rowId: message.headers.subjectId });
  return within(span, async () => {
    if (!readModel || !event) return "processed";
    const fields = projectionFields(readModel, event, message.payload, message.headers.subjectId, message.headers.createdAt);
    const result = await ctx.store.project({
      runId: ctx.runId,
      consumerGroup: group.group,
      messageId: message.messageId,
      readModel: readModel.name,
      rowId: message.headers.subjectId,
      fields,
      version: versionOf(message.headers.checkpoint),
    });
    return result === "applied" ? "processed" : "duplicate";
  });
}

/** A policy issues its commands; their effects (appends, saga starts) commit with its processed record. */
async function handlePolicy(ctx: RunContext, group: ConsumerGroup, action: ConsumerAction, message: Message, delivery: Delivery): Promise<DeliveryResult> {
  const span = handleSpan(ctx, group, `${group.name}: ${action.action}`, message, delivery, action.nodeId);
  return within(span, async () => {
    const deliveries: CommandDelivery[] = action.issues.map((command) => ({
      command,
      commandId: stableUuid(ctx.runId, "command", message.messageId, group.group, command.name),
      correlationId: message.headers.correlationId,
      subjectId: message.headers.subjectId,
      instance: message.headers.instance,
      payload: message.payload,
      parentSpanId: span.spanId,
      consumer: group.group,
      key: `${messageKey(message)}|${group.name}|${command.name}`,
    }));
    const decisions: Map<string, AggregateDecision>[] = [];
    for (const command of deliveries) decisions.push(await decideAggregates(ctx, command));
    const record = { consumerGroup: group.group, messageId: message.messageId, runId: ctx.runId };
    const applied = await ctx.store.transaction(async (tx) => {
      if (!(await ctx.store.markProcessed(record, tx))) return null;
      const results: AppliedCommand[] = [];
      for (const [i, command] of deliveries.entries()) results.push(await applyCommand(ctx, command, decisions[i]!, tx));
      return results;
    });
    if (applied === null) return "duplicate";
    for (const result of applied) {
      if (result.rejected) ctx.counters.commands.rejected++;
      else ctx.counters.commands.handled++;
      ctx.counters.sagas.started += result.sagas.filter((s) => s.started).length;
      for (const saga of result.sagas) void ctx.sagas.drive(saga.saga, saga.streamId);
    }
    afterCommit(ctx, applied.reduce((sum, r) => sum + r.appended, 0));
    return "processed";
  });
}

/** An event starts a saga: the start commits with the processed record, then the saga runs on its own. */
async function handleSagaStart(ctx: RunContext, group: ConsumerGroup, message: Message, delivery: Delivery): Promise<DeliveryResult> {
  const saga = ctx.topology.sagas.get(ctx.topology.key(group.name));
  const span = handleSpan(ctx, group, `Start ${group.name}`, message, delivery, saga?.nodeIds[0] ?? "");
  return within(span, async () => {
    if (!saga) return "processed";
    const record = { consumerGroup: group.group, messageId: message.messageId, runId: ctx.runId };
    const started = await ctx.store.transaction(async (tx) => {
      if (!(await ctx.store.markProcessed(record, tx))) return null;
      return startSaga(ctx, { saga, cause: causeOf(message, `saga:${saga.name}`, group.group), payload: message.payload, parentSpanId: span.spanId, tx });
    });
    if (started === null) return "duplicate";
    if (started.status === "started") ctx.counters.sagas.started++;
    void ctx.sagas.drive(saga, started.streamId);
    return "processed";
  });
}

function causeOf(message: Message, producer: string, consumer: string) {
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

function afterCommit(ctx: RunContext, appended: number): void {
  if (appended === 0) return;
  ctx.counters.events.appended += appended;
  ctx.relay.nudge();
}

