import type { Message } from "./records";

/*
 * A real message broker under a run (NATS JetStream, RabbitMQ): the port the simulator's
 * transport broker (broker/transportBroker.ts) publishes to and consumes from. Adapters live in
 * lib/brokers. The in-process broker needs none of this: it is its own transport.
 *
 * The shape follows what every partitioned broker offers (Kafka's topics, partitions and consumer
 * groups; JetStream's streams and durable consumers; RabbitMQ's exchanges and queues): a channel is
 * split into `partitions` by the message's key, each consumer group reads each partition of each
 * channel it takes one message at a time (so one key's messages reach a group in publish order),
 * and a message is gone from the group's queue only once it is acknowledged.
 */

/** What a run declares on the broker, named as the design document prints it, under `namespace`. */
export interface TransportPlan {
  /** Per run (`sf-<first 8 of the run id>`): what the run declares lives under it, and goes with it. */
  readonly namespace: string;
  readonly partitions: number;
  /** Every channel a message of the run is published on (topics, command channels, reply channels). */
  readonly channels: readonly string[];
  /** Which group takes which message types from which channel. */
  readonly bindings: readonly TransportBinding[];
}

export interface TransportBinding {
  readonly group: string;
  readonly channel: string;
  readonly types: readonly string[];
}

/** One message as a broker hands it to this process. */
export interface Inbound {
  /** The consumer group the message came to. */
  readonly group: string;
  readonly message: Message;
  /** Sent to this group alone (`sendTo`: a replay, a redelivery), not published on its channel. */
  readonly direct: boolean;
  /** The broker delivered it before (a consumer died holding it, or an ack was lost). */
  readonly redelivered: boolean;
  /** The group is done with it: the broker forgets it. */
  ack(): Promise<void>;
  /** A handler is still at it (a retry wait): keeps the broker from giving it to another consumer. */
  working(): void;
}

/** What a broker resource is, for reports (`stream`, `consumer`, `exchange`, `queue`). */
export interface TransportResource {
  readonly type: string;
  readonly name: string;
}

/** One run's resources on a broker, declared and consumed. */
export interface RunTransport {
  /** What was declared for the run (the report's `broker.resources`). */
  resources(): readonly TransportResource[];
  /**
   * Publishes `message` on `channel`, partition `partition`; resolves once the broker has it
   * (a JetStream ack, a RabbitMQ publisher confirm). Messages go on the wire in call order, so
   * one key's messages are stored in the order they were published.
   */
  publish(channel: string, partition: number, message: Message): Promise<void>;
  /** Publishes `message` to one group only (a replay from the DLQ, a redelivery after a crash). */
  sendTo(group: string, channel: string, partition: number, message: Message): Promise<void>;
  /** Puts a dead letter on the group's DLQ (`<group>.dlq`), with its id. */
  deadLetter(group: string, message: Message, attempts: number, lastError: string): Promise<void>;
  /**
   * Puts a worker's notice (what it handled, its spans) on the run's control queue, which only the
   * run's driver reads; resolves once the broker has it.
   */
  notify(notice: string): Promise<void>;
  /**
   * Starts the consumers: `handle` is called once per delivery, one at a time per group, channel
   * and partition. `lost` is called (once) if the broker or the connection goes away while the
   * run consumes: nothing more will come, and the run cannot finish on this transport.
   */
  consume(handle: (inbound: Inbound) => Promise<void>, lost: (error: Error) => void, options?: ConsumeOptions): Promise<void>;
  /** Stops consuming; removes the run's resources unless `keep`. */
  close(options: { readonly keep: boolean }): Promise<void>;
}

/**
 * Which of a run's queues this process consumes. A run's driver consumes everything, or only the
 * control queue when worker processes host the consumers (`stormflow run --workers N`); a worker
 * consumes the groups' queues and not the control queue.
 */
export interface ConsumeOptions {
  /** Consume the consumer groups' queues (default true). */
  readonly groups?: boolean;
  /** Consume the control queue: `notice` is called once per notice, side by side, and the notice is acknowledged once it resolves. */
  readonly notice?: (notice: string) => Promise<void>;
  /**
   * The partitions this process takes first (a worker's share, `partition % of === index`): the
   * others are consumed `standbyAfterMs` later. Where a partition has one active consumer at a time
   * (RabbitMQ's single active consumer) the first to consume it is the one that gets it, so the
   * workers of a run split the partitions between them and stand by for each other's.
   */
  readonly share?: { readonly index: number; readonly of: number; readonly standbyAfterMs: number };
}

export interface TransportOpenOptions {
  readonly fresh: boolean;
  /** Declare the run's resources (default true). A worker joining a run only uses what its driver declared, so it never brings back what the driver removed. */
  readonly declare?: boolean;
  /** The run keeps its resources after it ends (`keepTopology`). */
  readonly keep: boolean;
}

/** A connection to one broker, shared by the runs of a simulator. */
export interface BrokerTransport {
  /** `nats`, `rabbitmq`. */
  readonly kind: string;
  /** The broker's URL without its password: what runs name it by and reports print. */
  readonly id: string;
  /** False once the connection is gone (the broker went away, or `close`). */
  readonly connected: boolean;
  /** Resolves when the broker can be used (connecting if need be); throws saying why it cannot. */
  ready(): Promise<void>;
  /**
   * Declares a run's resources (removing any left by an earlier life of the same namespace when
   * `fresh`). Unless `keep`, a broker that can expire idle resources declares them so (RabbitMQ's
   * queue TTL): what a crashed run left goes away by itself.
   */
  open(plan: TransportPlan, options: TransportOpenOptions): Promise<RunTransport>;
  /**
   * Removes the resources of the namespaces `isStale` names (runs that ended without removing
   * theirs: a crash); returns their names. Only what the caller knows to be its own: a broker may
   * serve other Stormflows, on other databases, whose runs it must not touch.
   */
  removeStale(isStale: (namespace: string) => boolean): Promise<string[]>;
  close(): Promise<void>;
}

/** The namespace a run's broker resources live under. */
export function runNamespace(runId: string): string {
  return `sf-${runId.replace(/[^a-zA-Z0-9]/g, "").slice(0, 8).toLowerCase()}`;
}
