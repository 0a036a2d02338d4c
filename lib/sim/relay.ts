import type { RunContext } from "./context";
import { errorText } from "./errors";
import type { OutboxMessage, StoredEvent } from "./ports/eventStore";
import type { Message } from "./ports/records";
import type { Topology } from "./topology";

/*
 * The outbox relay: claims the run's unpublished outbox rows (a lease, so a relay that dies lets
 * them go), publishes each to the broker under a `publish` span, then marks them published.
 * A crash between the commit and the publish leaves the rows unpublished; a crash between the
 * publish and the mark publishes them again after the restart: at-least-once, and consumers are
 * idempotent by message id. Woken by `nudge` after every commit that wrote outbox rows, and by a
 * slow poll in case a nudge was lost.
 */

export interface RelayOptions {
  /** Rows per claim (default 500). */
  readonly batchSize?: number;
  /** How long a claim keeps other relays off the rows (default 10 s). */
  readonly leaseMs?: number;
  /** Set in tests to stop publishing (a crash between commit and publish). */
  readonly paused?: boolean;
}

export class OutboxRelay {
  private dirty = false;
  private running: Promise<void> | null = null;
  private readonly batchSize: number;
  private readonly leaseMs: number;
  paused: boolean;

  constructor(
    private readonly ctx: RunContext,
    options: RelayOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.leaseMs = options.leaseMs ?? 10_000;
    this.paused = options.paused ?? false;
  }

  /** Something was committed with outbox rows: publish soon. */
  nudge(): void {
    this.dirty = true;
    if (!this.running && !this.paused) this.running = this.loop();
  }

  /** Publishes until a claim finds nothing; resolves when the relay is idle. */
  async drain(): Promise<void> {
    this.nudge();
    while (this.running) await this.running;
  }

  private async loop(): Promise<void> {
    const end = this.ctx.activity.begin();
    try {
      while (this.dirty && this.ctx.alive() && !this.paused) {
        this.dirty = false;
        // A full batch means there may be more waiting.
        while ((await this.cycle()) === this.batchSize && this.ctx.alive() && !this.paused);
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
    for (const row of claimed) {
      const parentSpanId = spanIdOf(row.event);
      const span = ctx.tracer.start("publish", ctx.topology.eventsByType.get(row.event.type)?.name ?? row.event.type, { traceId: row.event.metadata.correlationId, parentSpanId }, {
        correlationId: row.event.metadata.correlationId,
        causationId: row.event.metadata.causationId,
        messageId: row.event.eventId,
        eventType: row.event.type,
        topic: row.topic,
        key: row.key,
        outboxId: row.id,
        claim: row.attempts,
        nodeId: ctx.topology.eventsByType.get(row.event.type)?.nodeIds[0] ?? null,
      });
      try {
        ctx.broker.publish(toMessage(row, ctx.topology, span.spanId));
        span.end("ok");
      } catch (err) {
        span.end("error", { error: errorText(err) });
        throw err;
      }
    }
    ctx.counters.events.published += await ctx.store.events.outbox.markPublished(claimed.map((row) => row.id));
    return claimed.length;
  }
}

function spanIdOf(event: StoredEvent): string | null {
  const spanId = event.metadata.spanId;
  return typeof spanId === "string" && spanId ? spanId : null;
}

/** A stored event as a broker message; `spanId` is the span that published it. */
export function messageOf(event: StoredEvent, topic: string, key: string, topology: Topology, spanId: string | null): Message {
  const meta = event.metadata;
  return {
    messageId: event.eventId,
    topic,
    key,
    eventType: event.type,
    eventName: topology.eventsByType.get(event.type)?.name ?? event.type,
    payload: event.data,
    headers: {
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
