import { describe, expect, it } from "vitest";
import { BrokerError, parseBrokerUrl } from "./brokerUrl";

describe("parseBrokerUrl", () => {
  it("names a broker by its URL without its password, and a NATS token not at all", () => {
    expect(parseBrokerUrl("amqp://guest:guest@127.0.0.1:5672")).toMatchObject({ kind: "rabbitmq", id: "amqp://guest@127.0.0.1:5672", host: "127.0.0.1", port: 5672 });
    expect(parseBrokerUrl("nats://127.0.0.1")).toMatchObject({ kind: "nats", id: "nats://127.0.0.1", port: 4222 });
    expect(parseBrokerUrl("nats://alice:pw@h:1").id).toBe("nats://alice@h:1");
    expect(parseBrokerUrl("nats://s3cretToken@127.0.0.1:14299").id).toBe("nats://127.0.0.1:14299");
  });

  it.each([
    ["amqp://u:secret@127.0.0.1:99999", /^"amqp:\/\/\*\*\*@127\.0\.0\.1:99999" is not a broker URL/],
    ["amqp://u:secret@[::1", /^"amqp:\/\/\*\*\*@\[::1" is not a broker URL/],
    ["nats://", /^"nats:\/\/" has no host: write nats:\/\/HOST:PORT$/],
    ["http://x", /names no broker Stormflow runs on/],
    [`amqp://u:p@h:99999/${"x".repeat(100_000)}\n`, /^"amqp:\/\/\*\*\*@h:99999\/x+…" is not a broker URL/],
  ])("refuses a bad URL in one short line, never showing a password (%#)", (text, message) => {
    let error: unknown;
    try {
      parseBrokerUrl(text);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(BrokerError);
    const { message: said } = error as BrokerError;
    expect(said).toMatch(message);
    expect(said).not.toMatch(/secret|u:p@/);
    expect(said).not.toContain("\n");
    expect(said.length).toBeLessThan(400);
  });
});
