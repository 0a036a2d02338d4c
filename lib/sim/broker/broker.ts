import type { Route } from "../../model";
import { Bindings, type Binding } from "./bindings";
import type { Activity } from "../run/activity";
import type { Counters } from "../run/counters";
import { errorText } from "../errors";
import type { Flows } from "../run/flows";
import { partitionOf } from "../hash";
import type { Message } from "../ports/records";
import { deliverWithRetries, type DeliveryEnv } from "./deliver";
import type { BrokerReport, DeliveryOutcome, Registration, RunBroker, Subscriber } from "./runBroker";
import { Semaphore } from "../semaphore";
import type { Tracer } from "../trace/tracer";

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
  /** After a crash: where an interrupted delivery stood (deliver.ts). */
  readonly resumed?: DeliveryEnv["resumed"];
  /** A failure of the broker itself (e.g. the dead-letter store is down). */
  readonly onError: (error: unknown) => void;
}

const DONE: Promise<void> = Promise.resolve();

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


export class Broker implements RunBroker {
  private readonly bindings = new Bindings();
  private readonly queues = new Map<string, PartitionQueue>();
  private readonly semaphore: Semaphore;
  private readonly partitions: number;
  private queued = 0;

  constructor(private readonly options: BrokerOptions) {
    this.semaphore = new Semaphore(options.maxInFlight ?? 48);
    this.partitions = options.partitions ?? 32;
  }

  subscribe(subscriber: Subscriber, routes: readonly Route[]): void {
    this.bindings.subscribe(subscriber, routes);
  }

  registrations(): Registration[] {
    return this.bindings.registrations();
  }

  /** Deliveries queued and not yet done: what the entry commands slow down for when consumers lag. */
  get backlog(): number {
    return this.queued;
  }

  /** The groups subscribed to a message of `type` on `channel`. */
  groupsFor(channel: string, type: string): string[] {
    return this.bindings.groupsFor(channel, type);
  }

  readonly confirms = false;

  /** Queues `message` for every group subscribed to its channel and type: it is the broker's at once. */
  publish(message: Message): Promise<void> {
    for (const binding of this.bindings.of(message.topic, message.eventType)) this.enqueue(binding, message, true);
    return DONE;
  }

  /** Nothing to declare in process. */
  open(): Promise<void> {
    return DONE;
  }

  close(): Promise<void> {
    return DONE;
  }

  report(): BrokerReport | null {
    return null;
  }

  /** Queues `message` for one group only (a replay from the DLQ, a redelivery after a restart). */
  send(group: string, message: Message): Promise<DeliveryOutcome> {
    const binding = this.bindings.forGroup(group, message);
    if (!("subscriber" in binding)) return Promise.resolve(binding);
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

  private deliver(item: QueueItem): Promise<DeliveryOutcome> {
    return deliverWithRetries(this.options, this.semaphore, item.binding.subscriber, item.binding.route, item.message, item.copy);
  }
}
