import { connect } from "@nats-io/transport-node";
import { jetstreamManager } from "@nats-io/jetstream";
import amqp from "amqplib";
import { describe, expect, inject, it } from "vitest";

// The brokers the globalSetup (./globalSetup.ts) chose for this run: the machine's or throwaway ones.
describe("the brokers of the integration tests", () => {
  it("NATS answers with JetStream", async () => {
    const url = new URL(inject("natsUrl"));
    const nc = await connect({ servers: `${url.hostname}:${url.port}`, timeout: 5_000, reconnect: false });
    try {
      const jsm = await jetstreamManager(nc, { timeout: 5_000 });
      const info = await jsm.getAccountInfo();
      expect(info.limits).toBeDefined();
    } finally {
      await nc.close();
    }
  });

  it("RabbitMQ takes an AMQP login and declares a queue", async () => {
    const conn = await amqp.connect(inject("amqpUrl"), { timeout: 5_000 });
    try {
      const channel = await conn.createChannel();
      const { queue } = await channel.assertQueue("", { exclusive: true, autoDelete: true });
      expect(queue).toMatch(/^amq\.gen-/);
      await channel.close();
    } finally {
      await conn.close();
    }
  });
});
