import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../db/testing/testDatabase";
import { newEvent } from "../testing/contract";
import { createPostgresEventStore, type PostgresEventStore } from "./postgresEventStore";

describe("PostgreSQL outbox under concurrent relays", () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  beforeAll(async () => {
    db = await createTestDatabase(inject("pgUrl"));
    store = createPostgresEventStore(db.pool);
  });
  afterAll(async () => db?.drop());

  it("hands each message to exactly one of several relays claiming at the same time", async () => {
    for (let i = 0; i < 40; i++) {
      await store.appendToStream(`r${i}`, [newEvent("A"), newEvent("B"), newEvent("C"), newEvent("D"), newEvent("E")], {
        expectedVersion: "no_stream",
        runId: "relay-run",
        outbox: { topic: "t" },
      });
    }
    const relays = Array.from({ length: 4 }, async () => {
      const got: string[] = [];
      for (;;) {
        const batch = await store.outbox.claimUnpublished(7, { runId: "relay-run" });
        if (batch.length === 0) return got;
        got.push(...batch.map((m) => m.id));
        await store.outbox.markPublished(batch.map((m) => m.id));
      }
    });
    const claimed = (await Promise.all(relays)).flat();
    expect(claimed).toHaveLength(200);
    expect(new Set(claimed).size).toBe(200);
    expect(await store.outbox.countUnpublished({ runId: "relay-run" })).toBe(0);
  });

  it("keeps each stream's messages in append order", async () => {
    for (let v = 0; v < 5; v++) {
      await store.appendToStream("ordered", [newEvent(`E${v}`)], { expectedVersion: v, runId: "order-run", outbox: { topic: "t" } });
    }
    const claimed = await store.outbox.claimUnpublished(100, { runId: "order-run" });
    expect(claimed.map((m) => m.event.version)).toEqual([1, 2, 3, 4, 5]);
    expect(claimed.map((m) => m.key)).toEqual(Array(5).fill("ordered"));
  });
});
