import type { Channel } from "amqplib";
import type { TransportPlan, TransportResource } from "../sim/ports/transport";
import { fitName } from "./resourceNames";

/*
 * What a run declares on RabbitMQ, all named under the run's namespace:
 *
 * - one direct exchange per channel, `<ns>.<channel>`; a message is published on it with the
 *   routing key `<eventType>|<partition>`;
 * - one queue per consumer group and partition, `<ns>.<group>.<p>`, bound to every channel exchange
 *   the group takes once per message type it takes (`<type>|<p>`), so a group's queue only ever
 *   holds what the group takes, of every channel, in the order it was published;
 * - one dead-letter queue per group, `<ns>.<group>.dlq`;
 * - the run's control queue, `<ns>._control`: its workers' notices, read by the run's driver.
 *
 * A partition queue has a single active consumer (`x-single-active-consumer`): when several
 * workers consume a run, one of them at a time gets a partition's messages, so per-key order holds;
 * the others stand by and take over the moment it goes (its unacknowledged message comes back first).
 *
 * Exchanges are durable and queues are quorum queues (durable by definition): a worker or broker
 * restart loses nothing the broker confirmed. Quorum rather than classic queues because they are
 * RabbitMQ's recommended type for data that must not be lost: replicated across a cluster's nodes
 * (Raft), with a per-message delivery count that supports poison-message handling (a delivery
 * limit). No limit is set here: the simulator's own retries and DLQ decide when a message is
 * poison, and a broker-side limit would drop a message behind the run's back.
 */

export interface PartitionQueue {
  readonly name: string;
  readonly group: string;
  readonly partition: number;
  /** Every (exchange, routing key) the queue is bound with. */
  readonly bindings: readonly { readonly exchange: string; readonly routingKey: string }[];
}

export interface RabbitTopology {
  readonly namespace: string;
  readonly partitions: number;
  /** Channel -> its exchange. */
  readonly exchanges: ReadonlyMap<string, string>;
  readonly queues: readonly PartitionQueue[];
  /** Group -> its dead-letter queue. */
  readonly dlqs: ReadonlyMap<string, string>;
  /** The control queue: workers' notices to the run's driver. */
  readonly control: string;
}

/** The routing key a message of `type` goes to partition `partition` with. */
export function routingKey(type: string, partition: number): string {
  return fitName(`${type}|${partition}`);
}

export function queueName(namespace: string, group: string, partition: number): string {
  return fitName(`${namespace}.${group}.${partition}`);
}

/** The namespace a resource name belongs to (`sf-1a2b3c4d.orders.3` -> `sf-1a2b3c4d`), or null if none of ours. */
export function namespaceOf(name: string): string | null {
  return /^(sf-[a-z0-9]+)\./.exec(name)?.[1] ?? null;
}

/** The names a plan declares. */
export function topologyOf(plan: TransportPlan): RabbitTopology {
  const ns = plan.namespace;
  const exchanges = new Map<string, string>();
  // A name RabbitMQ takes (at most 255 bytes: a 200-character Korean topic is 600), distinct per channel.
  for (const channel of [...plan.channels, ...plan.bindings.map((b) => b.channel)]) exchanges.set(channel, fitName(`${ns}.${channel}`));
  const groups = [...new Set(plan.bindings.map((b) => b.group))];
  const queues: PartitionQueue[] = [];
  for (const group of groups) {
    const taken = plan.bindings.filter((b) => b.group === group);
    for (let p = 0; p < plan.partitions; p++) {
      const bindings = taken.flatMap((b) => [...new Set(b.types)].map((type) => ({ exchange: exchanges.get(b.channel)!, routingKey: routingKey(type, p) })));
      queues.push({ name: queueName(ns, group, p), group, partition: p, bindings });
    }
  }
  const dlqs = new Map(groups.map((group) => [group, fitName(`${ns}.${group}.dlq`)]));
  return { namespace: ns, partitions: plan.partitions, exchanges, queues, dlqs, control: fitName(`${ns}._control`) };
}

/** The report's resources: exchanges, then queues (partition queues, then DLQs). */
export function resourcesOf(topology: RabbitTopology): TransportResource[] {
  return [
    ...[...topology.exchanges.values()].map((name) => ({ type: "exchange", name })),
    ...topology.queues.map((q) => ({ type: "queue", name: q.name })),
    ...[...topology.dlqs.values()].map((name) => ({ type: "queue", name })),
    { type: "queue", name: topology.control },
  ];
}

const QUORUM = { durable: true, arguments: { "x-queue-type": "quorum" } } as const;

/**
 * Declares the topology (every declaration is idempotent: a second open of the same plan changes
 * nothing). Spread over `chs`: a channel has one declaration in flight at a time, and a quorum
 * queue takes the broker some milliseconds to start (90 of them: 1.5 s on one channel, 0.7 s on four).
 */
export async function declare(chs: readonly Channel[], topology: RabbitTopology, idleExpiryMs: number | null): Promise<void> {
  // Expiring (not kept): idle queues go after `idleExpiryMs`, and an exchange with them, once its last binding went.
  const expiring = idleExpiryMs !== null;
  const queueOptions = expiring ? { ...QUORUM, arguments: { ...QUORUM.arguments, "x-expires": idleExpiryMs } } : QUORUM;
  const partitionOptions = { ...queueOptions, arguments: { ...queueOptions.arguments, "x-single-active-consumer": true } };
  await Promise.all([...topology.exchanges.values()].map((name, i) => on(chs, i).assertExchange(name, "direct", { durable: true, autoDelete: expiring })));
  const queues = [
    ...topology.queues.map((q) => ({ name: q.name, bindings: q.bindings, options: partitionOptions })),
    ...[...topology.dlqs.values(), topology.control].map((name) => ({ name, bindings: [], options: queueOptions })),
  ];
  await Promise.all(
    queues.map(async (q, i) => {
      const ch = on(chs, i);
      await ch.assertQueue(q.name, q.options);
      await Promise.all(q.bindings.map((b) => ch.bindQueue(q.name, b.exchange, b.routingKey)));
    }),
  );
}

/** Deletes the topology's queues and exchanges (RabbitMQ's deletes succeed for names that do not exist). */
export async function remove(chs: readonly Channel[], topology: RabbitTopology): Promise<void> {
  await removeNames(chs, [...topology.queues.map((q) => q.name), ...topology.dlqs.values(), topology.control], [...topology.exchanges.values()]);
}

export async function removeNames(chs: readonly Channel[], queues: readonly string[], exchanges: readonly string[]): Promise<void> {
  // Queues first: an exchange goes with its bindings, but a queue left unbound would stay.
  await Promise.all(queues.map((name, i) => on(chs, i).deleteQueue(name)));
  await Promise.all(exchanges.map((name, i) => on(chs, i).deleteExchange(name)));
}

function on(chs: readonly Channel[], i: number): Channel {
  return chs[i % chs.length]!;
}
