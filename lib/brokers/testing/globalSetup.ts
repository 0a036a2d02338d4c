import type { TestProject } from "vitest/node";
import { natsForTests, rabbitmqForTests, throwawayForced, type TestBroker } from "./testBrokers";

declare module "vitest" {
  export interface ProvidedContext {
    /** NATS with JetStream for this test run: STORMFLOW_TEST_NATS_URL, the machine's on 127.0.0.1:4222, or a throwaway nats-server. */
    natsUrl: string;
    /** RabbitMQ for this test run (with its password): STORMFLOW_TEST_AMQP_URL, the machine's on 127.0.0.1:5672 as guest, or a throwaway rabbitmq-server. */
    amqpUrl: string;
  }
}

/** One NATS and one RabbitMQ per `vitest` run, real ones (lib/brokers/testing/testBrokers.ts says which). */
export default async function setup(project: TestProject) {
  const throwaway = throwawayForced();
  const [nats, rabbitmq] = await Promise.allSettled([natsForTests({ throwaway }), rabbitmqForTests({ throwaway })]);
  const started = [nats, rabbitmq].flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
  if (nats.status === "rejected" || rabbitmq.status === "rejected") {
    await Promise.all(started.map((b) => b.stop()));
    const reasons = [nats, rabbitmq].flatMap((r) => (r.status === "rejected" ? [r.reason instanceof Error ? r.reason.message : String(r.reason)] : []));
    throw new Error(reasons.join("\n"));
  }
  const brokers: TestBroker[] = [nats.value, rabbitmq.value];
  console.log(`brokers for the integration tests: ${brokers.map((b) => b.description).join(", ")}`);
  project.provide("natsUrl", nats.value.url);
  project.provide("amqpUrl", rabbitmq.value.url);
  return async () => {
    await Promise.all(brokers.map((b) => b.stop()));
  };
}
