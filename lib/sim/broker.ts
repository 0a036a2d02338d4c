import type { Activity } from "./activity";
import type { Counters } from "./counters";
import { errorText } from "./errors";
import { partitionOf } from "./hash";
import type { Random } from "./ports/random";
import type { Message, Scenario } from "./ports/records";
import type { Scheduler } from "./ports/time";
import { backoffMs } from "./retry";
import { Semaphore } from "./semaphore";
import type { OpenSpan, Tracer } from "./tracer";

/*
 * The in-process broker. Topics are split into partitions by ordering key; every consumer group
 * has its own queue per partition, worked one message at a time, so one key's messages reach a
 * group in publish order while different keys and groups proceed in parallel. Delivery is
 * at-least-once: a handler that throws is retried with exponential backoff and jitter (the
 * partition waits: order is kept), and after the last attempt the message goes to the
 * dead-letter queue with its id, headers, attempts and last error. Duplicates (the scenario's
 * duplicate-delivery rate) are extra copies queued right behind the original.
 */

/** One delivery of one message to one group. */
export interface Delivery {
  readonly attempt: number;
  /** 0 for the original, 1.. for injected duplicates. */
  readonly copy: number;
  /** The delivery span: the parent of what the handler does. */
  readonly span: OpenSpan;
}

/** `processed`: the effect was applied; `duplicate`: the message had already been processed, nothing changed. */
export type DeliveryResult = "processed" | "duplicate";

export type ConsumerHandler = (message: Message, delivery: Delivery) => Promise<DeliveryResult>;

export interface BrokerOptions {
  readonly scheduler: Scheduler;
  readonly random: Random;
  readonly tracer: Tracer;
  readonly counters: Counters;
  readonly activity: Activity;
  readonly retry: Pick<Scenario, "maxAttempts" | "backoff">;
  /** Partitions per topic (default 32). */
  readonly partitions?: number;
  /** Handlers running at once across all groups (default 48); batched writes make many cheap, the pool bounds connections. */
  readonly maxInFlight?: number;
  /** How many extra copies of `message` to deliver to `group` (duplicate injection). */
  readonly extraCopies: (message: Message, group: string) => number;
  /** Stores a dead letter. */
  readonly deadLetter: (group: string, message: Message, attempts: number, lastError: string) => Promise<void>;
  /** False once the run is abandoned: queued work is dropped. */
  readonly alive: () => boolean;
  /** A failure of the broker itself (e.g. the dead-letter store is down). */
  readonly onError: (error: unknown) => void;
}

interface Subscription {
  readonly group: string;
  /** Where the live view lights up (the consumer's sticky). */
  readonly nodeId: (eventType: string) => string | null;
  readonly handler: ConsumerHandler;
}

interface QueueItem {
  readonly message: Message;
  readonly copy: number;
  readonly done: () => void;
}

interface PartitionQueue {
  readonly items: QueueItem[];
  running: boolean;
}

export class Broker {
  private readonly byType = new Map<string, Subscription[]>();
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly queues = new Map<string, PartitionQueue>();
  private readonly semaphore: Semaphore;
  private readonly partitions: number;
  private queued = 0;

  constructor(private readonly options: BrokerOptions) {
    this.semaphore = new Semaphore(options.maxInFlight ?? 48);
    this.partitions = options.partitions ?? 32;
  }

  /** Subscribes a consumer group to event types. */
  subscribe(group: string, eventTypes: Iterable<string>, handler: ConsumerHandler, nodeId: (eventType: string) => string | null = () => null): void {
    const subscription: Subscription = { group, handler, nodeId };
    this.subscriptions.set(group, subscription);
    for (const type of eventTypes) this.byType.set(type, [...(this.byType.get(type) ?? []), subscription]);
  }

  /** Deliveries queued and not yet done: what the entry commands slow down for when consumers lag. */
  get backlog(): number {
    return this.queued;
  }

  /** The groups subscribed to an event type. */
  groupsFor(eventType: string): string[] {
    return (this.byType.get(eventType) ?? []).map((s) => s.group);
  }

  /** Queues `message` for every group subscribed to its type; returns how many deliveries were queued. */
  publish(message: Message): number {
    let queued = 0;
    for (const subscription of this.byType.get(message.eventType) ?? []) queued += this.enqueue(subscription, message, true);
    return queued;
  }

  /** Queues `message` for one group only (a replay from the DLQ, a redelivery after a restart). */
  send(group: string, message: Message): Promise<DeliveryOutcome> {
    const subscription = this.subscriptions.get(group);
    if (!subscription) return Promise.resolve({ status: "error", error: `no consumer group "${group}" on this board` });
    return new Promise((resolve) => this.enqueue(subscription, message, false, resolve));
  }

  private enqueue(subscription: Subscription, message: Message, withDuplicates: boolean, onOutcome?: (outcome: DeliveryOutcome) => void): number {
    const copies = 1 + (withDuplicates ? this.options.extraCopies(message, subscription.group) : 0);
    const queueKey = `${subscription.group}\u0000${partitionOf(message.key, this.partitions)}`;
    let queue = this.queues.get(queueKey);
    if (!queue) {
      queue = { items: [], running: false };
      this.queues.set(queueKey, queue);
    }
    for (let copy = 0; copy < copies; copy++) {
      const end = this.options.activity.begin();
      this.queued++;
      const item: QueueItem = {
        message,
        copy,
        done: () => {
          this.queued--;
          end();
        },
      };
      if (copy === 0 && onOutcome) this.outcomes.set(item, onOutcome);
      queue.items.push(item);
    }
    if (!queue.running) void this.drain(subscription, queue);
    return copies;
  }

  /** Who waits for the outcome of a delivery queued by `send`. */
  private readonly outcomes = new WeakMap<QueueItem, (outcome: DeliveryOutcome) => void>();

  private async drain(subscription: Subscription, queue: PartitionQueue): Promise<void> {
    queue.running = true;
    try {
      for (let item = queue.items.shift(); item; item = queue.items.shift()) {
        let outcome: DeliveryOutcome = { status: "error", error: "the run was abandoned" };
        try {
          if (this.options.alive()) outcome = await this.deliver(subscription, item);
        } catch (err) {
          outcome = { status: "error", error: errorText(err) };
          this.options.onError(err);
        } finally {
          this.outcomes.get(item)?.(outcome);
          item.done();
        }
      }
    } finally {
      queue.running = false;
    }
  }

  /** Delivers one queued message until a handler acks it or it is dead-lettered. */
  private async deliver(subscription: Subscription, item: QueueItem): Promise<DeliveryOutcome> {
    const { message, copy } = item;
    const { tracer, counters, retry } = this.options;
    const trace = { traceId: message.headers.correlationId };
    const attributes = {
      correlationId: message.headers.correlationId,
      causationId: message.headers.causationId,
      messageId: message.messageId,
      eventType: message.eventType,
      consumer: subscription.group,
      nodeId: subscription.nodeId(message.eventType),
    };
    counters.events.delivered++;
    let lastError = "";
    let lastSpanId = message.headers.spanId;
    for (let attempt = 1; attempt <= retry.maxAttempts; attempt++) {
      if (!this.options.alive()) return { status: "error", error: "the run was abandoned" };
      const span = tracer.start("deliver", `${message.eventName} → ${subscription.group}`, { ...trace, parentSpanId: message.headers.spanId }, { ...attributes, attempt, copy });
      lastSpanId = span.spanId;
      try {
        const result = await this.semaphore.run(() => subscription.handler(message, { attempt, copy, span }));
        if (result === "duplicate") counters.events.duplicatesSkipped++;
        span.end("ok", { duplicate: result === "duplicate" });
        return { status: result };
      } catch (err) {
        if (!this.options.alive()) return { status: "error", error: "the run was abandoned" };
        lastError = errorText(err);
        span.end("error", { error: lastError });
      }
      if (attempt < retry.maxAttempts) {
        const delayMs = backoffMs(retry.backoff, attempt, this.options.random);
        counters.events.retried++;
        const wait = tracer.start("retry", `retry ${message.eventName} → ${subscription.group}`, { ...trace, parentSpanId: span.spanId }, { ...attributes, attempt: attempt + 1, delayMs, error: lastError });
        await this.options.scheduler.sleep(delayMs);
        wait.end("ok");
      }
    }
    const dead = tracer.start("dead-letter", `dead letter ${message.eventName} → ${subscription.group}`, { ...trace, parentSpanId: lastSpanId }, { ...attributes, attempts: retry.maxAttempts, error: lastError });
    try {
      await this.options.deadLetter(subscription.group, message, retry.maxAttempts, lastError);
      counters.events.deadLettered++;
      dead.end("error");
    } catch (err) {
      dead.end("error", { storeError: errorText(err) });
      throw err;
    }
    return { status: "dead-lettered", error: lastError };
  }
}

/** How one delivery ended (what a replay reports). */
export type DeliveryOutcome =
  | { readonly status: DeliveryResult }
  | { readonly status: "dead-lettered"; readonly error: string }
  | { readonly status: "error"; readonly error: string };
