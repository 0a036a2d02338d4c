import type { RelayPort, RunContext } from "../context";
import { errorText } from "../errors";
import type { OutboxMessage, StoredEvent } from "../ports/eventStore";
import type { Message, SagaHeaders } from "../ports/records";
import type { Topology } from "../topology";

/*
 * The outbox relay: claims the run's unpublished outbox rows (a lease, so a relay that dies lets
 * them go), publishes each to the broker under a `publish` span, then marks them published.
 * A crash between the commit and the publish leaves the rows unpublished; a crash between the
 * publish and the mark publishes them again after the restart: at-least-once, and consumers are
 * idempotent by message id. Woken by `nudge` after every commit that wrote outbox rows free, and
 * by a slow poll in case a nudge was lost. A writer outside a transaction takes the fast path
 * instead: its rows are written claimed for this relay and handed over after the commit
 * (`handOver`), so the hot path never claims nor reads back what it has just written.
 */

export interface RelayOptions {
  /** Rows per claim (default 500). */
  readonly batchSize?: number;
  /** How long a claim keeps other relays off the rows (default 10 s). */
  readonly leaseMs?: number;
}

/** What a run asks of its relay: what writers tell it, and `drain` while the run quiesces. */
export interface RunRelay extends RelayPort {
  /** Publishes until a claim finds nothing and marks what was handed over; resolves when the relay is idle. */
  drain(): Promise<void>;
}

/**
 * Makes a run's relay (the simulator's `relay` dependency). The default is {@link outboxRelay};
 * tests pass one that never publishes, a crash between commit and publish (testing/stalledRelay.ts).
 */
export type RelayFactory = (ctx: RunContext, options: RelayOptions) => RunRelay;

/** How long a claim keeps other relays off a run's outbox rows unless the simulator's options say otherwise. */
export const DEFAULT_LEASE_MS = 10_000;

export const outboxRelay: RelayFactory = (ctx, options) => new OutboxRelay(ctx, options);

export class OutboxRelay implements RunRelay {
  /** Where a board event is drawn leaving its producer: `<producer node>\0<type>` → sticky and edge. */
  private readonly drawn = new Map<string, { nodeId: string | null; edgeId: string | null }>();
  private dirty = false;
  private running: Promise<void> | null = null;
  /** Handed-over rows published and not yet marked. */
  private readonly unmarked: string[] = [];
  private marking: Promise<void> | null = null;
  private readonly batchSize: number;
  private readonly leaseMs: number;

  constructor(
    private readonly ctx: RunContext,
    options: RelayOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  }

  /** Something was committed with outbox rows: publish soon. */
  nudge(): void {
    this.dirty = true;
    if (!this.running) this.running = this.loop();
  }

  /** Publishes until a claim finds nothing and marks what was handed over; resolves when the relay is idle. */
  async drain(): Promise<void> {
    this.nudge();
    while (this.running || this.marking) await (this.running ?? this.marking);
  }

  private async loop(): Promise<void> {
    const end = this.ctx.activity.begin();
    try {
      while (this.dirty && this.ctx.alive()) {
        this.dirty = false;
        // A full batch means there may be more waiting.
        while ((await this.cycle()) === this.batchSize && this.ctx.alive());
      }
    } catch (err) {
      if (this.ctx.alive()) this.ctx.fail(err);
    } finally {
      this.running = null;
      end();
    }
  }

  /** One claim → publish → mark cycle; returns how many rows it claimed. */
  private async cycle(): Promise<number> {
    const { ctx } = this;
    const claimed = await ctx.store.events.outbox.claimUnpublished(this.batchSize, { runId: ctx.runId, leaseMs: this.leaseMs });
    if (claimed.length === 0 || !ctx.alive()) return claimed.length;
    await this.publish(claimed);
    ctx.counters.events.published += await ctx.store.events.outbox.markPublished(claimed.map((row) => row.id));
    return claimed.length;
  }

  /**
   * The lease a writer writes its outbox rows claimed for when it hands them over (the fast
   * path: no claim round trip, and the message is built from what the writer holds, not read
   * back).
   */
  get claimMs(): number | null {
    return this.leaseMs;
  }

  /**
   * Rows a writer committed claimed for this relay: published at once, marked in batches. Should
   * this process die first, the lease runs out and any relay claims them: at-least-once, as ever.
   */
  handOver(rows: readonly OutboxMessage[]): void {
    if (rows.length === 0 || !this.ctx.alive()) return;
    const published = this.publish(rows);
    if (published === null) return this.markLater(rows);
    // A real broker: marked once it confirms (the run is busy until then).
    const end = this.ctx.activity.begin();
    published.then(
      () => {
        end();
        if (this.ctx.alive()) this.markLater(rows);
      },
      (err: unknown) => {
        end();
        if (this.ctx.alive()) this.ctx.fail(err);
      },
    );
  }

  private markLater(rows: readonly OutboxMessage[]): void {
    for (const row of rows) this.unmarked.push(row.id);
    if (!this.marking) this.marking = this.markLoop();
  }

  /** Marks handed-over rows published, as many per statement as have piled up meanwhile. */
  private async markLoop(): Promise<void> {
    const end = this.ctx.activity.begin();
    try {
      while (this.unmarked.length > 0 && this.ctx.alive()) {
        const ids = this.unmarked.splice(0, 5_000);
        this.ctx.counters.events.published += await this.ctx.store.events.outbox.markPublished(ids);
      }
    } catch (err) {
      if (this.ctx.alive()) this.ctx.fail(err);
    } finally {
      this.marking = null;
      end();
    }
  }

  /**
   * Publishes rows to the broker, each under a `publish` span hung under the append that wrote it.
   * Returns what to wait for before marking them published: null when the broker had them at once
   * (in process), else its confirms. Messages go to the broker in row order either way.
   */
  private publish(rows: readonly OutboxMessage[]): Promise<unknown> | null {
    const { ctx } = this;
    const confirms: Promise<void>[] = [];
    for (const row of rows) {
      const parentSpanId = spanIdOf(row.event);
      const message = toMessage(row, ctx.topology, "");
      const at = message.headers.kind === "event" ? this.drawnAt(row.event) : { nodeId: null, edgeId: null };
      const span = ctx.tracer.start("publish", message.eventName, { traceId: row.event.metadata.correlationId, parentSpanId }, {
        correlationId: row.event.metadata.correlationId,
        causationId: row.event.metadata.causationId,
        messageId: row.event.eventId,
        eventType: row.event.type,
        messageKind: message.headers.kind,
        topic: row.topic,
        key: row.key,
        outboxId: row.id,
        claim: row.attempts,
        nodeId: at.nodeId,
        edgeId: at.edgeId,
      });
      try {
        const confirmed = ctx.broker.publish({ ...message, headers: { ...message.headers, spanId: span.spanId } });
        if (ctx.broker.confirms) {
          confirms.push(
            confirmed.then(
              () => span.end("ok"),
              (err: unknown) => {
                span.end("error", { error: errorText(err) });
                throw err;
              },
            ),
          );
        } else span.end("ok");
      } catch (err) {
        span.end("error", { error: errorText(err) });
        throw err;
      } finally {
        // The row is a message now (or nobody takes it): the flow waits on the deliveries instead.
        ctx.flows.done(row.event.metadata.correlationId);
      }
    }
    return confirms.length > 0 ? Promise.all(confirms) : null;
  }

  /** The event sticky an event is drawn as, leaving the sticky that wrote it, and the edge between them. */
  private drawnAt(event: StoredEvent): { nodeId: string | null; edgeId: string | null } {
    const producer = typeof event.metadata.producerNodeId === "string" ? event.metadata.producerNodeId : "";
    const key = `${producer}\u0000${event.type}`;
    let at = this.drawn.get(key);
    if (!at) {
      const info = this.ctx.topology.eventsByType.get(event.type);
      const nodeId = info?.nodeIds.find((id) => producer && this.ctx.topology.edges.between([producer], id)) ?? info?.nodeIds[0] ?? null;
      at = { nodeId, edgeId: nodeId && producer ? this.ctx.topology.edges.between([producer], nodeId) : null };
      this.drawn.set(key, at);
    }
    return at;
  }
}

function spanIdOf(event: StoredEvent): string | null {
  const spanId = event.metadata.spanId;
  return typeof spanId === "string" && spanId ? spanId : null;
}

/** A stored event as a broker message; `spanId` is the span that published it. */
export function messageOf(event: StoredEvent, topic: string, key: string, topology: Topology, spanId: string | null): Message {
  const meta = event.metadata;
  const kind = meta.messageKind === "command" || meta.messageKind === "reply" || meta.messageKind === "fault" ? meta.messageKind : "event";
  const name =
    kind === "event"
      ? topology.eventsByType.get(event.type)?.name
      : kind === "command"
        ? topology.stepCommands.get(event.type)?.name
        : kind === "reply"
          ? topology.stepReplies.get(event.type)?.name
          : undefined;
  return {
    messageId: event.eventId,
    topic,
    key,
    eventType: event.type,
    eventName: name ?? event.type,
    payload: event.data,
    headers: {
      kind,
      ...(isSagaHeaders(meta.saga) ? { saga: meta.saga } : {}),
      runId: event.runId ?? "",
      correlationId: meta.correlationId,
      causationId: meta.causationId,
      subjectId: typeof meta.subjectId === "string" ? meta.subjectId : key,
      instance: typeof meta.instance === "number" ? meta.instance : -1,
      logicalKey: typeof meta.logicalKey === "string" ? meta.logicalKey : event.eventId,
      streamId: event.streamId,
      version: event.version,
      globalPosition: event.globalPosition,
      checkpoint: `${event.transactionId}:${event.globalPosition}`,
      createdAt: event.createdAt,
      spanId: spanId ?? spanIdOf(event) ?? "",
    },
  };
}

function toMessage(row: OutboxMessage, topology: Topology, spanId: string): Message {
  return messageOf(row.event, row.topic, row.key, topology, spanId);
}

function isSagaHeaders(value: unknown): value is SagaHeaders {
  const headers = value as Partial<SagaHeaders> | null | undefined;
  return typeof headers?.sagaId === "string" && typeof headers.stepIndex === "number" && typeof headers.replyTo === "string";
}
