import type { Route } from "../../model";
import { errorText } from "../errors";
import { partitionOf } from "../hash";
import type { Message } from "../ports/records";
import { runNamespace, type BrokerTransport, type ConsumeOptions, type Inbound, type RunTransport, type TransportBinding, type TransportPlan } from "../ports/transport";
import type { BrokerOptions } from "./broker";
import { Bindings, type Binding } from "./bindings";
import { deliverWithRetries, type DeliveryEnv } from "./deliver";
import { parseNotice, type Handled, type Notice } from "./notice";
import type { BrokerReport, DeliveryOutcome, Registration, RunBroker, Subscriber } from "./runBroker";
import { Semaphore } from "../semaphore";

/*
 * A run's broker over a real one (NATS JetStream, RabbitMQ: the transport port, lib/brokers).
 * Same semantics as in process: the board's consumer groups, channels split into partitions by
 * key and read one message at a time per group and partition (per-key order), at-least-once with
 * an ack after the handler, the group's retries while the message is held (deliver.ts), its DLQ,
 * duplicates injected behind the original. What differs is where a message waits: on the
 * broker, so this process only knows what it published and what it was handed.
 *
 * The run is quiet when every delivery it published is done: each publish counts one delivery
 * per subscribed group as work in flight (and in its flow) until this process has handled and
 * acknowledged it. A message the broker hands over that this process did not count (a
 * redelivery from an earlier life of the run) is work in flight while it is handled.
 *
 * A broker that goes away pauses the run: publishes, sends and DLQ copies wait (in the order they
 * were made; the outbox rows stay unmarked), a handler whose ack could not be delivered leaves
 * its message to be redelivered (its effect is recorded: the redelivery is a duplicate), and the
 * run's resources are declared again and consumed once the broker answers. What was published
 * and not yet confirmed when it went is published again (a duplicate at worst). Should the
 * broker stay away longer than `outageMs`, the run ends in error saying so; nothing is lost
 * either way (the store and the outbox keep it, and a resume goes on).
 *
 * Scale-out: worker processes (`stormflow worker`) host the consumer groups too, on the same
 * queues. A worker's broker (`tell` given) delivers what it is handed, tells the run's driver on
 * the run's control queue (notice.ts) and only then acknowledges; it publishes nothing (its
 * outbox rows are the driver's relay's), declares nothing, and removes nothing. The driver's
 * broker settles the deliveries a notice names as if it had handled them, so a run is quiet by
 * the same count whoever handled what. A driver whose workers host the groups (`hostGroups`
 * false) consumes the control queue alone.
 */

/** The in-process broker's options (its `partitions` here: per channel on the broker, default 8), and the broker's. */
export interface TransportBrokerOptions extends BrokerOptions {
  readonly runId: string;
  readonly transport: BrokerTransport;
  /** Every channel the run publishes on: declared before the first publish. */
  readonly channels: readonly string[];
  /** Keep the run's streams, queues and consumers after it ends (for inspection). */
  readonly keep: boolean;
  /** Real time (not design time): how a paused run waits between attempts to reach its broker again. */
  readonly sleep: (ms: number) => Promise<void>;
  /** How long a run waits for a broker that went away before it ends in error (default 60 s). */
  readonly outageMs?: number;
  /** The driver: consume the consumer groups' queues here too (default true; false: workers host them). */
  readonly hostGroups?: boolean;
  /** The driver: what a worker's notice carries besides the deliveries it settles (spans, counts, rows). */
  readonly heard?: (notice: Notice) => void;
  /** A worker: the notice telling the driver that a delivery is done. */
  readonly tell?: (handled: Handled) => string;
  /** A worker: the partitions it takes first (ConsumeOptions.share). */
  readonly share?: ConsumeOptions["share"];
}

/** Between two attempts to reach a broker that went away. */
const RECONNECT_EVERY_MS = 1_000;

/** One publish's delivery to one group, counted until it is done here. */
interface Expected {
  readonly done: () => void;
  readonly outcome?: (outcome: DeliveryOutcome) => void;
}

export class TransportBroker implements RunBroker {
  readonly confirms = true;
  private readonly bindings = new Bindings();
  private readonly semaphore: Semaphore;
  private readonly partitions: number;
  private readonly expected = new Map<string, Expected[]>();
  private run: RunTransport | null = null;
  private plan: TransportPlan | null = null;
  /** While the broker is away: resolves once the run is connected again, rejects when the run gave up on it. */
  private outage: Promise<void> | null = null;
  private closed = false;
  private queued = 0;

  constructor(private readonly options: TransportBrokerOptions) {
    this.semaphore = new Semaphore(options.maxInFlight ?? 48);
    this.partitions = options.partitions ?? 8;
  }

  subscribe(subscriber: Subscriber, routes: readonly Route[]): void {
    // A dead letter goes to the group's DLQ on the broker as well as to the store (which replays read).
    this.bindings.subscribe(
      {
        ...subscriber,
        deadLetter: async (message, attempts, lastError, route) => {
          await subscriber.deadLetter(message, attempts, lastError, route);
          await this.onBroker((run) => run.deadLetter(subscriber.name, message, attempts, lastError));
        },
      },
      routes,
    );
  }

  registrations(): Registration[] {
    return this.bindings.registrations();
  }

  get backlog(): number {
    return this.queued;
  }

  groupsFor(channel: string, type: string): string[] {
    return this.bindings.groupsFor(channel, type);
  }

  async open(fresh: boolean): Promise<void> {
    if (this.run) return;
    const byGroupChannel = new Map<string, { group: string; channel: string; types: string[] }>();
    for (const { subscriber, route } of this.bindings.all()) {
      const key = `${subscriber.name}\u0000${route.channel}`;
      const entry = byGroupChannel.get(key) ?? { group: subscriber.name, channel: route.channel, types: [] };
      entry.types.push(route.type);
      byGroupChannel.set(key, entry);
    }
    const bindings: TransportBinding[] = [...byGroupChannel.values()];
    const channels = [...new Set([...this.options.channels, ...bindings.map((b) => b.channel)])];
    this.plan = { namespace: runNamespace(this.options.runId), partitions: this.partitions, channels, bindings };
    this.closed = false;
    await this.connect(fresh);
  }

  /** Declares the run's resources and consumes them; the run is connected once this resolves. */
  private async connect(fresh: boolean): Promise<void> {
    const worker = this.options.tell !== undefined;
    const run = await this.options.transport.open(this.plan!, { fresh, keep: this.options.keep, declare: !worker });
    // Open for publishing before consuming: deliveries start with the first queue consumed (a
    // resumed run's redeliveries at once), their handlers commit, and what they wrote is
    // published straight away. It had been refused as "not open" until every queue was consumed,
    // leaving the run waiting for a delivery that was never published (a resumed RabbitMQ run stalled).
    this.run = run;
    try {
      await run.consume(
        (inbound) => (worker ? this.work(inbound) : this.receive(inbound)),
        (error) => this.lose(run, error),
        {
          groups: worker || this.options.hostGroups !== false,
          ...(worker ? {} : { notice: (body: string) => this.hear(body) }),
          ...(this.options.share ? { share: this.options.share } : {}),
        },
      );
    } catch (err) {
      if (this.run === run) this.run = null;
      // What did start consuming stops: left running, it would hold messages nobody handles.
      await run.close({ keep: true }).catch(() => undefined);
      throw err;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const run = this.run;
    this.run = null;
    await run?.close({ keep: this.options.keep });
  }

  /** The broker went away under `run`: the run pauses and tries to reach it again (once per loss). */
  private lose(run: RunTransport, error: Error): void {
    if (this.closed || this.run !== run || this.outage || !this.options.alive()) return;
    this.run = null;
    // Consumers stopped, resources left as they are: they are the run's still.
    void run.close({ keep: true }).catch(() => undefined);
    const outage = this.reconnect(error);
    this.outage = outage;
    // Whoever waits on it hears how it ended; nobody waiting is fine too.
    outage.catch(() => undefined);
  }

  private async reconnect(cause: Error): Promise<void> {
    const outageMs = this.options.outageMs ?? 60_000;
    let lastError = cause;
    for (let waited = 0; waited < outageMs && this.options.alive() && !this.closed; waited += RECONNECT_EVERY_MS) {
      await this.options.sleep(RECONNECT_EVERY_MS);
      try {
        await this.options.transport.ready();
        await this.connect(false);
        this.outage = null;
        return;
      } catch (err) {
        lastError = err instanceof Error ? err : new Error(String(err));
      }
    }
    // The run ended meanwhile (it was quiet, or stopped): nothing to wait for any more.
    if (this.closed || !this.options.alive()) return;
    const error = new Error(`the run's broker ${this.options.transport.id} was away for more than ${Math.round(outageMs / 1000)} s: ${errorText(lastError)}`);
    this.options.onError(error);
    throw error;
  }

  /**
   * `op` on the connected run; if the broker goes away under it (or is away), it waits until the
   * run is connected again and does it once more. Waiters resume in the order they came.
   */
  private async onBroker<T>(op: (run: RunTransport) => Promise<T>): Promise<T> {
    for (;;) {
      if (this.outage) await this.outage;
      const run = this.transport();
      try {
        return await op(run);
      } catch (err) {
        // Not a lost broker, or a run that is over (abandoned, closed): nothing to wait for.
        if ((this.options.transport.connected && this.run === run) || this.closed || !this.options.alive()) throw err;
        this.lose(run, err instanceof Error ? err : new Error(String(err)));
      }
    }
  }

  report(): BrokerReport {
    return { kind: this.options.transport.kind, url: this.options.transport.id, resources: this.lastResources() };
  }

  private resources: BrokerReport["resources"] = [];
  private lastResources(): BrokerReport["resources"] {
    if (this.run) this.resources = this.run.resources();
    return this.resources;
  }

  publish(message: Message): Promise<void> {
    const expected = this.bindings.of(message.topic, message.eventType).map((binding) => ({ group: binding.subscriber.name, entry: this.expect(binding.subscriber.name, message) }));
    const partition = this.partitionOf(message);
    return this.onBroker((run) => run.publish(message.topic, partition, message)).catch((err: unknown) => {
      // Not published: nothing will be delivered, so nothing is in flight (the run fails on the error).
      for (const { group, entry } of expected) this.settle(group, message.messageId, entry);
      throw err;
    });
  }

  send(group: string, message: Message): Promise<DeliveryOutcome> {
    const binding = this.bindings.forGroup(group, message);
    if (!("subscriber" in binding)) return Promise.resolve(binding);
    return new Promise((resolve) => {
      const entry = this.expect(group, message, resolve);
      const partition = this.partitionOf(message);
      this.onBroker((run) => run.sendTo(group, message.topic, partition, message)).catch((err: unknown) => {
          this.settle(group, message.messageId, entry);
          resolve({ status: "error", error: errorText(err) });
        });
    });
  }

  private transport(): RunTransport {
    if (!this.run) throw new Error(this.closed ? "the run's broker is closed" : "the run's broker is not open");
    return this.run;
  }

  private partitionOf(message: Message): number {
    return partitionOf(message.key, this.partitions);
  }

  /** Counts one delivery of `message` to `group` as work in flight until it is done here. */
  private expect(group: string, message: Message, outcome?: (outcome: DeliveryOutcome) => void): Expected {
    const correlationId = message.headers.correlationId;
    const end = this.options.activity.begin();
    this.options.flows.add(correlationId);
    this.queued++;
    let open = true;
    const entry: Expected = {
      done: () => {
        if (!open) return;
        open = false;
        this.queued--;
        this.options.flows.done(correlationId);
        end();
      },
      outcome,
    };
    const key = `${group}\u0000${message.messageId}`;
    this.expected.set(key, [...(this.expected.get(key) ?? []), entry]);
    return entry;
  }

  /** Takes the oldest expected delivery of `messageId` to `group` (null: none; an earlier life of the run published it). */
  private claim(group: string, messageId: string): Expected | null {
    const key = `${group}\u0000${messageId}`;
    const [entry, ...rest] = this.expected.get(key) ?? [];
    if (rest.length > 0) this.expected.set(key, rest);
    else this.expected.delete(key);
    return entry ?? null;
  }

  /** A claimed delivery that did not happen after all: expected again, first in line. */
  private unclaim(group: string, messageId: string, entry: Expected | null): void {
    if (!entry) return;
    const key = `${group}\u0000${messageId}`;
    this.expected.set(key, [entry, ...(this.expected.get(key) ?? [])]);
  }

  private settle(group: string, messageId: string, entry: Expected): void {
    const key = `${group}\u0000${messageId}`;
    const rest = (this.expected.get(key) ?? []).filter((e) => e !== entry);
    if (rest.length > 0) this.expected.set(key, rest);
    else this.expected.delete(key);
    entry.done();
  }

  /** A message the broker handed to one of this run's consumers. */
  private async receive(inbound: Inbound): Promise<void> {
    const { message, group } = inbound;
    const binding = this.bindings.of(message.topic, message.eventType).find((b) => b.subscriber.name === group);
    // Claimed now, not when done: two copies of one message handled side by side (a recovery's
    // direct copy and a republished one) must not both settle one expected delivery.
    const entry = this.claim(group, message.messageId);
    // Not counted here (an earlier life of the run published it): in flight while it is handled.
    const end = entry ? null : this.options.activity.begin();
    try {
      if (!binding || !this.options.alive()) {
        // A type the group does not take shares its channel's partition; an abandoned run leaves it on the broker.
        if (binding === undefined) await inbound.ack();
        return this.unclaim(group, message.messageId, entry);
      }
      const outcome = await this.deliver(binding, inbound);
      if (outcome.status === "error" && !this.options.alive()) return this.unclaim(group, message.messageId, entry);
      await inbound.ack();
      if (entry) {
        entry.outcome?.(outcome);
        entry.done();
      }
    } catch (err) {
      // Not acknowledged: the message comes again, and its delivery is expected still.
      this.unclaim(group, message.messageId, entry);
      // The broker went away before the ack reached it: the message comes again (a duplicate
      // now), and is counted done then. Anything else (the dead-letter store failed) ends the run.
      if (this.options.transport.connected && !this.outage) this.options.onError(err);
    } finally {
      end?.();
    }
  }

  /**
   * A worker's notice: the deliveries it finished are settled as if handled here, after what it
   * recorded (its committed outbox rows above all) is taken in, so no flow looks finished early.
   */
  private async hear(body: string): Promise<void> {
    const notice = parseNotice(body);
    // Not a notice (a broker is shared): acknowledged and dropped, as nothing can be done with it.
    if (!notice || !this.options.alive()) return;
    this.options.heard?.(notice);
    for (const { group, messageId, outcome } of notice.handled) {
      const entry = this.claim(group, messageId);
      if (!entry) continue;
      entry.outcome?.(outcome);
      entry.done();
    }
  }

  /** A worker's delivery: handled, told to the driver, then acknowledged (a crash between the two redelivers it: a duplicate). */
  private async work(inbound: Inbound): Promise<void> {
    const { message, group } = inbound;
    const binding = this.bindings.of(message.topic, message.eventType).find((b) => b.subscriber.name === group);
    if (binding === undefined) return inbound.ack();
    if (!this.options.alive()) return;
    const end = this.options.activity.begin();
    try {
      const outcome = await this.deliver(binding, inbound);
      if (outcome.status === "error" && !this.options.alive()) return;
      const notice = this.options.tell!({ group, messageId: message.messageId, outcome });
      await this.onBroker((run) => run.notify(notice));
      await inbound.ack();
    } catch (err) {
      // Not acknowledged: it comes again. A lost broker is waited out; anything else is the worker's to report.
      if (this.options.transport.connected && !this.outage) this.options.onError(err);
    } finally {
      end();
    }
  }

  /** The original and any duplicates injected behind it, each with the group's retries. */
  private async deliver(binding: Binding, inbound: Inbound): Promise<DeliveryOutcome> {
    const { message } = inbound;
    const env: DeliveryEnv = {
      seed: this.options.seed,
      tracer: this.options.tracer,
      counters: this.options.counters,
      alive: this.options.alive,
      ...(this.options.resumed ? { resumed: this.options.resumed } : {}),
      wait: (designMs) => {
        inbound.working();
        return this.options.wait(designMs);
      },
    };
    const copies = 1 + (inbound.redelivered || inbound.direct ? 0 : this.options.extraCopies(message, binding.subscriber.name));
    let first: DeliveryOutcome = { status: "error", error: "not delivered" };
    for (let copy = 0; copy < copies; copy++) {
      const outcome = await deliverWithRetries(env, this.semaphore, binding.subscriber, binding.route, message, copy);
      if (copy === 0) first = outcome;
    }
    return first;
  }
}
