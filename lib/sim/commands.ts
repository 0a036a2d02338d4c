import type { CommandHandler, CommandInfo, SagaInfo } from "../model";
import { appendEvents, type EventCause } from "./append";
import { attemptAction } from "./attempts";
import type { RunContext, SagaStart } from "./context";
import { startSaga } from "./sagaRunner";
import { eventNamed, streamIdOf } from "./topology";

/*
 * A command delivered to its handlers: an aggregate loads its stream and appends its success
 * events with the expected version (retried on a conflict), or its failure events when a fault
 * on it outlasts every attempt (no failure events: the command is rejected); an external system
 * appends the events it emits; a saga starts.
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

/** Runs each faulted aggregate's attempts (latency, failures, retries with backoff); the rest succeed at once. */
export async function decideAggregates(ctx: RunContext, delivery: CommandDelivery): Promise<Map<string, AggregateDecision>> {
  const decisions = new Map<string, AggregateDecision>();
  for (const handler of delivery.command.handlers) {
    if (handler.kind !== "aggregate") continue;
    if (!ctx.faults.targets("aggregate", handler.name)) {
      decisions.set(handler.nodeId, "success");
      continue;
    }
    const trace = { traceId: delivery.correlationId, parentSpanId: delivery.parentSpanId };
    const attributes = { correlationId: delivery.correlationId, commandId: delivery.commandId, aggregate: handler.name, nodeId: handler.nodeId };
    const outcome = await attemptAction(ctx, {
      kind: "aggregate",
      name: handler.name,
      key: `${delivery.key}|${handler.name}`,
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
  readonly rejected: boolean;
  /** Sagas this command started (or found started), to drive once the transaction commits. */
  readonly sagas: readonly { readonly saga: SagaInfo; readonly streamId: string; readonly started: boolean; readonly start: SagaStart | null }[];
}

/** Applies a command at each of its handlers, inside `tx` when given. */
export async function applyCommand<Tx>(ctx: RunContext<Tx>, delivery: CommandDelivery, decisions: ReadonlyMap<string, AggregateDecision>, tx?: Tx): Promise<AppliedCommand> {
  let appended = 0;
  let rejected = false;
  const sagas: { saga: SagaInfo; streamId: string; started: boolean; start: SagaStart | null }[] = [];
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
      const result = await startSaga(ctx, { saga, cause: cause(handler), payload: delivery.payload, parentSpanId: delivery.parentSpanId, tx });
      sagas.push({ saga, streamId: result.streamId, started: result.status === "started", start: result.start });
      continue;
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
  }
  return { appended, rejected, sagas };
}
