import amqp, { type Channel, type ChannelModel } from "amqplib";
import type { BrokerTransport, RunTransport, TransportOpenOptions, TransportPlan } from "../sim/ports/transport";
import { BrokerError, type BrokerAddress } from "./brokerUrl";
import { credentialsOf, listResources } from "./rabbitmqManagement";
import { RabbitRun, oneLine, settledWithin } from "./rabbitmqRun";
import { declare, namespaceOf, remove, removeNames, topologyOf, type RabbitTopology } from "./rabbitmqTopology";

/*
 * The transport port (lib/sim/ports/transport.ts) over RabbitMQ, with amqplib's promise API: the
 * long-standing AMQP 0-9-1 client, whose bare channels map one to one onto what the port needs (a
 * confirm callback per publish, per-consumer prefetch, an ack when the caller says so). Chosen
 * over rabbitmq-client, whose consumer is built around acknowledging when a handler returns and
 * whose reconnection would resume behind a run that the simulator ends in error when its broker
 * goes. amqplib does not reconnect: a dropped connection ends the runs on it in error
 * (rabbitmqRun.ts); reconnecting is a later step.
 *
 * One connection per transport, shared by its runs; each run gets channels of its own
 * (rabbitmqRun.ts) and declarations and deletions run on short-lived channels, so a refused
 * declaration (which closes its channel) breaks nothing else.
 */

export interface RabbitMqOptions {
  /** Heartbeat interval asked of the broker (default: the broker's, 60 s); a URL's `?heartbeat=` wins. */
  readonly heartbeatSeconds?: number;
  /** The management HTTP API that `removeStale` lists resources with (default http://HOST:15672). */
  readonly managementUrl?: string;
  /**
   * How long a run's queues outlive their last consumer (RabbitMQ's queue TTL, `x-expires`;
   * default 10 minutes): a crashed run's queues, and then its exchanges, go by themselves, on a
   * broker whose management API `removeStale` cannot use. A resume within it finds them; after
   * it, the resume delivers again from the event store what no group had processed.
   */
  readonly idleExpiryMs?: number;
}

const IDLE_EXPIRY_MS = 10 * 60_000;

/** Channels a declaration or deletion is spread over. */
const CHANNELS = 4;
/** How long closing a scratch channel may take before it is left to the broker. */
const CLOSE_WAIT_MS = 2_000;

/** A connect that neither succeeds nor fails (a host that drops packets) fails after this long. */
const CONNECT_TIMEOUT_MS = 10_000;

/** Connects to RabbitMQ (BrokerError `unreachable` or `refused_credentials`, one line, never the password). */
export async function connectRabbitMq(address: BrokerAddress, options: RabbitMqOptions = {}): Promise<BrokerTransport> {
  let model: ChannelModel;
  try {
    model = await amqp.connect(withHeartbeat(address.url, options.heartbeatSeconds), {
      timeout: CONNECT_TIMEOUT_MS,
      clientProperties: { connection_name: "stormflow" },
    });
  } catch (err) {
    throw connectError(address, err);
  }
  return new RabbitTransport(address, model, options.managementUrl, options.idleExpiryMs ?? IDLE_EXPIRY_MS);
}

class RabbitTransport implements BrokerTransport {
  readonly kind = "rabbitmq";
  readonly id: string;
  private readonly where: string;
  private lost: string | null = null;
  private closing = false;

  constructor(
    private readonly address: BrokerAddress,
    private readonly model: ChannelModel,
    private readonly managementUrl: string | undefined,
    private readonly idleExpiryMs: number,
  ) {
    this.id = address.id;
    this.where = `${address.host}:${address.port}`;
    // 'error' comes before 'close' when the broker or the network ends the connection; an
    // 'error' event without a listener would throw out of amqplib's socket handler.
    model.on("error", (err: unknown) => (this.lost ??= oneLine(err)));
    model.on("close", () => (this.lost ??= this.closing ? "the connection was closed" : "the broker closed the connection"));
  }

  get connected(): boolean {
    return this.lost === null;
  }

  async ready(): Promise<void> {
    if (this.lost !== null) throw new BrokerError("broker_failed", `RabbitMQ at ${this.where} is not connected: ${this.lost}`);
  }

  async open(plan: TransportPlan, options: TransportOpenOptions): Promise<RunTransport> {
    const topology = topologyOf(plan);
    // A worker joining a run declares nothing: it uses what the run's driver declared (and finds nothing once the driver removed it).
    if (options.declare !== false) {
      await this.onChannels(`declare run ${plan.namespace}'s queues and exchanges`, async (chs) => {
        // A crashed earlier start of the namespace may have left queues with messages in them (or declared differently).
        if (options.fresh) await remove(chs, topology);
        await declare(chs, topology, options.keep ? null : this.idleExpiryMs);
      });
    } else {
      // Every queue is there before any is consumed: a consume that fails half-way closes its
      // channel with consumers on it, and a single-active-consumer queue whose active consumer
      // went that way was seen (RabbitMQ 3.10) to hand nothing to the consumers that came after.
      await this.onChannels(`find run ${plan.namespace}'s queues`, (chs) => Promise.all([...topology.queues.map((q) => q.name), topology.control].map((name, i) => chs[i % chs.length]!.checkQueue(name))));
    }
    const publisher = await this.attempt(`open run ${plan.namespace}'s channels`, () => this.model.createConfirmChannel());
    let consumer: Channel;
    try {
      consumer = await this.attempt(`open run ${plan.namespace}'s channels`, () => this.model.createChannel());
    } catch (err) {
      await publisher.close().catch(() => undefined);
      throw err;
    }
    const link = {
      where: this.where,
      connectionLost: () => this.lost,
      remove: (t: RabbitTopology) => this.onChannels(`delete run ${t.namespace}'s queues and exchanges`, (chs) => remove(chs, t)),
    };
    return new RabbitRun(link, topology, publisher, consumer);
  }

  /**
   * Lists the broker's `sf-` queues and exchanges over the management API (AMQP cannot list) and
   * deletes those of the namespaces `isStale` names. A broker without the management plugin, or whose
   * API refuses the URL's user, lists nothing: this returns [] and leftovers stay (see rabbitmqManagement.ts).
   */
  async removeStale(isStale: (namespace: string) => boolean): Promise<string[]> {
    const listing = await listResources(this.address, this.managementUrl);
    if (!listing) return [];
    const stale = (name: string) => {
      const ns = namespaceOf(name);
      return ns !== null && isStale(ns);
    };
    const queues = listing.queues.filter(stale);
    const exchanges = listing.exchanges.filter(stale);
    if (queues.length + exchanges.length === 0) return [];
    await this.onChannels("delete stale queues and exchanges", (chs) => removeNames(chs, queues, exchanges));
    return [...queues, ...exchanges];
  }

  async close(): Promise<void> {
    this.closing = true;
    // Rejects when the connection is already gone: then there is nothing to close.
    await this.model.close().catch(() => undefined);
  }

  /**
   * Runs `work` on channels of its own (CHANNELS of them: declarations go faster spread out),
   * closed afterwards: a refused declaration closes its channel only.
   */
  private async onChannels<T>(what: string, work: (chs: readonly Channel[]) => Promise<T>): Promise<T> {
    let refused: string | null = null;
    const open = async () => {
      const ch = await this.model.createChannel();
      ch.on("error", (err: unknown) => (refused ??= oneLine(err)));
      return ch;
    };
    const opened = await Promise.allSettled(Array.from({ length: CHANNELS }, () => this.attempt(what, open)));
    const chs = opened.flatMap((o) => (o.status === "fulfilled" ? [o.value] : []));
    try {
      for (const o of opened) if (o.status === "rejected") throw o.reason;
      return await this.attempt(what, () => work(chs), () => refused);
    } finally {
      // Bounded: closing a channel the broker is closing itself (a 404 from checkQueue) was seen
      // never to settle, which held a worker's join for ever.
      await Promise.all(chs.map((ch) => settledWithin(Promise.resolve().then(() => ch.close()), CLOSE_WAIT_MS)));
    }
  }

  /** `work`, its failure as a one-line `broker_failed` BrokerError naming what it was doing and why. */
  private async attempt<T>(what: string, work: () => Promise<T>, channelCause: () => string | null = () => null): Promise<T> {
    if (this.lost !== null) throw new BrokerError("broker_failed", `Could not ${what} on RabbitMQ at ${this.where}: ${this.lost}`);
    try {
      return await work();
    } catch (err) {
      const cause = this.lost ?? channelCause() ?? oneLine(err);
      throw new BrokerError("broker_failed", `Could not ${what} on RabbitMQ at ${this.where}: ${cause}`);
    }
  }
}

/** The URL amqplib connects with: `heartbeat` added when asked for and the URL does not set it. */
function withHeartbeat(url: string, heartbeatSeconds: number | undefined): string {
  if (heartbeatSeconds === undefined) return url;
  const parsed = new URL(url);
  if (parsed.searchParams.has("heartbeat")) return url;
  parsed.searchParams.set("heartbeat", String(heartbeatSeconds));
  return parsed.href;
}

/** A failed connect as a one-line BrokerError naming host and port, never the password. */
function connectError(address: BrokerAddress, err: unknown): BrokerError {
  const where = `${address.host}:${address.port}`;
  const { user, password, vhost } = credentialsOf(address.url);
  let cause = oneLine(err);
  if (password !== "") cause = cause.split(password).join("***");
  // amqplib: "Handshake terminated by server: 403 (ACCESS-REFUSED) with message "ACCESS_REFUSED - Login was refused ...""
  if (/ACCESS[-_]REFUSED/.test(cause)) return new BrokerError("refused_credentials", `RabbitMQ at ${where} refused the credentials of user ${user}`);
  // A virtual host the user may not use (or that does not exist): the broker closes instead of opening.
  if (/NOT[-_]ALLOWED|Expected ConnectionOpenOk/.test(cause)) {
    return new BrokerError("refused_credentials", `RabbitMQ at ${where} refused user ${user} access to virtual host "${vhost}"`);
  }
  return new BrokerError("unreachable", `RabbitMQ at ${where} is unreachable: ${cause}`);
}
