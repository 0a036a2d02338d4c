import type { CommandHandler, CommandInfo } from "../../model";
import { appendEvents, type EventCause } from "./append";
import { attemptAction } from "../broker/attempts";
import type { RunContext } from "../context";
import { aggregateKey } from "../scenario/faults";
import { startSaga } from "../saga/sagaOrchestrator";
import { eventNamed, streamIdOf } from "../topology";

/*
 * A command delivered to its handlers, directly (not over the broker: an actor or a policy
 * issues it to the sticky that handles it): an aggregate loads its stream and appends its
 * success events with the expected version (retried on a conflict), or its failure events when
 * a fault on it outlasts every attempt (no failure events: the command is rejected); an external
 * system appends the events it emits; a saga starts. Each handler's work is a `handle` span
 * marked `direct`, on the handler's sticky and across the command's edge to it.
 */

/** What an aggregate does with a command, decided before any transaction opens (faults can wait). */
export type AggregateDecision = "success" | "failure" | "rejected";

export interface CommandDelivery {
  readonly command: CommandInfo;
  /** Also the causation id of the events it produces. */
  readonly commandId: string;
  readonly correlationId: string;
  readonly subjectId: string;
  readonly instance: number;
  readonly payload: unknown;
  /** The span the command's work hangs under. */
  readonly parentSpanId: string | null;
  /** The consumer group whose handling issued it (a policy), if any. */
  readonly consumer?: string;
  /** What the command is, independent of the run (`3|PlaceOrder`): seeds the aggregate's fault draws. */
  readonly key: string;
}

/**
 * Runs each aggregate's attempts (latency, failures, retries); one `handle` span per attempt. A
 * command a policy issues is handled within the policy's delivery: its retries follow the
 * policy's group and its policy. An entry command (an actor's) belongs to no group: the board's
 * defaults apply and its spans name no group.
 */
export async function decideAggregates(ctx: RunContext, delivery: CommandDelivery): Promise<Map<string, AggregateDecision>> {
  const decisions = new Map<string, AggregateDecision>();
  for (const handler of delivery.command.handlers) {
    if (handler.kind !== "aggregate") continue;
    const trace = { traceId: delivery.correlationId, parentSpanId: delivery.parentSpanId };
    const attributes = { ...directAttributes(ctx, delivery, handler), aggregate: handler.name };
    const faulted = ctx.faults.targets([aggregateKey(ctx.topology.key(handler.name))]);
    if (!faulted) {
      ctx.tracer.start("handle", `${handler.name}: ${delivery.command.name}`, trace, { ...attributes, attempt: 1 }).end("ok");
      decisions.set(handler.nodeId, "success");
      continue;
    }
    const group = delivery.consumer ? ctx.topology.groupsByName.get(delivery.consumer) : undefined;
    const outcome = await attemptAction(ctx, {
      keys: [aggregateKey(ctx.topology.key(handler.name))],
      name: handler.name,
      key: `${delivery.key}|${handler.name}`,
      policy: group?.policy ?? ctx.topology.delivery.defaults,
      group: group?.name ?? null,
      trace,
      attributes,
      span: (attempt) => ctx.tracer.start("handle", `${handler.name}: ${delivery.command.name}`, trace, { ...attributes, attempt }),
    });
    decisions.set(handler.nodeId, outcome.ok ? "success" : handler.failureEvents.length > 0 ? "failure" : "rejected");
  }
  return decisions;
}

export interface AppliedCommand {
  /** Board events appended (with outbox rows). */
  readonly appended: number;
  /** Outbox rows written (events, and the first commands of sagas it started). */
  readonly outboxRows: number;
  readonly rejected: boolean;
  /** Call once the transaction committed: the sagas it started move on. */
  readonly committed: readonly (() => void)[];
}

/** Applies a command at each of its handlers, inside `tx` when given. */
export async function applyCommand<Tx>(ctx: RunContext<Tx>, delivery: CommandDelivery, decisions: ReadonlyMap<string, AggregateDecision>, tx?: Tx): Promise<AppliedCommand> {
  let appended = 0;
  let outboxRows = 0;
  let rejected = false;
  const committed: (() => void)[] = [];
  const cause = (handler: CommandHandler): EventCause => ({
    correlationId: delivery.correlationId,
    causationId: delivery.commandId,
    subjectId: delivery.subjectId,
    instance: delivery.instance,
    causeKey: delivery.key,
    producer: `${handler.kind}:${handler.name}`,
    ...(delivery.consumer ? { consumer: delivery.consumer } : {}),
  });
  for (const handler of delivery.command.handlers) {
    ctx.check();
    if (handler.kind === "saga") {
      const saga = ctx.topology.sagas.get(ctx.topology.key(handler.name));
      if (!saga) continue;
      const span = ctx.tracer.start("handle", `Start ${saga.name}`, { traceId: delivery.correlationId, parentSpanId: delivery.parentSpanId }, directAttributes(ctx as RunContext, delivery, handler));
      const result = await startSaga(ctx, { saga, cause: cause(handler), payload: delivery.payload, parentSpanId: span.spanId, tx });
      span.end("ok", { sagaId: result.streamId, exists: result.status === "exists" });
      outboxRows += result.outcome?.outboxRows ?? 0;
      committed.push(result.committed);
      continue;
    }
    if (handler.kind === "externalSystem") {
      ctx.tracer.start("handle", `${handler.name}: ${delivery.command.name}`, { traceId: delivery.correlationId, parentSpanId: delivery.parentSpanId }, { ...directAttributes(ctx as RunContext, delivery, handler), attempt: 1 }).end("ok");
    }
    const decision = handler.kind === "aggregate" ? (decisions.get(handler.nodeId) ?? "success") : "success";
    if (decision === "rejected") {
      rejected = true;
      continue;
    }
    const names = decision === "success" ? handler.emits : handler.failureEvents;
    if (names.length === 0) continue;
    const result = await appendEvents(ctx, {
      streamId: streamIdOf(handler.name, delivery.subjectId),
      streamType: handler.name,
      events: names.map((name) => eventNamed(ctx.topology, name)),
      cause: delivery.payload,
      reason: decision === "failure" ? `${handler.name} refused ${delivery.command.name}` : undefined,
      meta: cause(handler),
      // An aggregate decides on its current version; an external system just records what it emits.
      expectedVersion: handler.kind === "aggregate" ? "load" : "any",
      owners: [handler.name, ...ctx.subjectOwners],
      span: { name: `${handler.name}: ${names.join(", ")}`, parentSpanId: delivery.parentSpanId, nodeId: handler.nodeId },
      tx,
    });
    appended += result.appended;
    outboxRows += result.outboxRows;
  }
  // Outside a transaction, appendEvents and startSaga counted what they wrote themselves.
  return tx === undefined ? { appended: 0, outboxRows: 0, rejected, committed: [] } : { appended, outboxRows, rejected, committed };
}

/** A command handled directly by a sticky: what the live view counts there, and the edge it crossed. */
function directAttributes(ctx: RunContext, delivery: CommandDelivery, handler: CommandHandler) {
  return {
    correlationId: delivery.correlationId,
    group: delivery.consumer ?? null,
    commandId: delivery.commandId,
    messageId: delivery.commandId,
    direct: true,
    nodeId: handler.nodeId,
    edgeId: ctx.topology.edges.between(delivery.command.nodeIds, handler.nodeId),
  };
}
