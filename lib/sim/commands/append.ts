import type { EventInfo } from "../../model";
import type { RunContext } from "../context";
import { errorText, isConcurrencyConflict, isDuplicateEvent } from "../errors";
import { logicalKeyOf, stableUuid } from "../hash";
import { eventPayload } from "../payload";
import type { AppendResult, ExpectedVersion, NewEvent, OutboxMessage, OutboxTarget } from "../ports/eventStore";
import type { MessageKind, SagaHeaders } from "../ports/records";
import type { ProcessedRecord } from "../ports/runtimeStore";
import { idFieldOf } from "../topology";

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
  /** Inside the caller's transaction; without one the append is a write unit (`RuntimeStore.commit`). */
  readonly tx?: Tx;
  /**
   * Outside a transaction: the consumer's processed-message record, written with the append or
   * not at all. When it exists already, nothing is written and the outcome is `duplicate`.
   */
  readonly processed?: ProcessedRecord;
}

export interface AppendOutcome {
  /** Board events appended. */
  readonly appended: number;
  /** Outbox rows written (board events and messages): the run's flow waits for them to be published. */
  readonly outboxRows: number;
  readonly nextVersion: number;
  /** The processed-message record existed: nothing was written. */
  readonly duplicate?: boolean;
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
      // Past version 1 an event says its schema version (the contracts' `schemaVersion`: what an upcaster tells versions apart by).
      metadata: { ...metadata, messageKind: "event", topic: event.topic, logicalKey: logicalKeyOf(meta.causeKey, meta.producer, event.name), ...(event.version > 1 ? { schemaVersion: event.version } : {}) },
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
  // Outside a transaction the rows are written claimed for this process's relay and handed to it
  // after the commit (no claim, no read back); inside one the caller's commit comes later.
  const claimMs = outboxRows > 0 && input.tx === undefined ? ctx.relay.claimMs : null;
  const options = { streamType: input.streamType, runId: ctx.runId, outbox: outboxRows > 0 ? outbox : undefined, ...(claimMs !== null ? { claimMs } : {}) };
  try {
    for (let conflicts = 0; ; conflicts++) {
      ctx.check();
      const known = input.expectedVersion === "load" && conflicts === 0 ? ctx.versions.get(input.streamId) : undefined;
      const expectedVersion =
        input.expectedVersion !== "load" ? input.expectedVersion : (known ?? (await ctx.store.events.readStream(input.streamId, {}, input.tx)).length);
      const written = await write(ctx, input, events, { ...options, expectedVersion });
      if (written === "duplicate") {
        span.end("ok", { duplicate: true });
        return { appended: 0, outboxRows: 0, nextVersion: 0, duplicate: true };
      }
      if (typeof written === "number") {
        // The stream was not where expected: an aggregate reads it and decides again.
        if (input.expectedVersion === "load") ctx.versions.delete(input.streamId);
        if (input.expectedVersion !== "load" || conflicts >= MAX_CONFLICT_RETRIES) throw new StreamConflict(input.streamId, written);
        ctx.counters.concurrencyConflicts++;
        continue;
      }
      // What this process knows of the stream is its version now (an aggregate decides on it).
      if (input.expectedVersion === "load" || ctx.versions.has(input.streamId)) ctx.versions.set(input.streamId, written.nextVersion);
      span.end("ok", { version: written.nextVersion, events: events.length });
      const outcome = { appended: board.length, outboxRows, nextVersion: written.nextVersion };
      if (input.tx === undefined) afterCommit(ctx, meta.correlationId, outcome, claimMs !== null ? committedRows(ctx, input, events, outbox, written) : undefined);
      return outcome;
    }
  } catch (err) {
    // Its events are stored already (an entry command issued again after a crash): no error of
    // the sticky's. The caller, told by the error, goes on as for a duplicate.
    if (isDuplicateEvent(err)) span.end("ok", { duplicate: true, reissued: true });
    else span.end("error", { error: errorText(err) });
    throw err;
  }
}

/**
 * One attempt at the append: inside the caller's transaction, or as a write unit with the
 * processed record. Returns what was written, `duplicate` (the record existed), or the stream's
 * actual version on a conflict; a re-issued append of stored events throws `DuplicateEvent`.
 */
async function write<Tx>(ctx: RunContext<Tx>, input: AppendInput<Tx>, events: readonly NewEvent[], options: Parameters<RunContext<Tx>["store"]["events"]["appendToStream"]>[2]): Promise<AppendResult | "duplicate" | number> {
  if (input.tx !== undefined) {
    try {
      return await ctx.store.events.appendToStream(input.streamId, events, options, input.tx);
    } catch (err) {
      if (isConcurrencyConflict(err)) return (err as { actual?: number }).actual ?? -1;
      throw err;
    }
  }
  const outcome = await ctx.store.commit({ ...(input.processed ? { processed: input.processed } : {}), append: { streamId: input.streamId, events, options } });
  switch (outcome.status) {
    case "applied":
      return outcome.append!;
    case "duplicate":
      return "duplicate";
    case "conflict":
      return outcome.actualVersion;
    case "duplicate_event":
      throw new DuplicateEvent(input.streamId);
  }
}

/** A stream not at the version a writer expected (a saga's, a reply's): the caller re-reads. Matches `isConcurrencyConflict`. */
export class StreamConflict extends Error {
  readonly code = "concurrency";
  constructor(
    readonly streamId: string,
    readonly actual: number,
  ) {
    super(`stream ${streamId} moved on (now at version ${actual})`);
  }
}

/** The events of an append are stored already (a re-issued entry command). Matches `isDuplicateEvent`. */
class DuplicateEvent extends Error {
  readonly code = "duplicate_event";
  constructor(streamId: string) {
    super(`the events appended to ${streamId} are stored already`);
  }
}

/**
 * After a commit that wrote outbox rows: count them, keep the flow open until they are published,
 * and hand the rows to the relay (written claimed for it) or wake it to claim them.
 */
export function afterCommit(ctx: Pick<RunContext, "counters" | "flows" | "relay">, correlationId: string, outcome: Pick<AppendOutcome, "appended" | "outboxRows">, rows?: readonly OutboxMessage[]): void {
  if (outcome.outboxRows === 0) return;
  ctx.counters.events.appended += outcome.appended;
  ctx.flows.add(correlationId, outcome.outboxRows);
  if (rows) ctx.relay.handOver(rows);
  else ctx.relay.nudge();
}

/** The outbox rows an append just wrote, as a claim would return them (their events as a read would). */
function committedRows<Tx>(ctx: RunContext<Tx>, input: AppendInput<Tx>, events: readonly NewEvent[], outbox: readonly (OutboxTarget | null)[], written: AppendResult): OutboxMessage[] {
  const rows: OutboxMessage[] = [];
  const first = written.nextVersion - events.length + 1;
  events.forEach((event, i) => {
    const target = outbox[i];
    const id = written.outboxIds[i];
    if (!target || !id) return;
    rows.push({
      id,
      topic: target.topic,
      key: target.key ?? input.streamId,
      runId: ctx.runId,
      attempts: 1,
      createdAt: written.createdAt,
      event: {
        ...event,
        streamId: input.streamId,
        streamType: input.streamType,
        version: first + i,
        globalPosition: written.positions[i]!,
        transactionId: written.transactionId,
        runId: ctx.runId,
        createdAt: written.createdAt,
      },
    });
  });
  return rows;
}

/** An event's ordering key: the value of its partition key field, else the subject (its aggregate's) id. */
function partitionValue(event: EventInfo, data: unknown, subjectId: string): string {
  if (event.partitionKey === "aggregateId") return subjectId;
  const value = (data as Record<string, unknown> | null)?.[event.partitionKey];
  return typeof value === "string" || typeof value === "number" ? String(value) : subjectId;
}
