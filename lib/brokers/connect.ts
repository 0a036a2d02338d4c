import type { BrokerTransport } from "../sim/ports/transport";
import { BrokerError, parseBrokerUrl, type BrokerAddress } from "./brokerUrl";
import { lazyBroker } from "./lazyBroker";
import { connectNats } from "./nats";

/**
 * Connects to the broker a URL names: `nats://` is NATS JetStream, `amqp://` RabbitMQ. Throws
 * BrokerError: `invalid_url` (bad input), `unreachable`, `refused_credentials`, `broker_failed`,
 * each one line naming host and port, never the password.
 */
export async function connectBroker(url: string): Promise<BrokerTransport> {
  // Connected now (so a bad broker is said at once), and again should the connection go: a run paused by an outage goes on.
  const broker = lazyBroker(parseBrokerUrl(url), connectAddress);
  await broker.ready();
  return broker;
}

async function connectAddress(address: BrokerAddress): Promise<BrokerTransport> {
  switch (address.kind) {
    case "nats":
      return connectNats(address);
    case "rabbitmq":
      return (await import("./rabbitmq")).connectRabbitMq(address);
  }
}

/**
 * The brokers of STORMFLOW_BROKERS (comma-separated URLs), each connected when a run first needs
 * it (lazyBroker.ts). Throws BrokerError `invalid_url` naming the bad entry: the app refuses to start.
 */
export function configuredBrokers(list: string | undefined): BrokerTransport[] {
  const urls = (list ?? "").split(",").map((u) => u.trim()).filter(Boolean);
  const brokers = urls.map((url) => lazyBroker(parseBrokerUrl(url), connectAddress));
  const ids = new Set<string>();
  for (const broker of brokers) {
    if (ids.has(broker.id)) throw new BrokerError("invalid_url", `${broker.id} is named twice`);
    ids.add(broker.id);
  }
  return brokers;
}
