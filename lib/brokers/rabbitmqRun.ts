import type { Channel, ConfirmChannel, ConsumeMessage } from "amqplib";
import type { Message } from "../sim/ports/records";
import type { ConsumeOptions, Inbound, RunTransport, TransportResource } from "../sim/ports/transport";
import { BrokerError } from "./brokerUrl";
import { queueName, resourcesOf, routingKey, type RabbitTopology } from "./rabbitmqTopology";
import { parseWireMessage } from "./wireMessage";

/*
 * One run on RabbitMQ: its own confirm channel to publish on and its own channel to consume on.
 * Per run rather than per connection because a channel is RabbitMQ's unit of failure: a channel
 * error (a publish to an exchange someone deleted) closes only that channel, so it ends only this
 * run, and a run's close returns its unacknowledged messages without touching other runs.
 *
 * Publishing: the bytes go on the channel synchronously, in call order (amqplib writes each
 * publish to the channel's buffer before `publish` returns), so one key's messages reach their
 * queue in publish order; a publish resolves when the broker confirms that very message.
 *
 * Consuming: every queue is consumed with a prefetch of 1 and explicit acks, and its deliveries are
 * handled one after the other, so each group sees each partition's messages in order. The queues
 * have a single active consumer, so this holds with several workers on one run too. The control
 * queue (workers' notices to the driver) is consumed with a prefetch of 64, side by side.
 *
 * When the connection drops, pending confirms reject with a `broker_failed` BrokerError and the
 * run ends in error: reconnecting (and resuming the run's consumers) is a later step.
 */

/** Marks a message sent to one group's queue (`sendTo`) rather than published on its channel. */
const DIRECT_HEADER = "x-stormflow-direct";
/** How long closing a run waits for the confirms of its publishes still in flight. */
const CONFIRM_WAIT_MS = 10_000;
/** AMQP headers travel in one frame (128 KiB here): a dead letter's error text is cut well short of that. */
const MAX_ERROR_CHARS = 4096;

/** What a run needs of its connection. */
export interface RunLink {
  /** `HOST:PORT`, for messages. */
  readonly where: string;
  /** Why the connection is gone, or null while it is up. */
  connectionLost(): string | null;
  /** Deletes the run's queues and exchanges on a channel of their own. */
  remove(topology: RabbitTopology): Promise<void>;
}

export class RabbitRun implements RunTransport {
  private readonly consumerTags: string[] = [];
  /** Why each channel closed, once the broker closed it (recorded from its 'error' event). */
  private publisherLost: string | null = null;
  private consumerLost: string | null = null;
  private drained: Promise<void> | null = null;
  /**
   * Publishes waiting for their confirm. Rejected when the publishing channel closes: amqplib does
   * not call back a publish written as the connection dropped, and a confirm that never settles
   * held the run (its relay's hand-over) busy for ever after a broker came back (outage.int.test).
   */
  private readonly unconfirmedSends = new Map<Deferred, string>();
  private closing: Promise<void> | null = null;

  constructor(
    private readonly link: RunLink,
    private readonly topology: RabbitTopology,
    private readonly publisher: ConfirmChannel,
    private readonly consumer: Channel,
  ) {
    publisher.on("error", (err: unknown) => (this.publisherLost ??= oneLine(err)));
    publisher.on("close", () => {
      for (const [pending, id] of this.unconfirmedSends) pending.reject(this.publisherGone(new Error("the channel closed before the broker confirmed"), id));
      this.unconfirmedSends.clear();
    });
    consumer.on("error", (err: unknown) => (this.consumerLost ??= oneLine(err)));
  }

  resources(): readonly TransportResource[] {
    return resourcesOf(this.topology);
  }

  publish(channel: string, partition: number, message: Message): Promise<void> {
    const exchange = this.topology.exchanges.get(channel);
    if (exchange === undefined) return Promise.reject(new Error(`channel "${channel}" was not declared for run ${this.topology.namespace}`));
    if (!this.isPartition(partition)) return Promise.reject(new Error(`partition ${partition} is outside 0..${this.topology.partitions - 1}`));
    return this.send(exchange, routingKey(message.eventType, partition), message, {});
  }

  sendTo(group: string, _channel: string, partition: number, message: Message): Promise<void> {
    // The group's partition queue holds all the channels it takes: the channel names nothing here.
    if (!this.topology.dlqs.has(group)) return Promise.reject(new Error(`group "${group}" has no queues in run ${this.topology.namespace}`));
    if (!this.isPartition(partition)) return Promise.reject(new Error(`partition ${partition} is outside 0..${this.topology.partitions - 1}`));
    // The default exchange routes by queue name: straight to this group's queue, no other group's.
    return this.send("", queueName(this.topology.namespace, group, partition), message, { [DIRECT_HEADER]: 1 });
  }

  deadLetter(group: string, message: Message, attempts: number, lastError: string): Promise<void> {
    const dlq = this.topology.dlqs.get(group);
    if (dlq === undefined) return Promise.reject(new Error(`group "${group}" has no DLQ in run ${this.topology.namespace}`));
    return this.send("", dlq, message, { "x-stormflow-attempts": attempts, "x-stormflow-last-error": lastError.slice(0, MAX_ERROR_CHARS) });
  }

  notify(notice: string): Promise<void> {
    return this.sendBody("", this.topology.control, notice, "notice", {});
  }

  async consume(handle: (inbound: Inbound) => Promise<void>, lost: (error: Error) => void, options: ConsumeOptions = {}): Promise<void> {
    // The consuming channel closing while the run is not (the connection dropped, the broker
    // closed it): nothing more will be delivered.
    this.consumer.on("close", () => {
      if (this.closing) return;
      const cause = this.link.connectionLost() ?? this.consumerLost ?? "the broker closed the channel";
      lost(new BrokerError("broker_failed", `RabbitMQ at ${this.link.where} stopped delivering run ${this.topology.namespace}'s messages: ${cause}`));
    });
    const notice = options.notice;
    if (notice) {
      // The prefetch applies to the consumers started after it.
      await this.consumer.prefetch(64, false);
      const { consumerTag } = await this.consumer.consume(
        this.topology.control,
        (msg) => {
          if (!msg) return;
          // Not acknowledged if the driver could not take it in: it comes again when the channel closes.
          void notice(msg.content.toString("utf8")).then(
            () => this.consumer.ack(msg),
            () => undefined,
          );
        },
        { noAck: false },
      );
      this.consumerTags.push(consumerTag);
    }
    if (options.groups === false) return;
    // Not global: a prefetch per consumer (quorum queues support no other), so each queue has at
    // most one unacknowledged message out and the next one comes only after the ack.
    await this.consumer.prefetch(1, false);
    const share = options.share;
    const later = share ? this.topology.queues.filter((q) => q.partition % share.of !== share.index) : [];
    for (const queue of this.topology.queues) if (!later.includes(queue)) await this.consumeQueue(queue.name, queue.group, handle);
    if (later.length === 0 || !share) return;
    // Standing by for the other workers' partitions: a single active consumer is the first to come.
    this.standby = setTimeout(() => {
      void (async () => {
        for (const queue of later) if (!this.closing) await this.consumeQueue(queue.name, queue.group, handle);
      })().catch(() => undefined);
    }, share.standbyAfterMs);
  }

  private standby: ReturnType<typeof setTimeout> | null = null;

  private async consumeQueue(name: string, group: string, handle: (inbound: Inbound) => Promise<void>): Promise<void> {
    // Handled one after the other even if the broker hands over the next delivery before the
    // handler returns (the handler acks before it is done).
    let tail: Promise<void> = Promise.resolve();
    const { consumerTag } = await this.consumer.consume(
      name,
      (msg) => {
        // null: the broker cancelled the consumer (its queue was deleted): nothing more comes.
        if (msg) tail = tail.then(() => this.deliver(group, msg, handle));
      },
      { noAck: false },
    );
    this.consumerTags.push(consumerTag);
  }

  close(options: { readonly keep: boolean }): Promise<void> {
    this.closing ??= this.shut(options.keep);
    return this.closing;
  }

  private async shut(keep: boolean): Promise<void> {
    if (this.standby) clearTimeout(this.standby);
    // A channel already gone (the broker closed it, or the connection dropped) rejects these: there is nothing left to stop.
    await Promise.all(this.consumerTags.map((tag) => this.consumer.cancel(tag).catch(() => undefined)));
    // Closing the consuming channel hands any unacknowledged message back to its queue.
    await this.consumer.close().catch(() => undefined);
    // amqplib drops confirms that arrive once it has asked to close a channel (their publishes
    // reject): publishes in flight settle first, unless the broker sits on them (a memory alarm).
    await settledWithin(this.publisher.waitForConfirms(), CONFIRM_WAIT_MS);
    await this.publisher.close().catch(() => undefined);
    if (keep) return;
    // Without a connection nothing can be deleted: a fresh open of the namespace or removeStale does it later.
    if (this.link.connectionLost() !== null) return;
    await this.link.remove(this.topology);
  }

  private isPartition(partition: number): boolean {
    return Number.isInteger(partition) && partition >= 0 && partition < this.topology.partitions;
  }

  /** Publishes on the run's confirm channel; resolves once the broker confirms this message. */
  private send(exchange: string, key: string, message: Message, headers: Record<string, unknown>): Promise<void> {
    return this.sendBody(exchange, key, JSON.stringify(message), message.messageId, headers);
  }

  private sendBody(exchange: string, key: string, body: string, id: string, headers: Record<string, unknown>): Promise<void> {
    const confirmed = deferred();
    this.unconfirmedSends.set(confirmed, id);
    const settled = () => this.unconfirmedSends.delete(confirmed);
    confirmed.promise.then(settled, settled);
    let written: boolean;
    try {
      written = this.publisher.publish(
        exchange,
        key,
        Buffer.from(body),
        { persistent: true, messageId: id, contentType: "application/json", headers },
        (err: unknown) => (err ? confirmed.reject(this.unconfirmed(err, id, exchange, key)) : confirmed.resolve()),
      );
    } catch (err) {
      // amqplib throws once the channel is closed (its callback, already queued, is never called).
      settled();
      confirmed.promise.catch(() => undefined);
      return Promise.reject(this.publisherGone(err, id));
    }
    if (written) return confirmed.promise;
    // Past the channel's buffer high-water mark: amqplib has kept this message (and keeps later
    // ones, in order), but a caller that awaits its publishes should not outrun the socket.
    return Promise.all([confirmed.promise, this.drain()]).then(() => undefined);
  }

  private drain(): Promise<void> {
    this.drained ??= new Promise<void>((resolve) => {
      const done = () => {
        this.publisher.off("drain", done);
        this.publisher.off("close", done);
        this.drained = null;
        resolve();
      };
      this.publisher.on("drain", done);
      // A closed channel never drains: its confirms reject instead.
      this.publisher.on("close", done);
    });
    return this.drained;
  }

  /** Why a publish got no positive confirm: a nack, or the channel closed first. */
  private unconfirmed(err: unknown, id: string, exchange: string, key: string): BrokerError {
    if (err instanceof Error && err.message === "message nacked") {
      const target = exchange === "" ? `queue ${key}` : `exchange ${exchange} (${key})`;
      return new BrokerError("broker_failed", `RabbitMQ at ${this.link.where} refused message ${id} to ${target}`);
    }
    return this.publisherGone(err, id);
  }

  private publisherGone(err: unknown, id: string): BrokerError {
    const cause = this.link.connectionLost() ?? this.publisherLost ?? (this.closing ? "the run was closed" : oneLine(err));
    return new BrokerError("broker_failed", `RabbitMQ at ${this.link.where} did not confirm message ${id} of run ${this.topology.namespace}: ${cause}`);
  }

  private async deliver(group: string, msg: ConsumeMessage, handle: (inbound: Inbound) => Promise<void>): Promise<void> {
    const message = parseWireMessage(msg.content.toString("utf8"));
    if (message === null) {
      // Not something this adapter published: dropped (rejected without requeue) rather than handed on.
      try {
        this.settle(() => this.consumer.reject(msg, false));
      } catch {
        // The channel is gone: the broker keeps the message.
      }
      return;
    }
    let acked = false;
    const inbound: Inbound = {
      group,
      message,
      direct: Boolean(msg.properties.headers?.[DIRECT_HEADER]),
      redelivered: msg.fields.redelivered,
      ack: async () => {
        // A second ack of one delivery tag is a channel error in AMQP: acknowledge once.
        if (acked) return;
        acked = true;
        // AMQP acks are not confirmed: once written, the broker forgets the message.
        this.settle(() => this.consumer.ack(msg), message.messageId);
      },
      // The broker's only clock on a held message is its consumer timeout (30 minutes by default;
      // past it the broker closes the consuming channel), far beyond any retry wait of a run: nothing to tell it.
      working: () => undefined,
    };
    try {
      await handle(inbound);
    } catch {
      // The caller handles its own errors (TransportBroker.receive catches them); one that escapes
      // leaves the message unacknowledged, to come again once this run's channel closes.
    }
  }

  /** Runs an ack or reject on the consuming channel, which throws once that channel is closed. */
  private settle(write: () => void, messageId?: string): void {
    try {
      write();
    } catch (err) {
      const cause = this.link.connectionLost() ?? this.consumerLost ?? (this.closing ? "the run was closed" : oneLine(err));
      const what = messageId ? `message ${messageId}` : "a message";
      throw new BrokerError("broker_failed", `RabbitMQ at ${this.link.where} did not take the acknowledgement of ${what} of run ${this.topology.namespace}: ${cause}`);
    }
  }
}

/** Resolves when `promise` settles or after `ms`, whichever comes first; never rejects. */
export async function settledWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  await Promise.race([promise.catch(() => undefined), timeout]);
  clearTimeout(timer);
}

interface Deferred {
  readonly promise: Promise<void>;
  resolve(): void;
  reject(err: unknown): void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** An error's message on one line. */
export function oneLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).replace(/\s+/g, " ").trim();
}
