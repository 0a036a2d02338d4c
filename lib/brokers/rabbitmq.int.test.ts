import { randomBytes } from "node:crypto";
import http from "node:http";
import net from "node:net";
import amqp, { type Channel, type ChannelModel } from "amqplib";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { partitionOf } from "../sim/hash";
import type { Message } from "../sim/ports/records";
import type { BrokerTransport, Inbound, TransportPlan } from "../sim/ports/transport";
import { BrokerError, parseBrokerUrl } from "./brokerUrl";
import { connectRabbitMq } from "./rabbitmq";

/*
 * Against the RabbitMQ the test setup found or started (lib/brokers/testing/globalSetup.ts: the
 * machine's, or a throwaway one). Each test works under a namespace of its own and removes it after.
 */

const URL_TEXT = inject("amqpUrl");
const ADDRESS = parseBrokerUrl(URL_TEXT);
const WHERE = `${ADDRESS.host}:${ADDRESS.port}`;
const WHERE_RE = WHERE.replace(/\./g, "\\.");
const PARTITIONS = 4;

/** billing takes every order type and payments; shipping takes OrderPlaced only; OrderNoted and PaymentRefunded nobody. */
const TYPES: Record<string, string[]> = { orders: ["OrderPlaced", "OrderCancelled", "OrderNoted"], payments: ["PaymentTaken", "PaymentRefunded"] };
const TAKES: Record<string, Record<string, string[]>> = {
  billing: { orders: ["OrderPlaced", "OrderCancelled"], payments: ["PaymentTaken"] },
  shipping: { orders: ["OrderPlaced"] },
};

function planOf(namespace: string): TransportPlan {
  const bindings = Object.entries(TAKES).flatMap(([group, channels]) => Object.entries(channels).map(([channel, types]) => ({ group, channel, types })));
  return { namespace, partitions: PARTITIONS, channels: Object.keys(TYPES), bindings };
}

/** Every name a plan declares, written out independently of the adapter. */
function namesOf(namespace: string): { exchanges: string[]; queues: string[] } {
  const groups = Object.keys(TAKES);
  return {
    exchanges: Object.keys(TYPES).map((c) => `${namespace}.${c}`),
    // And the run's control queue: its workers' notices to its driver.
    queues: [...groups.flatMap((g) => [...Array.from({ length: PARTITIONS }, (_, p) => `${namespace}.${g}.${p}`), `${namespace}.${g}.dlq`]), `${namespace}._control`],
  };
}

let counter = 0;
function messageOf(topic: string, eventType: string, key: string, seq: number): Message {
  const messageId = `m-${++counter}-${randomBytes(3).toString("hex")}`;
  return {
    messageId,
    topic,
    key,
    eventType,
    eventName: eventType,
    payload: { seq },
    headers: {
      kind: "event",
      runId: "run-1",
      correlationId: `c-${key}`,
      causationId: `c-${key}`,
      subjectId: key,
      instance: 0,
      logicalKey: messageId,
      streamId: key,
      version: seq,
      globalPosition: String(seq),
      checkpoint: `1:${seq}`,
      createdAt: "2025-01-01T00:00:00.000Z",
      spanId: "s-1",
    },
  };
}

let raw: ChannelModel;
const namespaces: string[] = [];
const transports: BrokerTransport[] = [];

function freshNamespace(): string {
  const ns = `sf-t${randomBytes(4).toString("hex")}`;
  namespaces.push(ns);
  return ns;
}

async function connect(options?: Parameters<typeof connectRabbitMq>[1], address = ADDRESS): Promise<BrokerTransport> {
  const transport = await connectRabbitMq(address, options);
  transports.push(transport);
  return transport;
}

/** Runs `work` on a raw channel of its own (a failed check closes its channel). */
async function onRaw<T>(work: (ch: Channel) => Promise<T>): Promise<T> {
  const ch = await raw.createChannel();
  ch.on("error", () => undefined);
  try {
    return await work(ch);
  } finally {
    await ch.close().catch(() => undefined);
  }
}

async function exists(type: "queue" | "exchange", name: string): Promise<boolean> {
  try {
    await onRaw((ch) => (type === "queue" ? ch.checkQueue(name) : ch.checkExchange(name)));
    return true;
  } catch (err) {
    if ((err as { code?: number }).code === 404) return false;
    throw err;
  }
}

async function waitFor(check: () => boolean, what: string, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  raw = await amqp.connect(URL_TEXT);
  raw.on("error", () => undefined);
});

/** Connections lost while a run consumed: none, except where a test cuts the line (and takes them). */
const losses: Error[] = [];
const noteLoss = (error: Error) => void losses.push(error);

afterEach(async () => {
  expect(losses.splice(0), "no run lost its broker").toEqual([]);
  await Promise.all(transports.splice(0).map((t) => t.close()));
  for (const ns of namespaces.splice(0)) {
    const { exchanges, queues } = namesOf(ns);
    await onRaw(async (ch) => {
      await Promise.all(queues.map((q) => ch.deleteQueue(q)));
      await Promise.all(exchanges.map((e) => ch.deleteExchange(e)));
    });
  }
});

afterAll(async () => {
  await raw.close();
});

describe("RabbitMQ transport", () => {
  it("gives each group exactly the types it takes, one key's messages in publish order", async () => {
    const transport = await connect();
    expect(transport.kind).toBe("rabbitmq");
    expect(transport.id).toBe(`amqp://guest@${WHERE}`);
    const run = await transport.open(planOf(freshNamespace()), { fresh: true, keep: false });
    const got: Record<string, Inbound[]> = { billing: [], shipping: [] };
    // Handlers that take a while: a group and partition must still see one message at a time.
    const busy = new Map<string, number>();
    let mostAtOnce = 0;
    await run.consume(async (inbound) => {
      const queue = `${inbound.group}.${partitionOf(inbound.message.key, PARTITIONS)}`;
      busy.set(queue, (busy.get(queue) ?? 0) + 1);
      mostAtOnce = Math.max(mostAtOnce, busy.get(queue)!);
      got[inbound.group]!.push(inbound);
      await sleep(Math.floor(Math.random() * 4));
      busy.set(queue, busy.get(queue)! - 1);
      await inbound.ack();
    }, noteLoss);

    // Keys that land on different partitions, so the order holds within and across partitions.
    const keys = ["order-a", "order-b", "order-c", "order-d", "order-e", "order-f"]
      .filter((k, i, all) => all.findIndex((o) => partitionOf(o, PARTITIONS) === partitionOf(k, PARTITIONS)) === i)
      .slice(0, 3);
    expect(keys).toHaveLength(3);
    const published: Message[] = [];
    for (let seq = 0; seq < 20; seq++) {
      for (const key of keys) {
        const topic = seq % 2 === 0 ? "orders" : "payments";
        const types = TYPES[topic]!;
        published.push(messageOf(topic, types[(seq + key.length) % types.length]!, key, seq));
      }
    }
    // All on the wire before any confirm is awaited: the order is the adapter's, not the test's.
    await Promise.all(published.map((m) => run.publish(m.topic, partitionOf(m.key, PARTITIONS), m)));

    for (const group of Object.keys(TAKES)) {
      const wanted = published.filter((m) => TAKES[group]![m.topic]?.includes(m.eventType));
      expect(wanted.length).toBeGreaterThan(0);
      await waitFor(() => got[group]!.length >= wanted.length, `${group}'s messages`);
    }
    await sleep(300); // nothing more comes
    for (const group of Object.keys(TAKES)) {
      const wanted = published.filter((m) => TAKES[group]![m.topic]?.includes(m.eventType));
      expect(got[group]!.map((i) => i.message.messageId).sort()).toEqual(wanted.map((m) => m.messageId).sort());
      for (const key of keys) {
        const order = got[group]!.filter((i) => i.message.key === key).map((i) => i.message.messageId);
        expect(order).toEqual(wanted.filter((m) => m.key === key).map((m) => m.messageId));
      }
      expect(got[group]!.every((i) => !i.redelivered && !i.direct && i.group === group)).toBe(true);
    }
    expect(mostAtOnce).toBe(1);
    expect(got.billing!.length).toBeGreaterThan(got.shipping!.length);
    expect(got.billing![0]!.message).toEqual(published.find((m) => m.messageId === got.billing![0]!.message.messageId));
    await run.close({ keep: false });
  });

  it("keeps publish order past the channel's write buffer (backpressure)", async () => {
    const transport = await connect();
    const run = await transport.open(planOf(freshNamespace()), { fresh: true, keep: false });
    const got: string[] = [];
    await run.consume(async (inbound) => {
      got.push(inbound.message.messageId);
      await inbound.ack();
    }, noteLoss);
    // More than amqplib's channel buffer takes at once (about 2,050 publishes here): the rest wait for its drain, in order.
    const burst = Array.from({ length: 2400 }, (_, seq) => messageOf("orders", "OrderCancelled", "order-1", seq)); // billing only
    await Promise.all(burst.map((m) => run.publish("orders", 3, m)));
    await waitFor(() => got.length >= burst.length, "the burst", 30_000);
    expect(got).toEqual(burst.map((m) => m.messageId));
    await run.close({ keep: false });
  });

  it("hands a message no consumer acknowledged to the next life of the namespace, redelivered", async () => {
    const ns = freshNamespace();
    const first = await connect();
    const run = await first.open(planOf(ns), { fresh: true, keep: false });
    const held: Inbound[] = [];
    await run.consume(async (inbound) => void held.push(inbound), noteLoss); // never acks
    const messages = [0, 1, 2].map((seq) => messageOf("orders", "OrderCancelled", "order-1", seq)); // billing only
    await Promise.all(messages.map((m) => run.publish("orders", 1, m)));
    await waitFor(() => held.length === 1, "the first delivery");
    await sleep(200);
    // Prefetch 1: the other two wait on the broker, not in this process.
    expect(held).toHaveLength(1);
    expect(await onRaw((ch) => ch.checkQueue(`${ns}.billing.1`))).toMatchObject({ messageCount: 2 });
    expect(held[0]!.redelivered).toBe(false);
    await first.close(); // a crash: the run is never closed, the message never acked
    // The run on the closed connection hears that nothing more will come.
    await expect.poll(() => losses.length).toBe(1);
    expect(losses.splice(0)[0]).toMatchObject({ code: "broker_failed" });

    const second = await connect();
    const again = await second.open(planOf(ns), { fresh: false, keep: false });
    const got: Inbound[] = [];
    await again.consume(async (inbound) => {
      got.push(inbound);
      await inbound.ack();
    }, noteLoss);
    await waitFor(() => got.length === 3, "the redelivery and the rest");
    expect(got.map((i) => i.message)).toEqual(messages);
    expect(got.map((i) => [i.group, i.redelivered, i.direct])).toEqual([
      ["billing", true, false],
      ["billing", false, false],
      ["billing", false, false],
    ]);
    await again.close({ keep: false });
  });

  it("sends to one group only, marked direct", async () => {
    const transport = await connect();
    const run = await transport.open(planOf(freshNamespace()), { fresh: true, keep: false });
    const got: Inbound[] = [];
    await run.consume(async (inbound) => {
      got.push(inbound);
      await inbound.ack();
    }, noteLoss);
    const message = messageOf("orders", "OrderPlaced", "order-1", 0); // both groups take it
    await run.sendTo("shipping", "orders", 2, message);
    await waitFor(() => got.length >= 1, "the direct delivery");
    await sleep(300);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ group: "shipping", direct: true, redelivered: false });
    expect(got[0]!.message).toEqual(message);
    await expect(run.sendTo("nobody", "orders", 0, message)).rejects.toThrow(/nobody/);
    await run.close({ keep: false });
  });

  it("puts a dead letter on the group's DLQ with its id, attempts and last error", async () => {
    const ns = freshNamespace();
    const transport = await connect();
    const run = await transport.open(planOf(ns), { fresh: true, keep: false });
    const message = messageOf("orders", "OrderPlaced", "order-1", 0);
    await run.deadLetter("billing", message, 3, "handler exploded");
    const got = await onRaw((ch) => ch.get(`${ns}.billing.dlq`, { noAck: true }));
    expect(got).not.toBe(false);
    if (got === false) return;
    expect(got.properties.messageId).toBe(message.messageId);
    expect(got.properties.headers).toMatchObject({ "x-stormflow-attempts": 3, "x-stormflow-last-error": "handler exploded" });
    expect(JSON.parse(got.content.toString("utf8"))).toEqual(message);
    expect(await onRaw((ch) => ch.get(`${ns}.shipping.dlq`, { noAck: true }))).toBe(false);
    await run.close({ keep: false });
  });

  it("names its resources and removes them on close unless kept", async () => {
    const transport = await connect();
    const gone = freshNamespace();
    const run = await transport.open(planOf(gone), { fresh: true, keep: false });
    const { exchanges, queues } = namesOf(gone);
    const resources = run.resources();
    const named = (type: string) => resources.filter((r) => r.type === type).map((r) => r.name);
    expect(named("exchange").sort()).toEqual([...exchanges].sort());
    expect(named("queue").sort()).toEqual([...queues].sort());
    expect(resources.slice(0, exchanges.length).every((r) => r.type === "exchange")).toBe(true);
    await run.consume(async (inbound) => inbound.ack(), noteLoss);
    await run.close({ keep: false });
    for (const name of exchanges) expect(await exists("exchange", name)).toBe(false);
    for (const name of queues) expect(await exists("queue", name)).toBe(false);

    const kept = freshNamespace();
    const keptRun = await transport.open(planOf(kept), { fresh: true, keep: false });
    await keptRun.consume(async (inbound) => inbound.ack(), noteLoss);
    await keptRun.close({ keep: true });
    for (const name of namesOf(kept).exchanges) expect(await exists("exchange", name)).toBe(true);
    for (const name of namesOf(kept).queues) expect(await exists("queue", name)).toBe(true);
    // afterEach removes them.
  });

  it("lets the publishes in flight settle when a run closes", async () => {
    const ns = freshNamespace();
    const transport = await connect();
    const run = await transport.open(planOf(ns), { fresh: true, keep: false });
    const burst = Array.from({ length: 200 }, (_, seq) => messageOf("orders", "OrderCancelled", "order-1", seq)); // billing only
    const published = Promise.allSettled(burst.map((m) => run.publish("orders", 0, m)));
    await run.close({ keep: true });
    expect((await published).filter((p) => p.status === "rejected")).toEqual([]);
    expect(await onRaw((ch) => ch.checkQueue(`${ns}.billing.0`))).toMatchObject({ messageCount: burst.length });
  });

  it("opens fresh over what a crashed start left, and refuses a leftover declared differently when not fresh", async () => {
    const ns = freshNamespace();
    // A classic queue under a name the plan declares as a quorum queue, with a message in it.
    await onRaw(async (ch) => {
      await ch.assertQueue(`${ns}.billing.0`, { durable: true });
      ch.sendToQueue(`${ns}.billing.0`, Buffer.from("{}"));
    });
    const transport = await connect();
    const refused = await transport.open(planOf(ns), { fresh: false, keep: false }).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(BrokerError);
    expect((refused as BrokerError).code).toBe("broker_failed");
    expect((refused as BrokerError).message).toMatch(new RegExp(`${WHERE_RE}.*PRECONDITION`));

    // The connection outlives the refused declaration.
    const run = await transport.open(planOf(ns), { fresh: true, keep: false });
    expect(await onRaw((ch) => ch.checkQueue(`${ns}.billing.0`))).toMatchObject({ messageCount: 0 });
    await run.close({ keep: false });
  });

  it("removes the stale namespaces it is told of among those the management API lists, and keeps the rest", async () => {
    const stale = freshNamespace();
    const live = freshNamespace();
    const transport = await connect();
    await (await transport.open(planOf(stale), { fresh: true, keep: false })).close({ keep: true });
    const liveRun = await transport.open(planOf(live), { fresh: true, keep: false });
    const listing = {
      queues: [...namesOf(stale).queues, ...namesOf(live).queues, "other.queue"],
      exchanges: [...namesOf(stale).exchanges, ...namesOf(live).exchanges, "amq.direct"],
    };

    // This machine's broker runs without the management plugin: a stand-in serves its two listings.
    const seen: string[] = [];
    const api = http.createServer((req, res) => {
      seen.push(`${req.url} ${req.headers.authorization}`);
      const kind = /^\/api\/(queues|exchanges)\/%2F\?/.exec(req.url ?? "")?.[1] as keyof typeof listing | undefined;
      if (!kind) return void res.writeHead(404).end();
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(listing[kind].map((name) => ({ name }))));
    });
    await new Promise<void>((r) => api.listen(0, "127.0.0.1", r));
    try {
      const port = (api.address() as net.AddressInfo).port;
      const managed = await connect({ managementUrl: `http://127.0.0.1:${port}` });
      const removed = await managed.removeStale((ns) => ns === stale);
      expect(removed.sort()).toEqual(Object.values(namesOf(stale)).flat().sort());
      expect(seen.every((s) => s.endsWith(`Basic ${Buffer.from("guest:guest").toString("base64")}`))).toBe(true);
      for (const name of namesOf(stale).queues) expect(await exists("queue", name)).toBe(false);
      for (const name of namesOf(stale).exchanges) expect(await exists("exchange", name)).toBe(false);
      for (const name of namesOf(live).queues) expect(await exists("queue", name)).toBe(true);
    } finally {
      api.close();
    }

    // No management API answering: nothing listed, nothing removed.
    const unmanaged = await connect({ managementUrl: "http://127.0.0.1:1" });
    expect(await unmanaged.removeStale(() => true)).toEqual([]);
    expect(await exists("queue", `${live}.billing.0`)).toBe(true);
    await liveRun.close({ keep: false });
  });

  it("rejects a pending confirm with broker_failed when the connection drops", async () => {
    // A proxy between the transport and the broker that can hold the broker's replies and cut the line.
    let hold = false;
    const sockets: net.Socket[] = [];
    const proxy = net.createServer((client) => {
      const upstream = net.connect(ADDRESS.port, ADDRESS.host);
      sockets.push(client, upstream);
      client.on("data", (d) => upstream.write(d));
      upstream.on("data", (d) => void (hold || client.write(d)));
      const end = () => (client.destroy(), upstream.destroy());
      client.on("error", end).on("close", end);
      upstream.on("error", end).on("close", end);
    });
    await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
    try {
      const port = (proxy.address() as net.AddressInfo).port;
      const transport = await connect({ heartbeatSeconds: 30 }, parseBrokerUrl(`amqp://guest:guest@127.0.0.1:${port}`));
      const run = await transport.open(planOf(freshNamespace()), { fresh: true, keep: false });
      await run.consume(async (inbound) => inbound.ack(), noteLoss);
      hold = true; // the broker's confirm never reaches the transport
      const pending = run.publish("orders", 0, messageOf("orders", "OrderPlaced", "order-1", 0));
      await sleep(200);
      for (const s of sockets) s.destroy();
      const err = await pending.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BrokerError);
      expect((err as BrokerError).code).toBe("broker_failed");
      expect((err as BrokerError).message).toMatch(new RegExp(`^RabbitMQ at 127\\.0\\.0\\.1:${port} did not confirm message m-\\d+-\\w+ of run sf-t\\w+: \\S`));
      expect((err as BrokerError).message).not.toContain("\n");
      // The run hears that its consumers are gone, in one line.
      await expect.poll(() => losses.length).toBe(1);
      const lost = losses.splice(0)[0]!;
      expect(lost).toMatchObject({ code: "broker_failed" });
      expect(lost.message).toMatch(new RegExp(`^RabbitMQ at 127\\.0\\.0\\.1:${port} stopped delivering run sf-t\\w+'s messages: \\S`));
      // Later calls say the same, and closing the run does not throw.
      await expect(run.publish("orders", 0, messageOf("orders", "OrderPlaced", "order-1", 1))).rejects.toMatchObject({ code: "broker_failed" });
      await run.close({ keep: false });
    } finally {
      proxy.close();
    }
  });

  it("says in one line that a broker is unreachable, naming host and port", async () => {
    const err = await connectRabbitMq(parseBrokerUrl("amqp://guest:guest@127.0.0.1:1")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BrokerError);
    expect((err as BrokerError).code).toBe("unreachable");
    expect((err as BrokerError).message).toMatch(/^RabbitMQ at 127\.0\.0\.1:1 is unreachable: .*ECONNREFUSED/);
    expect((err as BrokerError).message).not.toContain("\n");
  });

  it("says the credentials were refused, without the password", async () => {
    const err = await connectRabbitMq(parseBrokerUrl(`amqp://guest:not-the-password-7f3a@${WHERE}`)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BrokerError);
    expect((err as BrokerError).code).toBe("refused_credentials");
    expect((err as BrokerError).message).toBe(`RabbitMQ at ${WHERE} refused the credentials of user guest`);
    expect((err as BrokerError).message).not.toContain("not-the-password-7f3a");
  });
});
