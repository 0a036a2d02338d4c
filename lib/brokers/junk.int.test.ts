import amqp from "amqplib";
import { connect } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../db/testing/testDatabase";
import { orderFlowTemplate } from "../model";
import { createPostgresRuntime, type Runtime } from "../runtime/runtime";
import { expectInvariantsOk } from "../runtime/testing/helpers";
import { runNamespace, type BrokerTransport } from "../sim/ports/transport";
import { TEST_BROKERS, outcome } from "./testing/runFixtures";

/*
 * A broker is shared: anything may be put on a run's queues. What is not a message the run
 * published (not JSON, or JSON without a message's ids and headers) is dropped, never redelivered,
 * and the run finishes as it would have. On NATS one such message used to end its consumer,
 * which came back to the same message: the run stalled for good.
 */

/** Puts `body` on partition 0 of the run's `order-events` channel (NATS) or its email-service queue (RabbitMQ), as a stranger would. */
async function putJunk(kind: string, url: string, runId: string, body: string): Promise<void> {
  const ns = runNamespace(runId);
  if (kind === "nats") {
    const nc = await connect({ servers: new URL(url).host });
    nc.publish(`${ns}.order-events.0`, body);
    await nc.flush();
    await nc.close();
    return;
  }
  const conn = await amqp.connect(url);
  const ch = await conn.createConfirmChannel();
  for (let p = 0; p < 8; p++) ch.sendToQueue(`${ns}.email-service.${p}`, Buffer.from(body));
  await ch.waitForConfirms();
  await conn.close();
}

describe.each(TEST_BROKERS)("junk on a run's queues on $kind", ({ kind, url, connect: connectTransport }) => {
  let db: TestDatabase;
  let runtime: Runtime;
  let broker: BrokerTransport;

  beforeAll(async () => {
    db = await createTestDatabase(inject("pgUrl"));
    broker = await connectTransport(url());
    runtime = createPostgresRuntime(db.pool, { transports: [broker] });
  });
  afterAll(async () => {
    await runtime?.close();
    await broker?.close();
    await db?.drop();
  });

  it("is dropped: the run finishes with the outcomes it has without it", async () => {
    // Each payment takes 50 ms of real time, so the run is going when the junk arrives.
    const request = { count: 30, seed: 41, timeScale: 1, faults: [{ target: "PaymentService", mode: "latency", value: 50 }] };
    const reference = await (await runtime.simulator.start(orderFlowTemplate(), request)).done;
    const handle = await runtime.simulator.start(orderFlowTemplate(), { ...request, broker: broker.id });
    await expect.poll(() => handle.counters().events.delivered, { timeout: 20_000 }).toBeGreaterThan(5);
    for (const body of ["PART", "{}", '{"messageId":"x"}', "null"]) await putJunk(kind, url(), handle.runId, body);
    const result = await handle.done;
    expect(result.error).toBeNull();
    expectInvariantsOk(result.summary);
    expect(outcome(result.summary!)).toEqual(outcome(reference.summary!));
  }, 60_000);
});
