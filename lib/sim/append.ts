import type { EventInfo } from "../model";
import type { RunContext } from "./context";
import { errorText, isConcurrencyConflict } from "./errors";
import { logicalKeyOf, stableUuid } from "./hash";
import { eventPayload } from "./payload";
import type { ExpectedVersion, NewEvent, OutboxTarget } from "./ports/eventStore";
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
  readonly internal?: boolean;
  readonly [key: string]: unknown;
}

export interface AppendInput<Tx> {
  readonly streamId: string;
  readonly streamType: string;
  /** Board events to write, with outbox rows (their topic, keyed by the subject id). */
  readonly events: readonly EventInfo[];
  /** Internal events written first, without outbox rows (a saga's state), with their own ids. */
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
  readonly span: { readonly name: string; readonly parentSpanId: string | null; readonly nodeId: string | null };
  readonly tx?: Tx;
}

const MAX_CONFLICT_RETRIES = 50;

/**
 * Appends board events (with their outbox rows) and any internal events to a stream, under an
 * `append` span whose id goes into each event's metadata (so the publish span hangs under it).
 * Event ids are hashes of the run, the cause, the producer and the event, so a retried or
 * re-issued append can never write an event twice. Outside a transaction it also counts the
 * events and nudges the relay; inside one the caller does that after the commit.
 */
export async function appendEvents<Tx>(ctx: RunContext<Tx>, input: AppendInput<Tx>): Promise<{ appended: number; nextVersion: number }> {
  const { meta } = input;
  const span = ctx.tracer.start("append", input.span.name, { traceId: meta.correlationId, parentSpanId: input.span.parentSpanId }, {
    correlationId: meta.correlationId,
    causationId: meta.causationId,
    streamId: input.streamId,
    nodeId: input.span.nodeId,
  });
  const metadata: SimEventMetadata = { ...meta, spanId: span.spanId };
  const idFields = input.owners.map(idFieldOf);
  const internal: NewEvent[] = (input.internal ?? []).map((e) => ({
    eventId: e.eventId,
    type: e.type,
    data: e.data,
    metadata: { ...metadata, internal: true },
  }));
  const board: NewEvent[] = input.events.map((event) => ({
    eventId: stableUuid(ctx.runId, "event", meta.causationId, meta.producer, event.name),
    type: event.eventType,
    data: eventPayload(event.payload, {
      cause: input.cause,
      subjectId: meta.subjectId,
      idFields,
      reason: input.reason,
      seed: ctx.scenario.seed,
      key: `${meta.instance}|${meta.producer}|${event.name}`,
    }),
    metadata: { ...metadata, logicalKey: logicalKeyOf(meta.causeKey, meta.producer, event.name) },
  }));
  const events = [...internal, ...board];
  const outbox: (OutboxTarget | null)[] = [...internal.map(() => null), ...input.events.map((event) => ({ topic: event.topic, key: meta.subjectId }))];
  span.set({
    messageId: board[0]?.eventId ?? internal[0]?.eventId ?? null,
    eventType: input.events.map((e) => e.eventType).join(", ") || null,
  });
  if (events.length === 0) {
    span.end("ok");
    return { appended: 0, nextVersion: 0 };
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
          { expectedVersion, streamType: input.streamType, runId: ctx.runId, outbox: board.length > 0 ? outbox : undefined },
          input.tx,
        );
        if (input.expectedVersion === "load") ctx.versions.set(input.streamId, result.nextVersion);
        span.end("ok", { version: result.nextVersion, events: events.length });
        if (input.tx === undefined && board.length > 0) {
          ctx.counters.events.appended += board.length;
          ctx.relay.nudge();
        }
        return { appended: board.length, nextVersion: result.nextVersion };
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
