import { connect, nanos, type NatsConnection } from "@nats-io/transport-node";
import { AckPolicy, DeliverPolicy, RetentionPolicy, StorageType, jetstream, jetstreamManager, type ConsumerMessages, type JetStreamClient, type JetStreamManager } from "@nats-io/jetstream";
import type { Message } from "../sim/ports/records";
import type { BrokerTransport, ConsumeOptions, Inbound, RunTransport, TransportOpenOptions, TransportPlan, TransportResource } from "../sim/ports/transport";
import { BrokerError, type BrokerAddress } from "./brokerUrl";
import { distinctNames, fitName } from "./resourceNames";
import { parseWireMessage } from "./wireMessage";
import { errorText } from "../sim/errors";

/*
 * NATS JetStream under a run (the transport port, lib/sim/ports/transport.ts).
 *
 * Layout, under the run's namespace `ns` (`sf-1a2b3c4d`):
 * - one stream per channel, `<ns>_<channel>` (dots become `_`: stream names cannot hold them),
 *   subjects `<ns>.<channel>.<partition>`; interest retention, so a message is gone once every
 *   group that takes it has acknowledged it, as a queue would be;
 * - one durable pull consumer per group, channel and partition, `<group>_<channel>_<p>`,
 *   filtered on that partition's subject, explicit acks, `max_ack_pending` 1: one message of a
 *   partition at a time per group, which is per-key order (NATS 2.9, Debian's, takes one filter
 *   subject per consumer, hence a consumer per channel and partition rather than per group);
 * - `<ns>_direct`: subjects `<ns>._direct.<group>`, one consumer per group, for what is sent to
 *   one group only (replays, redeliveries after a crash);
 * - `<ns>_dlq`: subjects `<ns>.<group>.dlq`, limits retention, each dead letter with its message id;
 * - `<ns>_control`: subject `<ns>._control`, one consumer `control`, read by the run's driver
 *   alone: its workers' notices (what they handled).
 * Several processes may pull from one durable consumer (a run's workers): a partition's consumer
 * still has one message out at a time, so per-key order holds whoever takes it, and what a
 * killed worker held is redelivered to another after `ack_wait`.
 * File storage: what the broker acknowledged survives a broker restart. A message held by a
 * handler in a retry wait is kept from redelivery with `working()`; `ack_wait` is 30 s (options).
 */

/** How long a message a consumer holds without a word (`working()`) stays its own: after a crash or a lost connection, it is redelivered this long after. */
const ACK_WAIT_MS = 30_000;

/** Connects to NATS (BrokerError naming host, port and cause when it cannot). */
export async function connectNats(address: BrokerAddress, options: { timeoutMs?: number; ackWaitMs?: number } = {}): Promise<BrokerTransport> {
  const url = new URL(address.url);
  let nc: NatsConnection;
  try {
    nc = await connect({
      servers: `${address.host}:${address.port}`,
      // `nats://TOKEN@host` is token auth; `nats://USER:PASSWORD@host` user and password.
      ...(url.username && !url.password ? { token: decodeURIComponent(url.username) } : url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : {}),
      timeout: options.timeoutMs ?? 5_000,
      reconnect: false,
      name: "stormflow",
    });
  } catch (err) {
    throw connectError(address, err, url.password ? url.username : "");
  }
  let jsm: JetStreamManager;
  try {
    jsm = await jetstreamManager(nc, { timeout: options.timeoutMs ?? 5_000 });
  } catch (err) {
    await nc.close().catch(() => undefined);
    throw new BrokerError("broker_failed", `NATS at ${address.host}:${address.port} has no JetStream (start nats-server with -js): ${errorText(err)}`);
  }
  const js = jetstream(nc, { timeout: 10_000 });
  return new NatsTransport(address, nc, jsm, js, options.ackWaitMs ?? ACK_WAIT_MS);
}

function connectError(address: BrokerAddress, err: unknown, user: string): BrokerError {
  const text = errorText(err);
  if (/authori[sz]ation|authentication|user/i.test(text)) {
    return new BrokerError("refused_credentials", `NATS at ${address.host}:${address.port} refused the credentials${user ? ` of user ${decodeURIComponent(user)}` : ""}`);
  }
  return new BrokerError("unreachable", `NATS at ${address.host}:${address.port} is unreachable: ${text}`);
}

class NatsTransport implements BrokerTransport {
  readonly kind = "nats";
  readonly id: string;

  constructor(
    private readonly address: BrokerAddress,
    private readonly nc: NatsConnection,
    private readonly jsm: JetStreamManager,
    private readonly js: JetStreamClient,
    private readonly ackWaitMs: number,
  ) {
    this.id = address.id;
  }

  get connected(): boolean {
    return !this.nc.isClosed();
  }

  async ready(): Promise<void> {
    if (this.nc.isClosed()) throw new BrokerError("broker_failed", `the connection to NATS at ${this.address.host}:${this.address.port} is closed`);
  }

  /**
   * Declares the run's streams and consumers. JetStream has no idle expiry for them, so `keep`
   * changes nothing here: what a crash leaves is removed by `removeStale` (the next start's sweep).
   */
  async open(plan: TransportPlan, options: TransportOpenOptions): Promise<RunTransport> {
    if (options.fresh) await this.removeNamespace(plan.namespace);
    const where = `NATS at ${this.address.host}:${this.address.port}`;
    const run = new NatsRun(this.jsm, this.js, plan, where, this.nc.closed(), this.ackWaitMs);
    if (options.declare !== false) await run.declare();
    return run;
  }

  async removeStale(isStale: (namespace: string) => boolean): Promise<string[]> {
    const removed: string[] = [];
    for await (const name of this.jsm.streams.names()) {
      const namespace = name.split("_")[0] ?? "";
      if (!namespace.startsWith("sf-") || !isStale(namespace)) continue;
      await this.jsm.streams.delete(name).catch(() => false);
      removed.push(name);
    }
    return removed;
  }

  private async removeNamespace(namespace: string): Promise<void> {
    for await (const name of this.jsm.streams.names()) {
      if (name.startsWith(`${namespace}_`)) await this.jsm.streams.delete(name).catch(() => false);
    }
  }

  async close(): Promise<void> {
    await this.nc.close();
  }

  toString(): string {
    return `NATS at ${this.address.host}:${this.address.port}`;
  }
}

/** A subject or name token: what NATS allows in one (no dots, spaces, wildcards). */
function token(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]/g, "_");
}

/** A channel's subject tokens: its dots stay (they are NATS's hierarchy), anything else odd becomes `_`. */
function channelSubject(name: string): string {
  return name
    .split(".")
    .map((part) => token(part) || "_")
    .join(".");
}

interface ConsumerSpec {
  readonly stream: string;
  readonly name: string;
  readonly subject: string;
  readonly group: string;
  /** One at a time (a partition), or any number (the direct consumer, the control consumer). */
  readonly ordered: boolean;
  /** A group's partition consumer: its partition. */
  readonly partition?: number;
  /** The control consumer: workers' notices, read by the driver. */
  readonly control?: boolean;
}

class NatsRun implements RunTransport {
  private readonly ns: string;
  private readonly streams: { name: string; subjects: string[]; retention: RetentionPolicy }[] = [];
  private readonly consumers: ConsumerSpec[] = [];
  private readonly running: ConsumerMessages[] = [];
  private readonly loops: Promise<void>[] = [];
  private readonly encoder = new TextEncoder();
  private readonly decoder = new TextDecoder();

  private closing = false;
  /** Channel -> its stream name token and its subject tokens, acceptable to NATS and distinct (resourceNames.ts). */
  private readonly streamTokens: Map<string, string>;
  private readonly subjectTokens: Map<string, string>;

  constructor(
    private readonly jsm: JetStreamManager,
    private readonly js: JetStreamClient,
    private readonly plan: TransportPlan,
    private readonly where: string,
    /** Resolves when the connection closes (with its error when it was not asked to). */
    private readonly connectionClosed: Promise<void | Error>,
    private readonly ackWaitMs: number,
  ) {
    this.ns = plan.namespace;
    const groups = [...new Set(plan.bindings.map((b) => b.group))];
    const channels = [...plan.channels, ...plan.bindings.map((b) => b.channel)];
    // A channel's stream may not be named like the run's own (`<ns>_direct`, `<ns>_dlq`); its subject
    // may not be `_direct`, nor a group's (the DLQ subject `<group>.dlq` would overlap `<channel>.*`).
    this.streamTokens = distinctNames(channels, token, new Set(["direct", "dlq", "control"]));
    this.subjectTokens = distinctNames(channels, channelSubject, new Set(["_direct", "_control", ...groups.map(token)]));
    for (const channel of plan.channels) {
      this.streams.push({ name: this.streamOf(channel), subjects: [`${this.ns}.${this.subjectTokens.get(channel)!}.*`], retention: RetentionPolicy.Interest });
    }
    this.streams.push({ name: `${this.ns}_direct`, subjects: [`${this.ns}._direct.*`], retention: RetentionPolicy.Interest });
    this.streams.push({ name: `${this.ns}_dlq`, subjects: groups.map((g) => this.dlqSubject(g)), retention: RetentionPolicy.Limits });
    this.streams.push({ name: `${this.ns}_control`, subjects: [this.controlSubject()], retention: RetentionPolicy.Interest });
    for (const binding of plan.bindings) {
      for (let p = 0; p < plan.partitions; p++) {
        this.consumers.push({
          stream: this.streamOf(binding.channel),
          name: fitName(`${token(binding.group)}_${this.streamTokens.get(binding.channel)!}_${p}`),
          subject: this.subjectOf(binding.channel, p),
          group: binding.group,
          ordered: true,
          partition: p,
        });
      }
    }
    for (const group of groups) {
      this.consumers.push({ stream: `${this.ns}_direct`, name: token(group), subject: this.directSubject(group), group, ordered: false });
    }
    this.consumers.push({ stream: `${this.ns}_control`, name: "control", subject: this.controlSubject(), group: "", ordered: false, control: true });
  }

  private controlSubject(): string {
    return `${this.ns}._control`;
  }

  private streamOf(channel: string): string {
    return fitName(`${this.ns}_${this.streamTokens.get(channel) ?? token(channel)}`);
  }

  private subjectOf(channel: string, partition: number): string {
    return `${this.ns}.${this.subjectTokens.get(channel) ?? channelSubject(channel)}.${partition}`;
  }

  private directSubject(group: string): string {
    return `${this.ns}._direct.${token(group)}`;
  }

  private dlqSubject(group: string): string {
    return `${this.ns}.${token(group)}.dlq`;
  }

  async declare(): Promise<void> {
    for (const stream of this.streams) {
      await this.jsm.streams.add({ name: stream.name, subjects: stream.subjects, retention: stream.retention, storage: StorageType.File, num_replicas: 1 });
    }
    for (const consumer of this.consumers) {
      await this.jsm.consumers.add(consumer.stream, {
        durable_name: consumer.name,
        filter_subject: consumer.subject,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        max_ack_pending: consumer.ordered ? 1 : 1_000,
        ack_wait: nanos(this.ackWaitMs),
        // Retries are the group's (held while the handler retries); the broker redelivers only what a dead consumer held.
        max_deliver: -1,
      });
    }
  }

  resources(): readonly TransportResource[] {
    return [
      ...this.streams.map((s) => ({ type: "stream", name: s.name })),
      ...this.consumers.map((c) => ({ type: "consumer", name: `${c.stream}/${c.name}` })),
      ...[...new Set(this.plan.bindings.map((b) => b.group))].map((g) => ({ type: "subject", name: this.dlqSubject(g) })),
    ];
  }

  async publish(channel: string, partition: number, message: Message): Promise<void> {
    await this.js.publish(this.subjectOf(channel, partition), this.encode(message));
  }

  async sendTo(group: string, _channel: string, _partition: number, message: Message): Promise<void> {
    await this.js.publish(this.directSubject(group), this.encode(message));
  }

  async deadLetter(group: string, message: Message, attempts: number, lastError: string): Promise<void> {
    await this.js.publish(this.dlqSubject(group), this.encoder.encode(JSON.stringify({ messageId: message.messageId, attempts, lastError, message })), { msgID: `${group}|${message.messageId}|${attempts}` });
  }

  async notify(notice: string): Promise<void> {
    await this.js.publish(this.controlSubject(), this.encoder.encode(notice));
  }

  async consume(handle: (inbound: Inbound) => Promise<void>, lost: (error: Error) => void, options: ConsumeOptions = {}): Promise<void> {
    let told = false;
    const tell = (cause: string) => {
      if (this.closing || told) return;
      told = true;
      lost(new BrokerError("broker_failed", `${this.where} stopped delivering run ${this.ns}'s messages: ${cause}`));
    };
    void this.connectionClosed.then((err) => tell(err ? errorText(err) : "the connection was closed"));
    const start = async (spec: ConsumerSpec) => {
      const consumer = await this.js.consumers.get(spec.stream, spec.name);
      const messages = await consumer.consume({ max_messages: spec.ordered ? 8 : 256 });
      this.running.push(messages);
      // A consumer that ends while the run has not closed it (its stream was deleted, the server went away).
      this.loops.push(this.loop(spec, messages, handle, options.notice).then(() => tell(`consumer ${spec.name} ended`), (err: unknown) => tell(errorText(err))));
    };
    const wanted = this.consumers.filter((spec) => (spec.control ? options.notice !== undefined : options.groups !== false));
    const share = options.share;
    const later = share ? wanted.filter((spec) => spec.partition !== undefined && spec.partition % share.of !== share.index) : [];
    for (const spec of wanted) if (!later.includes(spec)) await start(spec);
    if (later.length === 0 || !share) return;
    // The rest of the partitions: pulled too once the run's other workers took theirs.
    const standby = setTimeout(() => {
      void (async () => {
        for (const spec of later) if (!this.closing) await start(spec);
      })().catch((err: unknown) => tell(errorText(err)));
    }, share.standbyAfterMs);
    this.timers.push(standby);
  }

  private readonly timers: ReturnType<typeof setTimeout>[] = [];

  private async loop(spec: ConsumerSpec, messages: ConsumerMessages, handle: (inbound: Inbound) => Promise<void>, notice?: (notice: string) => Promise<void>): Promise<void> {
    const direct = !spec.ordered;
    for await (const m of messages) {
      if (spec.control) {
        // Side by side; not acknowledged if the driver could not take it in (it comes again).
        if (notice) void notice(this.decoder.decode(m.data)).then(() => m.ack(), () => undefined);
        continue;
      }
      const message = parseWireMessage(this.decoder.decode(m.data));
      if (message === null) {
        // Not something this adapter published: terminated (never redelivered) rather than handed on.
        // Unguarded, it ended the consumer, which came back to the same message: the run stalled.
        m.term();
        continue;
      }
      const inbound: Inbound = {
        group: spec.group,
        message,
        direct,
        redelivered: m.redelivered,
        ack: async () => {
          m.ack();
        },
        working: () => m.working(),
      };
      // A partition's messages one at a time (its order); the direct consumer's side by side.
      if (spec.ordered) await handle(inbound);
      else void handle(inbound);
    }
  }

  async close(options: { readonly keep: boolean }): Promise<void> {
    this.closing = true;
    for (const timer of this.timers.splice(0)) clearTimeout(timer);
    for (const messages of this.running.splice(0)) messages.stop();
    await Promise.allSettled(this.loops.splice(0));
    if (options.keep) return;
    for (const stream of this.streams) await this.jsm.streams.delete(stream.name).catch(() => false);
  }

  private encode(message: Message): Uint8Array {
    return this.encoder.encode(JSON.stringify(message));
  }
}
