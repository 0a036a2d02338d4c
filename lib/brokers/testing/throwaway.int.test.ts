import fs from "node:fs";
import net from "node:net";
import { describe, expect, it } from "vitest";
import { alive, amqpProblem, natsProblem, startThrowawayNats, startThrowawayRabbitmq, type TestBroker } from "./testBrokers";

// The path a fresh machine takes (no broker of its own answers), forced whatever this machine runs:
// throwaway nats-server and rabbitmq-server start on free ports, take connections, and leave
// neither process nor folder behind.
describe("throwaway brokers", () => {
  it("start on free ports, answer, and stop without a trace", { timeout: 180_000 }, async () => {
    const started = await Promise.allSettled([startThrowawayNats(), startThrowawayRabbitmq()]);
    const brokers = started.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    try {
      for (const r of started) if (r.status === "rejected") throw r.reason;
      const [nats, rabbitmq] = brokers as [TestBroker, TestBroker];
      expect([nats.origin, rabbitmq.origin]).toEqual(["throwaway", "throwaway"]);
      expect(nats.port).not.toBe(4222);
      expect(rabbitmq.port).not.toBe(5672);
      expect(await natsProblem(nats.url, 5_000)).toBeUndefined();
      expect(await amqpProblem(rabbitmq.url, 5_000)).toBeUndefined();
      // nats-server; rabbitmq-server's script, its Erlang VM and its own epmd.
      expect(nats.processes()).toHaveLength(1);
      expect(rabbitmq.processes()).toHaveLength(3);
      expect(fs.existsSync(nats.dir!) && fs.existsSync(rabbitmq.dir!)).toBe(true);

      const pids = [...nats.processes(), ...rabbitmq.processes()];
      await Promise.all(brokers.map((b) => b.stop()));
      expect(alive(pids)).toEqual([]);
      expect(fs.existsSync(nats.dir!) || fs.existsSync(rabbitmq.dir!)).toBe(false);
      expect(await listens(nats.port)).toBe(false);
      expect(await listens(rabbitmq.port)).toBe(false);
    } finally {
      await Promise.all(brokers.map((b) => b.stop()));
    }
  });
});

function listens(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
