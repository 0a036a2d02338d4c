import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createPrisma, type PrismaClient } from "../../db/prisma";
import { createTestDatabase, type TestDatabase } from "../../db/testing/testDatabase";
import { withDelivery } from "../../sim/testing/v1Boards";
import { orderFlowTemplate } from "../../model";
import { createPostgresRuntime } from "../runtime";

// schema.prisma's Sim* models are written by hand next to the runtime migration: reading what the
// runtime's raw SQL wrote, and writing every model through Prisma, catches a column that drifted.
describe("Prisma models of the runtime match the migration", () => {
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

  it("reads what a run wrote", async () => {
    const runtime = createPostgresRuntime(db.pool);
    const handle = await runtime.simulator.start(withDelivery(orderFlowTemplate(), { maxAttempts: 1 }), { count: 2, seed: 1, faults: [{ target: "EmailService", mode: "fail" }] });
    await handle.done;
    const runId = handle.runId;
    expect(await prisma.simRun.findUniqueOrThrow({ where: { id: runId } })).toMatchObject({ boardName: "Order flow", status: "completed", finishedAt: expect.any(Date), heartbeatAt: expect.any(Date) });
    expect(await prisma.simSpan.findFirstOrThrow({ where: { runId, seq: 1n } })).toMatchObject({ kind: expect.any(String), startedAt: expect.any(Number), endedAt: expect.any(Number), attributes: expect.any(Object) });
    expect(await prisma.simSpanBatch.findFirstOrThrow({ where: { runId }, orderBy: { firstSeq: "asc" } })).toMatchObject({ firstSeq: 1n, spans: expect.any(Array) });
    // Per order: analytics, saga and view of OrderPlaced (email dead-lettered), three commands, three replies, the view of OrderCompleted.
    expect(await prisma.simProcessed.count({ where: { runId } })).toBe(2 * (3 + 3 + 3 + 1));
    expect(await prisma.simReadModel.findFirstOrThrow({ where: { runId } })).toMatchObject({ readModel: "OrderView", eventCount: 2 });
    expect(await prisma.simDeadLetter.findFirstOrThrow({ where: { runId } })).toMatchObject({ consumerGroup: "email-service", attempts: 1, replayStatus: null });
  });

  it("reads the owner a run was stamped with (run_owners migration)", async () => {
    const owner = crypto.randomUUID();
    const handle = await createPostgresRuntime(db.pool, { owner }).simulator.start(orderFlowTemplate(), { count: 1, seed: 2 });
    await handle.done;
    expect(await prisma.simRun.findUniqueOrThrow({ where: { id: handle.runId } })).toMatchObject({ ownerId: owner, status: "completed" });
  });

  it("writes every model with its defaults", async () => {
    await prisma.simRun.create({ data: { id: "by-prisma", boardName: "B", board: {}, scenario: {}, status: "running", counters: {} } });
    await prisma.simSpan.create({ data: { runId: "by-prisma", seq: 1n, traceId: "t", spanId: "s", name: "n", kind: "command", startedAt: 1.5, endedAt: 2.5, status: "ok", attributes: {} } });
    await prisma.simProcessed.create({ data: { consumerGroup: "g", messageId: crypto.randomUUID(), runId: "by-prisma" } });
    await prisma.simReadModel.create({ data: { runId: "by-prisma", readModel: "V", rowId: "r", data: {}, versions: {}, eventCount: 1 } });
    await prisma.simDeadLetter.create({ data: { runId: "by-prisma", consumerGroup: "g", messageId: crypto.randomUUID(), message: {}, attempts: 1, lastError: "e", deadLetteredAt: new Date() } });
    const runtime = createPostgresRuntime(db.pool);
    expect(await runtime.store.getRun("by-prisma")).toMatchObject({ status: "running", finishedAt: null, error: null });
    expect(await runtime.store.lastSpanSeq("by-prisma")).toBe(1);
    await prisma.simSpanBatch.create({ data: { runId: "by-prisma", firstSeq: 2n, lastSeq: 2n, spans: [[2, "t", "s2", "s", "m", "handle", 3, 4, "error", { a: 1 }]] } });
    expect(await runtime.store.readSpans("by-prisma", 0, 10)).toEqual([
      { seq: 1, traceId: "t", spanId: "s", parentSpanId: null, name: "n", kind: "command", startedAt: 1.5, endedAt: 2.5, status: "ok", attributes: {} },
      { seq: 2, traceId: "t", spanId: "s2", parentSpanId: "s", name: "m", kind: "handle", startedAt: 3, endedAt: 4, status: "error", attributes: { a: 1 } },
    ]);
    expect(await runtime.store.readModelRows("by-prisma")).toEqual([{ readModel: "V", rowId: "r", data: {}, versions: {}, eventCount: 1 }]);
    expect(await runtime.store.listDeadLetters("by-prisma")).toHaveLength(1);
  });
});
