import { messageRouteKey, type RetryPolicy, type Route } from "../../model";
import type { Activity } from "../run/activity";
import type { Counters } from "../run/counters";
import { errorText } from "../errors";
import type { Flows } from "../run/flows";
import { partitionOf } from "../hash";
import type { Message } from "../ports/records";
import { retryDelay } from "./retry";
import { Semaphore } from "../semaphore";
import type { OpenSpan, Tracer } from "../trace/tracer";

/*
 * The in-process broker. Channels (topics, command channels, reply channels) are split into
 * partitions by ordering key; every consumer group has its own queue per partition, worked one
 * message at a time, so one key's messages reach a group in publish order while different keys
 * and groups proceed in parallel. Delivery is at-least-once: a handler that throws is retried
 * with the group's retry policy (the board's, lib/model/topology.ts; the partition waits: order is
 * kept), and after the last attempt the message goes to the group's dead-letter queue with its
 * id, headers, attempts and last error. Duplicates (the scenario's duplicate-delivery rate) are
 * extra copies queued right behind the original.
 *
 * Time: each delivery keeps the design time it has taken (the handlers' latency and the retry
 * waits): a reply carries it, and a saga checks it against its step's timeout. Waits themselves
 * last their design length times the run's time scale.
 */

/** One delivery of one message to one group. */
export interface Delivery {
  readonly attempt: number;
  /** 0 for the original, 1.. for injected duplicates. */
  readonly copy: number;
  /** The delivery span: the parent of what the handler does. */
  readonly span: OpenSpan;
  /** Where the message lands on the board. */
  readonly route: Route;
  /** Design time taken so far by this delivery: earlier attempts' latency and the retry waits. The handler adds its own latency. */
  readonly design: { elapsedMs: number };
}

/** `processed`: the effect was applied; `duplicate`: the message had already been processed, nothing changed. */
export type DeliveryResult = "processed" | "duplicate";

export type ConsumerHandler = (message: Message, delivery: Delivery) => Promise<DeliveryResult>;

/** A consumer group as the broker runs it. */
export interface Subscriber {
  /** As the documents print it (`email-service`). */
  readonly name: string;
  readonly policy: RetryPolicy;
  readonly handler: ConsumerHandler;
  /** Stores a dead letter (and whatever must commit with it). */
  readonly deadLetter: (message: Message, attempts: number, lastError: string, route: Route) => Promise<void>;
}

export interface BrokerOptions {
  readonly seed: string;
  readonly tracer: Tracer;
  readonly counters: Counters;
  readonly activity: Activity;
  readonly flows: Flows;
  /** Waits `designMs` of design time (scaled by the run's time scale). */
  readonly wait: (designMs: number) => Promise<void>;
  /** Partitions per channel (default 32). */
  readonly partitions?: number;
  /** Handlers running at once across all groups (default 48); batched writes make many cheap, the pool bounds connections. */
  readonly maxInFlight?: number;
  /** How many extra copies of `message` to deliver to `group` (duplicate injection). */
  readonly extraCopies: (message: Message, group: string) => number;
  /** False once the run is abandoned: queued work is dropped. */
  readonly alive: () => boolean;
  /** A failure of the broker itself (e.g. the dead-letter store is down). */
  readonly onError: (error: unknown) => void;
}

interface QueueItem {
  readonly message: Message;
  /** Which subscription it came by: a group's queue holds messages of several channels and types. */
  readonly binding: Binding;
  readonly copy: number;
  readonly done: () => void;
}

interface PartitionQueue {
  readonly items: QueueItem[];
  running: boolean;
}

interface Binding {
  readonly subscriber: Subscriber;
  readonly route: Route;
}

export class Broker {
  private readonly bindings = new Map<string, Binding[]>();
  private readonly subscribers = new Map<string, Subscriber>();
  private readonly queues = new Map<string, PartitionQueue>();
  private readonly semaphore: Semaphore;
  private readonly partitions: number;
  private queued = 0;

  constructor(private readonly options: BrokerOptions) {
    this.semaphore = new Semaphore(options.maxInFlight ?? 48);
    this.partitions = options.partitions ?? 32;
  }

  /** Subscribes a consumer group to the messages its routes name (channel and type). */
  subscribe(subscriber: Subscriber, routes: readonly Route[]): void {
    this.subscribers.set(subscriber.name, subscriber);
    for (const route of routes) {
      const key = messageRouteKey(route.channel, route.type);
      this.bindings.set(key, [...(this.bindings.get(key) ?? []), { subscriber, route }]);
    }
  }

  /** What the broker runs: each consumer group with its retry policy, DLQ and the messages it takes. */
  registrations(): Registration[] {
    return [...this.subscribers.values()].map((subscriber) => ({
      group: subscriber.name,
      dlq: `${subscriber.name}.dlq`,
      policy: subscriber.policy,
      takes: [...this.bindings.values()].flat().filter((b) => b.subscriber === subscriber).map((b) => ({ channel: b.route.channel, type: b.route.type })),
    }));
  }

  /** Deliveries queued and not yet done: what the entry commands slow down for when consumers lag. */
  get backlog(): number {
    return this.queued;
  }

  /** The groups subscribed to a message of `type` on `channel`. */
  groupsFor(channel: string, type: string): string[] {
    return (this.bindings.get(messageRouteKey(channel, type)) ?? []).map((b) => b.subscriber.name);
  }

  /** Queues `message` for every group subscribed to its channel and type; returns how many deliveries were queued. */
  publish(message: Message): number {
    let queued = 0;
    for (const binding of this.bindings.get(messageRouteKey(message.topic, message.eventType)) ?? []) queued += this.enqueue(binding, message, true);
    return queued;
  }

  /** Queues `message` for one group only (a replay from the DLQ, a redelivery after a restart). */
  send(group: string, message: Message): Promise<DeliveryOutcome> {
    const binding = (this.bindings.get(messageRouteKey(message.topic, message.eventType)) ?? []).find((b) => b.subscriber.name === group);
    if (!binding) return Promise.resolve({ status: "error", error: this.subscribers.has(group) ? `consumer group "${group}" does not take ${message.eventType} from ${message.topic}` : `no consumer group "${group}" on this board` });
    return new Promise((resolve) => this.enqueue(binding, message, false, resolve));
  }

  private enqueue(binding: Binding, message: Message, withDuplicates: boolean, onOutcome?: (outcome: DeliveryOutcome) => void): number {
    const group = binding.subscriber.name;
    const copies = 1 + (withDuplicates ? this.options.extraCopies(message, group) : 0);
    const queueKey = `${group}\u0000${partitionOf(message.key, this.partitions)}`;
    let queue = this.queues.get(queueKey);
    if (!queue) {
      queue = { items: [], running: false };
      this.queues.set(queueKey, queue);
    }
    const correlationId = message.headers.correlationId;
    for (let copy = 0; copy < copies; copy++) {
      const end = this.options.activity.begin();
      this.options.flows.add(correlationId);
      this.queued++;
      const item: QueueItem = {
        message,
        binding,
        copy,
        done: () => {
          this.queued--;
          this.options.flows.done(correlationId);
          end();
        },
      };
      if (copy === 0 && onOutcome) this.outcomes.set(item, onOutcome);
      queue.items.push(item);
    }
    if (!queue.running) void this.drain(queue);
    return copies;
  }

  /** Who waits for the outcome of a delivery queued by `send`. */
  private readonly outcomes = new WeakMap<QueueItem, (outcome: DeliveryOutcome) => void>();

  private async drain(queue: PartitionQueue): Promise<void> {
    queue.running = true;
    try {
      for (let item = queue.items.shift(); item; item = queue.items.shift()) {
        let outcome: DeliveryOutcome = { status: "error", error: "the run was abandoned" };
        try {
          if (this.options.alive()) outcome = await this.deliver(item);
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
  private async deliver(item: QueueItem): Promise<DeliveryOutcome> {
    const { message, copy } = item;
    const { subscriber, route } = item.binding;
    const { tracer, counters } = this.options;
    const { policy } = subscriber;
    const trace = { traceId: message.headers.correlationId };
    const attributes = {
      correlationId: message.headers.correlationId,
      causationId: message.headers.causationId,
      messageId: message.messageId,
      eventType: message.eventType,
      messageKind: message.headers.kind,
      consumer: subscriber.name,
      group: subscriber.name,
      channel: message.topic,
      nodeId: route.nodeId,
      edgeId: route.edgeId,
    };
    counters.events.delivered++;
    const design = { elapsedMs: 0 };
    let lastError = "";
    let lastSpanId = message.headers.spanId;
    for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
      if (!this.options.alive()) return { status: "error", error: "the run was abandoned" };
      const span = tracer.start("deliver", `${message.eventName} → ${subscriber.name}`, { ...trace, parentSpanId: message.headers.spanId }, { ...attributes, attempt, copy });
      lastSpanId = span.spanId;
      try {
        const result = await this.semaphore.run(() => subscriber.handler(message, { attempt, copy, span, route, design }));
        if (result === "duplicate") counters.events.duplicatesSkipped++;
        span.end("ok", { duplicate: result === "duplicate" });
        return { status: result };
      } catch (err) {
        if (!this.options.alive()) return { status: "error", error: "the run was abandoned" };
        lastError = errorText(err);
        span.end("error", { error: lastError });
      }
      if (attempt < policy.maxAttempts) {
        const delayMs = retryDelay(policy, attempt, this.options.seed, subscriber.name, `${message.headers.logicalKey}|${copy}`);
        counters.events.retried++;
        const wait = tracer.start("retry", `retry ${message.eventName} → ${subscriber.name}`, { ...trace, parentSpanId: span.spanId }, { ...attributes, attempt: attempt + 1, delayMs, error: lastError });
        design.elapsedMs += delayMs;
        await this.options.wait(delayMs);
        wait.end("ok");
      }
    }
    const dead = tracer.start("dead-letter", `dead letter ${message.eventName} → ${subscriber.name}`, { ...trace, parentSpanId: lastSpanId }, { ...attributes, attempts: policy.maxAttempts, error: lastError, dlq: `${subscriber.name}.dlq` });
    try {
      await subscriber.deadLetter(message, policy.maxAttempts, lastError, route);
      counters.events.deadLettered++;
      dead.end("error");
    } catch (err) {
      dead.end("error", { storeError: errorText(err) });
      throw err;
    }
    return { status: "dead-lettered", error: lastError };
  }
}

/** A consumer group as registered: see `Broker.registrations`. */
export interface Registration {
  readonly group: string;
  readonly dlq: string;
  readonly policy: RetryPolicy;
  readonly takes: readonly { readonly channel: string; readonly type: string }[];
}

/** How one delivery ended (what a replay reports). */
export type DeliveryOutcome =
  | { readonly status: DeliveryResult }
  | { readonly status: "dead-lettered"; readonly error: string }
  | { readonly status: "error"; readonly error: string };
