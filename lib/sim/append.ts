import type { EventInfo } from "../model";
import type { RunContext } from "./context";
import { errorText, isConcurrencyConflict } from "./errors";
import { logicalKeyOf, stableUuid } from "./hash";
import { eventPayload } from "./payload";
import type { ExpectedVersion, NewEvent, OutboxTarget } from "./ports/eventStore";
import type { MessageKind, SagaHeaders } from "./ports/records";
import { idFieldOf } from "./topology";

/** Why an event was written: copied into its metadata and onto its message's headers. */
export interface EventCause {
  readonly correlationId: string;
  readonly causationId: string;
  readonly subjectId: string;
  readonly instance: number;
  /** The logical key of the cause (a command's or a message's; see MessageHeaders.logicalKey). */
  readonly causeKey: string;
  /** What wrote it: `aggregate:Order`, `service:EmailService`, `saga:OrderSaga`, `externalSystem:Bank`. */
  readonly producer: string;
  /** The consumer group whose handling wrote it, if any (the idempotency check groups by it). */
  readonly consumer?: string;
}

/** The metadata of a stored event, as the simulator writes it. */
export interface SimEventMetadata extends EventCause {
  readonly spanId: string;
  /** Saga state records: no message, no outbox row. */
  readonly internal?: boolean;
  /** What the message is (absent on internal records): a board event, a step command, a step reply, a dead-letter notice. */
  readonly messageKind?: MessageKind;
  /** The channel its outbox row publishes to. */
  readonly topic?: string;
  /** The sticky that wrote it: where the live view draws it leaving from. */
  readonly producerNodeId?: string | null;
  readonly saga?: SagaHeaders;
  readonly [key: string]: unknown;
}

/** A message other than a board event, built by its writer: a step command, a reply, a notice. */
export interface OutgoingMessage {
  readonly eventId: string;
  readonly type: string;
  readonly data: unknown;
  readonly kind: Exclude<MessageKind, "event">;
  readonly topic: string;
  readonly saga: SagaHeaders;
  /** Extra metadata (a reply's causation is the command it answers). */
  readonly causationId?: string;
}

export interface AppendInput<Tx> {
  readonly streamId: string;
  readonly streamType: string;
  /** Board events to write, with outbox rows (their topic, keyed by their partition key). */
  readonly events?: readonly EventInfo[];
  /** Messages to write first after the internal records, with outbox rows (keyed by the subject id). */
  readonly messages?: readonly OutgoingMessage[];
  /** Internal records written first, without outbox rows (a saga's state), with their own ids. */
  readonly internal?: readonly { readonly eventId: string; readonly type: string; readonly data: unknown }[];
  /** The payload the events draw their fields from. */
  readonly cause: unknown;
  readonly reason?: string;
  readonly meta: EventCause;
  /**
   * `load` (an aggregate): expect the stream's version, known to this process or read from the
   * store; on a conflict, read it and decide again.
   */
  readonly expectedVersion: ExpectedVersion | "load";
  /** Names whose `<name>Id` field carries the subject id (`Order` → `orderId`). */
  readonly owners: readonly string[];
  readonly span: { readonly name: string; readonly parentSpanId: string | null; readonly nodeId: string | null; readonly attributes?: Record<string, string | number | boolean | null> };
  readonly tx?: Tx;
}

export interface AppendOutcome {
  /** Board events appended. */
  readonly appended: number;
  /** Outbox rows written (board events and messages): the run's flow waits for them to be published. */
  readonly outboxRows: number;
  readonly nextVersion: number;
}

const MAX_CONFLICT_RETRIES = 50;

/**
 * Appends board events and messages (with their outbox rows) and any internal records to a
 * stream, under an `append` span whose id goes into each event's metadata (so the publish span
 * hangs under it). Board event ids are hashes of the run, the cause, the producer and the event,
 * so a retried or re-issued append can never write an event twice. Outside a transaction it also
 * counts what it wrote and nudges the relay; inside one the caller does that after the commit
 * (`afterCommit`).
 */
export async function appendEvents<Tx>(ctx: RunContext<Tx>, input: AppendInput<Tx>): Promise<AppendOutcome> {
  const { meta } = input;
  const span = ctx.tracer.start("append", input.span.name, { traceId: meta.correlationId, parentSpanId: input.span.parentSpanId }, {
    correlationId: meta.correlationId,
    causationId: meta.causationId,
    streamId: input.streamId,
    nodeId: input.span.nodeId,
    ...input.span.attributes,
  });
  const metadata: SimEventMetadata = { ...meta, spanId: span.spanId, producerNodeId: input.span.nodeId };
  const idFields = input.owners.map(idFieldOf);
  const internal: NewEvent[] = (input.internal ?? []).map((e) => ({ eventId: e.eventId, type: e.type, data: e.data, metadata: { ...metadata, internal: true } }));
  const messages: NewEvent[] = (input.messages ?? []).map((m) => ({
    eventId: m.eventId,
    type: m.type,
    data: m.data,
    metadata: { ...metadata, ...(m.causationId ? { causationId: m.causationId } : {}), messageKind: m.kind, topic: m.topic, saga: m.saga, logicalKey: logicalKeyOf(meta.causeKey, meta.producer, `${m.kind}:${m.type}:${m.saga.stepIndex}:${m.saga.role}:${m.saga.attempt}`) },
  }));
  const boardEvents = input.events ?? [];
  const board: NewEvent[] = boardEvents.map((event) => {
    const data = eventPayload(event.payload, {
      cause: input.cause,
      subjectId: meta.subjectId,
      idFields,
      reason: input.reason,
      seed: ctx.scenario.seed,
      key: `${meta.instance}|${meta.producer}|${event.name}`,
    });
    return {
      eventId: stableUuid(ctx.runId, "event", meta.causationId, meta.producer, event.name),
      type: event.eventType,
      data,
      metadata: { ...metadata, messageKind: "event", topic: event.topic, logicalKey: logicalKeyOf(meta.causeKey, meta.producer, event.name) },
    };
  });
  const events = [...internal, ...messages, ...board];
  const outbox: (OutboxTarget | null)[] = [
    ...internal.map(() => null),
    ...(input.messages ?? []).map((m) => ({ topic: m.topic, key: meta.subjectId })),
    ...boardEvents.map((event, i) => ({ topic: event.topic, key: partitionValue(event, board[i]!.data, meta.subjectId) })),
  ];
  const outboxRows = messages.length + board.length;
  span.set({
    messageId: board[0]?.eventId ?? messages[0]?.eventId ?? internal[0]?.eventId ?? null,
    eventType: [...messages, ...board].map((e) => e.type).join(", ") || null,
  });
  if (events.length === 0) {
    span.end("ok");
    return { appended: 0, outboxRows: 0, nextVersion: 0 };
  }
  try {
    for (let conflicts = 0; ; conflicts++) {
      ctx.check();
      const known = input.expectedVersion === "load" && conflicts === 0 ? ctx.versions.get(input.streamId) : undefined;
      const expectedVersion =
        input.expectedVersion !== "load" ? input.expectedVersion : (known ?? (await ctx.store.events.readStream(input.streamId, {}, input.tx)).length);
      try {
        const result = await ctx.store.events.appendToStream(
          input.streamId,
          events,
          { expectedVersion, streamType: input.streamType, runId: ctx.runId, outbox: outboxRows > 0 ? outbox : undefined },
          input.tx,
        );
        // What this process knows of the stream is its version now (an aggregate decides on it).
        if (input.expectedVersion === "load" || ctx.versions.has(input.streamId)) ctx.versions.set(input.streamId, result.nextVersion);
        span.end("ok", { version: result.nextVersion, events: events.length });
        const outcome = { appended: board.length, outboxRows, nextVersion: result.nextVersion };
        if (input.tx === undefined) afterCommit(ctx, meta.correlationId, outcome);
        return outcome;
      } catch (err) {
        if (input.expectedVersion === "load") ctx.versions.delete(input.streamId);
        if (!isConcurrencyConflict(err) || input.expectedVersion !== "load" || conflicts >= MAX_CONFLICT_RETRIES) throw err;
        ctx.counters.concurrencyConflicts++;
      }
    }
  } catch (err) {
    span.end("error", { error: errorText(err) });
    throw err;
  }
}

/** After a commit that wrote outbox rows: count them, keep the flow open until they are published, wake the relay. */
export function afterCommit(ctx: Pick<RunContext, "counters" | "flows" | "relay">, correlationId: string, outcome: Pick<AppendOutcome, "appended" | "outboxRows">): void {
  if (outcome.outboxRows === 0) return;
  ctx.counters.events.appended += outcome.appended;
  ctx.flows.add(correlationId, outcome.outboxRows);
  ctx.relay.nudge();
}

/** An event's ordering key: the value of its partition key field, else the subject (its aggregate's) id. */
function partitionValue(event: EventInfo, data: unknown, subjectId: string): string {
  if (event.partitionKey === "aggregateId") return subjectId;
  const value = (data as Record<string, unknown> | null)?.[event.partitionKey];
  return typeof value === "string" || typeof value === "number" ? String(value) : subjectId;
}
