import amqp from "amqplib";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import type { TransportResource } from "@/lib/sim/ports/transport";

/** A look at a broker from outside the transport under test: does a resource exist, what is on a DLQ. */
export interface BrokerProbe {
  exists(resource: TransportResource): Promise<boolean>;
  /** Message ids on a group's DLQ of the namespace. */
  deadLetterIds(namespace: string, group: string): Promise<string[]>;
  /** Every resource name on the broker that belongs to the namespace. */
  namesIn(namespace: string): Promise<string[]>;
  /** Deletes resources (a kept topology, after a test looked at it). */
  remove(resources: readonly TransportResource[]): Promise<void>;
  close(): Promise<void>;
}

export async function natsProbe(url: string): Promise<BrokerProbe> {
  const nc = await connect({ servers: new URL(url).host });
  const jsm = await jetstreamManager(nc);
  const streams = async () => {
    const names: string[] = [];
    for await (const name of jsm.streams.names()) names.push(name);
    return names;
  };
  return {
    async exists(resource) {
      if (resource.type === "stream") return (await streams()).includes(resource.name);
      if (resource.type === "consumer") {
        const [stream, name] = resource.name.split("/") as [string, string];
        return jsm.consumers.info(stream, name).then(
          () => true,
          () => false,
        );
      }
      return false;
    },
    async deadLetterIds(namespace, group) {
      const stream = `${namespace}_dlq`;
      const info = await jsm.streams.info(stream);
      const ids: string[] = [];
      for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
        const m = await jsm.streams.getMessage(stream, { seq }).catch(() => null);
        if (m && m.subject === `${namespace}.${group}.dlq`) ids.push((m.json() as { messageId: string }).messageId);
      }
      return ids;
    },
    async namesIn(namespace) {
      return (await streams()).filter((n) => n.startsWith(`${namespace}_`));
    },
    async remove(resources) {
      for (const r of resources) if (r.type === "stream") await jsm.streams.delete(r.name).catch(() => false);
    },
    close: () => nc.close(),
  };
}

export async function rabbitProbe(url: string): Promise<BrokerProbe> {
  const connection = await amqp.connect(url);
  connection.on("error", () => undefined);
  // A passive check of something missing closes its channel: one channel per check.
  const check = async (fn: (ch: amqp.Channel) => Promise<unknown>) => {
    const ch = await connection.createChannel();
    ch.on("error", () => undefined);
    try {
      await fn(ch);
      await ch.close();
      return true;
    } catch {
      return false;
    }
  };
  const probe: BrokerProbe = {
    exists(resource) {
      if (resource.type === "queue") return check((ch) => ch.checkQueue(resource.name));
      if (resource.type === "exchange") return check((ch) => ch.checkExchange(resource.name));
      return Promise.resolve(false);
    },
    async deadLetterIds(namespace, group) {
      const ch = await connection.createChannel();
      const ids: string[] = [];
      for (let m = await ch.get(`${namespace}.${group}.dlq`, { noAck: false }); m; m = await ch.get(`${namespace}.${group}.dlq`, { noAck: false })) {
        ids.push(String(m.properties.messageId));
      }
      // Not acknowledged: closing the channel puts them back.
      await ch.close();
      return ids;
    },
    async namesIn() {
      // AMQP cannot list; tests check the run's own resources with `exists`.
      return [];
    },
    async remove(resources) {
      const ch = await connection.createChannel();
      for (const r of resources.filter((x) => x.type === "queue")) await ch.deleteQueue(r.name);
      for (const r of resources.filter((x) => x.type === "exchange")) await ch.deleteExchange(r.name);
      await ch.close();
    },
    close: () => connection.close(),
  };
  return probe;
}
