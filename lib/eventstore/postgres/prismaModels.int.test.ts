import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createPrisma, type PrismaClient } from "../../db/prisma";
import { createTestDatabase, type TestDatabase } from "../../db/testing/testDatabase";
import { newEvent } from "../testing/contract";
import { createPostgresEventStore } from "./postgresEventStore";

// schema.prisma is written by hand next to the SQL migration: reading and writing every
// event-store model through Prisma catches a column or type that drifted.
describe("Prisma models of the event store match the migration", () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  beforeAll(async () => {
    db = await createTestDatabase(inject("pgUrl"));
    prisma = createPrisma(db.pool);
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  it("reads what es_append wrote", async () => {
    const store = createPostgresEventStore(db.pool);
    const event = newEvent("OrderPlaced", { total: 3 });
    const result = await store.appendToStream("order-p", [event], { expectedVersion: "no_stream", streamType: "Order", runId: "run-p", outbox: { topic: "orders" } });

    expect(await prisma.esStream.findUniqueOrThrow({ where: { streamId: "order-p" } })).toMatchObject({
      streamType: "Order",
      version: 1n,
      runId: "run-p",
      createdAt: expect.any(Date),
    });
    expect(await prisma.esEvent.findUniqueOrThrow({ where: { eventId: event.eventId } })).toMatchObject({
      globalPosition: BigInt(result.positions[0]!),
      streamId: "order-p",
      version: 1n,
      type: "OrderPlaced",
      data: { total: 3 },
      metadata: event.metadata,
      runId: "run-p",
    });
    expect(await prisma.esOutbox.findFirstOrThrow({ where: { eventId: event.eventId } })).toMatchObject({
      topic: "orders",
      key: "order-p",
      runId: "run-p",
      attempts: 0,
      claimedUntil: null,
      publishedAt: null,
    });
  });

  it("writes every model with its defaults", async () => {
    await prisma.esStream.create({ data: { streamId: "by-prisma", version: 1n } });
    const event = await prisma.esEvent.create({
      data: { streamId: "by-prisma", version: 1n, eventId: crypto.randomUUID(), type: "T", data: {}, metadata: {} },
    });
    await prisma.esOutbox.create({ data: { eventId: event.eventId, topic: "t", key: "k" } });
    const store = createPostgresEventStore(db.pool);
    const [read] = await store.readStream("by-prisma");
    expect(read).toMatchObject({ version: 1, globalPosition: String(event.globalPosition), transactionId: expect.stringMatching(/^\d+$/) });
    expect(await store.outbox.countUnpublished()).toBe(2);
  });
});
