import { inject } from "vitest";
import type { RunSummary } from "../../sim/ports/records";
import type { BrokerTransport } from "../../sim/ports/transport";
import { parseBrokerUrl, type BrokerAddress } from "../brokerUrl";
import { connectBroker } from "../connect";
import { lazyBroker } from "../lazyBroker";
import { connectNats } from "../nats";
import { natsProbe, rabbitProbe } from "./probes";

/*
 * What the integration tests of runs on real brokers share: the brokers (the machine's or
 * throwaway ones, as the test setup found them), what of a summary must not depend on the
 * broker, and the faults the boards run with.
 */

/** The two real brokers, each with its probe and a connect for the run's transport. */
export const TEST_BROKERS = [
  // A message a dead process held comes again after the consumer's ack wait: short here.
  { kind: "nats", url: () => inject("natsUrl"), probe: natsProbe, connect: (url: string) => readyBroker(url, (a) => connectNats(a, { ackWaitMs: 2_000 })) },
  { kind: "rabbitmq", url: () => inject("amqpUrl"), probe: rabbitProbe, connect: (url: string) => connectBroker(url) },
] as const;

async function readyBroker(url: string, connect: (address: BrokerAddress) => Promise<BrokerTransport>): Promise<BrokerTransport> {
  const broker = lazyBroker(parseBrokerUrl(url), connect);
  await broker.ready();
  return broker;
}

/** What must not depend on the broker: outcomes and counts (not timings, conflicts or skip counts). */
export function outcome(summary: RunSummary) {
  return {
    status: summary.status,
    commands: summary.commands,
    sagas: summary.sagas,
    messages: summary.messages,
    appended: summary.events.appended,
    published: summary.events.published,
    deadLettered: summary.events.deadLettered,
  };
}

/** Faults that retry, dead-letter and compensate on each test board. */
export const FAULTY = {
  order: [
    { target: "OrderSaga#2", mode: "rate", value: 0.3 },
    { target: "PaymentService", mode: "rate", value: 0.5 },
    { target: "EmailService", mode: "fail" },
  ],
  trip: [
    { target: "BookingSaga#4", mode: "rate", value: 0.3 },
    { target: "NotificationService", mode: "fail" },
    { target: "Hotels", mode: "transient", value: 2 },
  ],
};
