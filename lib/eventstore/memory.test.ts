import { describe, expect, it } from "vitest";
import { eventStoreContract, newEvent } from "./testing/contract";
import { createMemoryEventStore } from "./memory";

eventStoreContract("in-memory", async () => createMemoryEventStore());

describe("in-memory event store", () => {
  it("replays identically: same calls and clock, same ids, positions and timestamps", async () => {
    const run = async () => {
      let t = Date.UTC(2026, 0, 1);
      const store = createMemoryEventStore({ now: () => (t += 1000) });
      const events = ["A", "B", "C"].map((type, i) => ({ ...newEvent(type, { i }), eventId: `00000000-0000-4000-8000-00000000000${i}` }));
      await store.appendToStream("s", events.slice(0, 2), { expectedVersion: "no_stream", outbox: { topic: "t" } });
      await store.appendToStream("s", events.slice(2), { expectedVersion: 2, outbox: { topic: "t" } });
      return { all: await store.readAll(), claimed: await store.outbox.claimUnpublished(10) };
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(first.all.events.map((e) => [e.globalPosition, e.transactionId, e.createdAt])).toEqual([
      ["1", "1", "2026-01-01T00:00:01.000Z"],
      ["2", "1", "2026-01-01T00:00:01.000Z"],
      ["3", "2", "2026-01-01T00:00:02.000Z"],
    ]);
  });

  it("ends a claim's lease by the injected clock", async () => {
    let now = 0;
    const store = createMemoryEventStore({ now: () => now });
    await store.appendToStream("s", [newEvent("A")], { expectedVersion: "no_stream", outbox: { topic: "t" } });
    expect(await store.outbox.claimUnpublished(1, { leaseMs: 5000 })).toHaveLength(1);
    now = 4999;
    expect(await store.outbox.claimUnpublished(1)).toEqual([]);
    now = 5000;
    expect((await store.outbox.claimUnpublished(1)).map((m) => m.attempts)).toEqual([2]);
  });
});
