import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { START_CHECKPOINT, checkpointOf } from "../checkpoint";
import { ConcurrencyError, DuplicateEventError, EventStoreError } from "../errors";
import type { AppendOptions, EventStoreWithOutbox, NewEvent } from "../types";

/** Makes a store with nothing in it, for each test. */
export type EventStoreFactory = () => Promise<EventStoreWithOutbox>;

/** A new event with a fresh id; `data` defaults to `{n}` where n counts the events made. */
let made = 0;
export function newEvent(type: string, data: unknown = { n: ++made }, metadata: Partial<NewEvent["metadata"]> = {}): NewEvent {
  return { eventId: randomUUID(), type, data, metadata: { correlationId: "corr-1", causationId: "cause-1", ...metadata } };
}

/** Everything a store holds, to prove a refused call wrote nothing. */
async function contents(store: EventStoreWithOutbox) {
  return {
    events: (await store.readAll({ limit: 10_000 })).events,
    streams: await store.listStreams(),
    unpublished: await store.outbox.countUnpublished(),
  };
}

/**
 * The behaviour every EventStore adapter must have. Run by `memory.test.ts` (unit) and
 * `postgres.int.test.ts` (real PostgreSQL), so the in-memory twin cannot drift from the real thing.
 */
export function eventStoreContract(name: string, factory: EventStoreFactory): void {
  describe(`${name} — EventStore contract`, () => {
    let store: EventStoreWithOutbox;
    beforeEach(async () => {
      store = await factory();
    });

    describe("appendToStream and readStream", () => {
      it("appends to a new stream and reads it back in order, with where and when each event was stored", async () => {
        const events = [newEvent("OrderPlaced", { total: 42, lines: [{ sku: "a" }] }), newEvent("OrderPaid", null, { causationId: "pay-1", extra: 7 })];
        const result = await store.appendToStream("order-1", events, { expectedVersion: "no_stream", streamType: "Order", runId: "run-a" });

        expect(result.nextVersion).toBe(2);
        expect(result.positions).toHaveLength(2);
        expect(BigInt(result.positions[1]!)).toBeGreaterThan(BigInt(result.positions[0]!));
        const read = await store.readStream("order-1");
        expect(read).toEqual([
          {
            ...events[0],
            streamId: "order-1",
            streamType: "Order",
            version: 1,
            globalPosition: result.positions[0],
            transactionId: result.transactionId,
            runId: "run-a",
            createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
          },
          expect.objectContaining({ ...events[1], version: 2, globalPosition: result.positions[1], transactionId: result.transactionId }),
        ]);
        expect(await store.streamVersion("order-1")).toBe(2);
      });

      it("appends at the exact expected version, and reads inclusive version ranges", async () => {
        await store.appendToStream("s", [newEvent("A"), newEvent("B")], { expectedVersion: "no_stream" });
        const next = await store.appendToStream("s", [newEvent("C"), newEvent("D"), newEvent("E")], { expectedVersion: 2 });
        expect(next.nextVersion).toBe(5);

        const types = async (range: { from?: number; to?: number }) => (await store.readStream("s", range)).map((e) => e.type);
        expect(await types({})).toEqual(["A", "B", "C", "D", "E"]);
        expect(await types({ from: 2, to: 4 })).toEqual(["B", "C", "D"]);
        expect(await types({ from: 4 })).toEqual(["D", "E"]);
        expect(await types({ to: 1 })).toEqual(["A"]);
        expect(await types({ from: 6 })).toEqual([]);
        expect(await store.readStream("missing")).toEqual([]);
      });

      it("treats expected version 0 as no_stream, and 'any' as no check", async () => {
        expect((await store.appendToStream("zero", [newEvent("A")], { expectedVersion: 0 })).nextVersion).toBe(1);
        await expect(store.appendToStream("zero", [newEvent("B")], { expectedVersion: 0 })).rejects.toBeInstanceOf(ConcurrencyError);

        expect((await store.appendToStream("any", [newEvent("A")], { expectedVersion: "any" })).nextVersion).toBe(1);
        expect((await store.appendToStream("any", [newEvent("B"), newEvent("C")], { expectedVersion: "any" })).nextVersion).toBe(3);
        expect((await store.readStream("any")).map((e) => e.version)).toEqual([1, 2, 3]);
      });

      it("refuses no_stream on an existing stream with a ConcurrencyError, and writes nothing", async () => {
        await store.appendToStream("taken", [newEvent("A"), newEvent("B")], { expectedVersion: "no_stream", outbox: { topic: "t" } });
        const before = await contents(store);

        const refused = store.appendToStream("taken", [newEvent("C")], { expectedVersion: "no_stream", outbox: { topic: "t" } });
        await expect(refused).rejects.toBeInstanceOf(ConcurrencyError);
        await expect(refused).rejects.toMatchObject({
          code: "concurrency",
          streamId: "taken",
          expected: "no_stream",
          actual: 2,
          message: `Stream "taken" is at version 2, but the append expected no stream`,
        });
        expect(await contents(store)).toEqual(before);
      });

      it("refuses a stale version, and an exact version on a stream that does not exist", async () => {
        await store.appendToStream("s", [newEvent("A"), newEvent("B"), newEvent("C")], { expectedVersion: "no_stream" });
        const before = await contents(store);

        await expect(store.appendToStream("s", [newEvent("X")], { expectedVersion: 2 })).rejects.toMatchObject({
          name: "ConcurrencyError",
          code: "concurrency",
          expected: 2,
          actual: 3,
        });
        await expect(store.appendToStream("nowhere", [newEvent("X")], { expectedVersion: 1 })).rejects.toMatchObject({
          code: "concurrency",
          streamId: "nowhere",
          expected: 1,
          actual: 0,
          message: `Stream "nowhere" does not exist, but the append expected version 1`,
        });
        expect(await contents(store)).toEqual(before);
      });

      it("lets exactly one of many concurrent appends with one expected version win", async () => {
        await store.appendToStream("race", [newEvent("Start")], { expectedVersion: "no_stream" });
        const attempts = Array.from({ length: 8 }, (_, i) =>
          store.appendToStream("race", [newEvent(`Try${i}`), newEvent(`Try${i}`)], { expectedVersion: 1 }),
        );
        const settled = await Promise.allSettled(attempts);

        const won = settled.filter((s) => s.status === "fulfilled");
        const lost = settled.flatMap((s) => (s.status === "rejected" ? [s.reason as unknown] : []));
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(7);
        for (const reason of lost) expect(reason).toMatchObject({ code: "concurrency", expected: 1, actual: 3 });
        expect((await store.readStream("race")).map((e) => e.version)).toEqual([1, 2, 3]);
      });

      it("refuses an event id that is already stored, or repeated within the append, and writes nothing", async () => {
        const first = newEvent("A");
        await store.appendToStream("dup", [first], { expectedVersion: "no_stream" });
        const before = await contents(store);

        const again = store.appendToStream("dup", [newEvent("B"), { ...first, type: "Again" }], { expectedVersion: "any", outbox: { topic: "t" } });
        await expect(again).rejects.toBeInstanceOf(DuplicateEventError);
        await expect(again).rejects.toMatchObject({ code: "duplicate_event", streamId: "dup", eventId: first.eventId });
        const twice = newEvent("C");
        await expect(store.appendToStream("other", [twice, twice], { expectedVersion: "any" })).rejects.toMatchObject({ code: "duplicate_event" });
        expect(await contents(store)).toEqual(before);
      });

      it("stores event ids in lower case, as PostgreSQL's uuid type does", async () => {
        const event = { ...newEvent("A"), eventId: "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11" };
        await store.appendToStream("upper", [event], { expectedVersion: "no_stream" });
        expect((await store.readStream("upper"))[0]?.eventId).toBe("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
      });

      it("refuses malformed input with invalid_argument and writes nothing", async () => {
        await store.appendToStream("ok", [newEvent("A")], { expectedVersion: "no_stream" });
        const before = await contents(store);
        const cyclic: Record<string, unknown> = {};
        cyclic.self = cyclic;
        const bad: [string, string, readonly NewEvent[], AppendOptions][] = [
          ["no events", "s", [], { expectedVersion: "any" }],
          ["empty stream id", "", [newEvent("A")], { expectedVersion: "any" }],
          ["negative version", "s", [newEvent("A")], { expectedVersion: -1 }],
          ["fractional version", "s", [newEvent("A")], { expectedVersion: 1.5 }],
          ["unknown version keyword", "s", [newEvent("A")], { expectedVersion: "latest" as "any" }],
          ["not a uuid", "s", [{ ...newEvent("A"), eventId: "evt-1" }], { expectedVersion: "any" }],
          ["empty type", "s", [newEvent("")], { expectedVersion: "any" }],
          ["undefined data", "s", [newEvent("A", undefined)].map((e) => ({ ...e, data: undefined })), { expectedVersion: "any" }],
          ["cyclic data", "s", [newEvent("A", cyclic)], { expectedVersion: "any" }],
          ["bigint data", "s", [newEvent("A", { n: 1n })], { expectedVersion: "any" }],
          ["NUL in data", "s", [newEvent("A", { text: "a\u0000b" })], { expectedVersion: "any" }],
          ["lone surrogate in data", "s", [newEvent("A", { text: "\ud800" })], { expectedVersion: "any" }],
          ["NUL in stream id", "s\u0000", [newEvent("A")], { expectedVersion: "any" }],
          ["metadata without correlationId", "s", [{ ...newEvent("A"), metadata: { causationId: "c" } as unknown as NewEvent["metadata"] }], { expectedVersion: "any" }],
          ["outbox targets not one per event", "s", [newEvent("A"), newEvent("B")], { expectedVersion: "any", outbox: [{ topic: "t" }] }],
          ["empty outbox topic", "s", [newEvent("A")], { expectedVersion: "any", outbox: { topic: "" } }],
          ["empty run id", "s", [newEvent("A")], { expectedVersion: "any", runId: "" }],
        ];
        for (const [why, streamId, events, options] of bad) {
          const error = await store.appendToStream(streamId, events, options).then(() => null, (e: unknown) => e);
          expect(error, why).toBeInstanceOf(EventStoreError);
          expect(error, why).toMatchObject({ code: "invalid_argument" });
        }
        expect(await contents(store)).toEqual(before);
      });

      it("keeps a stream's type and run from its first append; each event records its own append's run", async () => {
        await store.appendToStream("keep", [newEvent("A")], { expectedVersion: "no_stream", streamType: "Order", runId: "run-1" });
        await store.appendToStream("keep", [newEvent("B")], { expectedVersion: 1, streamType: "Other", runId: "run-2" });
        expect(await store.listStreams()).toEqual([{ streamId: "keep", streamType: "Order", version: 2, runId: "run-1" }]);
        expect((await store.readStream("keep")).map((e) => [e.streamType, e.runId])).toEqual([
          ["Order", "run-1"],
          ["Order", "run-2"],
        ]);
      });

      it("hands out copies: mutating what was read or appended changes nothing stored", async () => {
        const event = newEvent("A", { items: [1] });
        await store.appendToStream("copy", [event], { expectedVersion: "no_stream" });
        (event.data as { items: number[] }).items.push(2);
        const [read] = await store.readStream("copy");
        (read!.data as { items: number[] }).items.push(3);
        expect((await store.readStream("copy"))[0]?.data).toEqual({ items: [1] });
      });

      it("reports 0 as the version of a stream that does not exist", async () => {
        expect(await store.streamVersion("never")).toBe(0);
      });
    });

    describe("readAll", () => {
      it("reads every stream in one global order with increasing positions", async () => {
        await store.appendToStream("a", [newEvent("A1"), newEvent("A2")], { expectedVersion: "no_stream" });
        await store.appendToStream("b", [newEvent("B1")], { expectedVersion: "no_stream" });
        await store.appendToStream("a", [newEvent("A3")], { expectedVersion: 2 });

        const { events, checkpoint } = await store.readAll();
        expect(events.map((e) => `${e.streamId}:${e.version}:${e.type}`)).toEqual(["a:1:A1", "a:2:A2", "b:1:B1", "a:3:A3"]);
        const positions = events.map((e) => BigInt(e.globalPosition));
        expect(positions).toEqual([...positions].sort((x, y) => (x < y ? -1 : 1)));
        expect(new Set(positions).size).toBe(4);
        expect(checkpoint).toBe(checkpointOf(events[3]!));
      });

      it("pages with a limit, continues from each checkpoint, and keeps the checkpoint when nothing is new", async () => {
        for (let i = 0; i < 5; i++) await store.appendToStream(`p${i}`, [newEvent(`E${i}`)], { expectedVersion: "no_stream" });

        const pages: string[][] = [];
        let after = START_CHECKPOINT;
        for (;;) {
          const page = await store.readAll({ after, limit: 2 });
          if (page.events.length === 0) {
            expect(page.checkpoint).toBe(after);
            break;
          }
          pages.push(page.events.map((e) => e.type));
          after = page.checkpoint;
        }
        expect(pages).toEqual([["E0", "E1"], ["E2", "E3"], ["E4"]]);

        await store.appendToStream("p5", [newEvent("E5")], { expectedVersion: "no_stream" });
        expect((await store.readAll({ after })).events.map((e) => e.type)).toEqual(["E5"]);
      });

      it("reads one run's events only, when asked", async () => {
        await store.appendToStream("r1-a", [newEvent("A")], { expectedVersion: "no_stream", runId: "r1" });
        await store.appendToStream("r2-a", [newEvent("B")], { expectedVersion: "no_stream", runId: "r2" });
        await store.appendToStream("r1-b", [newEvent("C")], { expectedVersion: "no_stream", runId: "r1" });
        await store.appendToStream("none", [newEvent("D")], { expectedVersion: "no_stream" });

        const r1 = await store.readAll({ runId: "r1" });
        expect(r1.events.map((e) => e.type)).toEqual(["A", "C"]);
        expect((await store.readAll({ runId: "r1", after: r1.checkpoint })).events).toEqual([]);
      });

      it("refuses a malformed checkpoint or limit", async () => {
        for (const after of ["", "12", "-1:0", "a:b", "1:2:3", "01:2"]) {
          await expect(store.readAll({ after }), after).rejects.toMatchObject({ code: "invalid_argument" });
        }
        for (const limit of [0, -1, 1.5, 10_001]) {
          await expect(store.readAll({ limit }), String(limit)).rejects.toMatchObject({ code: "invalid_argument" });
        }
      });

      it("returns only JSON-safe values: results survive JSON.stringify and JSON.parse unchanged", async () => {
        const appended = await store.appendToStream("json", [newEvent("A", { nested: { list: [1, "two", null, true] } })], {
          expectedVersion: "no_stream",
          outbox: { topic: "t" },
        });
        const read = await store.readAll();
        const claimed = await store.outbox.claimUnpublished(10);
        for (const value of [appended, read, await store.readStream("json"), await store.listStreams(), claimed]) {
          expect(JSON.parse(JSON.stringify(value))).toEqual(value);
        }
        expect(typeof read.events[0]?.globalPosition).toBe("string");
        expect(typeof read.events[0]?.transactionId).toBe("string");
      });
    });

    describe("listStreams", () => {
      it("lists a run's streams, ordered by id, with their versions", async () => {
        await store.appendToStream("order-2", [newEvent("A"), newEvent("B")], { expectedVersion: "no_stream", streamType: "Order", runId: "run-x" });
        await store.appendToStream("Payment-1", [newEvent("A")], { expectedVersion: "no_stream", streamType: "Payment", runId: "run-x" });
        await store.appendToStream("order-1", [newEvent("A")], { expectedVersion: "no_stream", streamType: "Order", runId: "run-y" });
        await store.appendToStream("loose", [newEvent("A")], { expectedVersion: "no_stream" });

        expect(await store.listStreams({ runId: "run-x" })).toEqual([
          { streamId: "Payment-1", streamType: "Payment", version: 1, runId: "run-x" },
          { streamId: "order-2", streamType: "Order", version: 2, runId: "run-x" },
        ]);
        expect((await store.listStreams()).map((s) => s.streamId)).toEqual(["Payment-1", "loose", "order-1", "order-2"]);
        expect((await store.listStreams({ limit: 2 })).map((s) => s.streamId)).toEqual(["Payment-1", "loose"]);
        expect(await store.listStreams({ runId: "run-none" })).toEqual([]);
      });

      it("pages by stream id with `after`", async () => {
        for (const id of ["s-3", "s-1", "S-2", "s-4"]) await store.appendToStream(id, [newEvent("A")], { expectedVersion: "no_stream", runId: "run-p" });
        const first = await store.listStreams({ runId: "run-p", limit: 2 });
        expect(first.map((s) => s.streamId)).toEqual(["S-2", "s-1"]);
        const second = await store.listStreams({ runId: "run-p", limit: 2, after: first.at(-1)!.streamId });
        expect(second.map((s) => s.streamId)).toEqual(["s-3", "s-4"]);
        expect(await store.listStreams({ runId: "run-p", after: "s-4" })).toEqual([]);
        expect((await store.listStreams({ after: "s-3" })).map((s) => s.streamId)).toEqual(["s-4"]);
      });
    });

    describe("outbox", () => {
      it("writes one message per targeted event with the append, keyed by stream id unless a key is given", async () => {
        const events = [newEvent("A"), newEvent("B"), newEvent("C")];
        await store.appendToStream("o-1", events, {
          expectedVersion: "no_stream",
          runId: "run-o",
          outbox: [{ topic: "orders" }, null, { topic: "audit", key: "k-9" }],
        });
        await store.appendToStream("o-2", [newEvent("D")], { expectedVersion: "no_stream" });

        expect(await store.outbox.countUnpublished()).toBe(2);
        const claimed = await store.outbox.claimUnpublished(10);
        expect(claimed.map((m) => [m.topic, m.key, m.runId, m.attempts, m.event.type])).toEqual([
          ["orders", "o-1", "run-o", 1, "A"],
          ["audit", "k-9", "run-o", 1, "C"],
        ]);
        expect(claimed[0]?.event).toEqual((await store.readStream("o-1"))[0]);
        expect(BigInt(claimed[1]!.id)).toBeGreaterThan(BigInt(claimed[0]!.id));
      });

      it("claims in write order and never hands a claimed message out twice before its lease ends", async () => {
        for (let i = 0; i < 5; i++) await store.appendToStream(`c${i}`, [newEvent(`E${i}`)], { expectedVersion: "no_stream", outbox: { topic: "t" } });

        const first = await store.outbox.claimUnpublished(3);
        const second = await store.outbox.claimUnpublished(3);
        expect(first.map((m) => m.event.type)).toEqual(["E0", "E1", "E2"]);
        expect(second.map((m) => m.event.type)).toEqual(["E3", "E4"]);
        expect(await store.outbox.claimUnpublished(3)).toEqual([]);
        expect(await store.outbox.countUnpublished()).toBe(5);
      });

      it("marks messages published once, and gives released claims out again with attempts counted", async () => {
        for (let i = 0; i < 3; i++) await store.appendToStream(`m${i}`, [newEvent(`E${i}`)], { expectedVersion: "no_stream", outbox: { topic: "t" } });
        const [a, b, c] = await store.outbox.claimUnpublished(10);

        expect(await store.outbox.markPublished([a!.id, b!.id])).toBe(2);
        expect(await store.outbox.markPublished([a!.id])).toBe(0);
        expect(await store.outbox.countUnpublished()).toBe(1);
        expect(await store.outbox.releaseClaims([a!.id, c!.id])).toBe(1);

        const again = await store.outbox.claimUnpublished(10);
        expect(again.map((m) => [m.id, m.attempts])).toEqual([[c!.id, 2]]);
        expect(await store.outbox.markPublished([c!.id])).toBe(1);
        expect(await store.outbox.countUnpublished()).toBe(0);
        expect(await store.outbox.claimUnpublished(10)).toEqual([]);
      });

      it("gives a message out again once its lease has ended (a relay that died)", async () => {
        await store.appendToStream("lease", [newEvent("A")], { expectedVersion: "no_stream", outbox: { topic: "t" } });
        expect(await store.outbox.claimUnpublished(10, { leaseMs: 0 })).toHaveLength(1);
        const retried = await store.outbox.claimUnpublished(10);
        expect(retried.map((m) => m.attempts)).toEqual([2]);
      });

      it("writes rows claimed for the writer when asked (claimMs), and says which row each event got and when it was stored", async () => {
        const appended = await store.appendToStream("self", [newEvent("A"), newEvent("B"), newEvent("C")], {
          expectedVersion: "no_stream",
          outbox: [{ topic: "t" }, null, { topic: "u" }],
          claimMs: 60_000,
        });
        expect(appended.outboxIds[1]).toBeNull();
        const [a, , c] = appended.outboxIds;
        expect(BigInt(c!)).toBeGreaterThan(BigInt(a!));
        const stored = await store.readStream("self");
        expect(stored.map((e) => e.createdAt)).toEqual([appended.createdAt, appended.createdAt, appended.createdAt]);
        // The writer holds them: no relay takes them, though they are unpublished.
        expect(await store.outbox.countUnpublished()).toBe(2);
        expect(await store.outbox.claimUnpublished(10)).toEqual([]);
        // Released (or their lease over: the writer died), they are any relay's, the writer's claim counted.
        expect(await store.outbox.releaseClaims([a!])).toBe(1);
        const claimed = await store.outbox.claimUnpublished(10);
        expect(claimed.map((m) => [m.id, m.attempts, m.event.type])).toEqual([[a, 2, "A"]]);
        expect(claimed[0]!.event).toEqual(stored[0]);

        const free = await store.appendToStream("free", [newEvent("D")], { expectedVersion: "no_stream", outbox: { topic: "t" } });
        expect((await store.outbox.claimUnpublished(10)).map((m) => m.id)).toEqual(free.outboxIds);
        const lapsed = await store.appendToStream("lapsed", [newEvent("E")], { expectedVersion: "no_stream", outbox: { topic: "t" }, claimMs: 0 });
        expect((await store.outbox.claimUnpublished(10)).map((m) => [m.id, m.attempts])).toEqual([[lapsed.outboxIds[0], 2]]);
        await expect(store.appendToStream("bad", [newEvent("F")], { expectedVersion: "no_stream", outbox: { topic: "t" }, claimMs: -1 })).rejects.toMatchObject({
          code: "invalid_argument",
          message: expect.stringContaining("claimMs"),
        });
      });

      it("counts and claims one run's messages only, when asked", async () => {
        await store.appendToStream("x", [newEvent("A"), newEvent("B")], { expectedVersion: "no_stream", runId: "run-1", outbox: { topic: "t" } });
        await store.appendToStream("y", [newEvent("C")], { expectedVersion: "no_stream", runId: "run-2", outbox: { topic: "t" } });

        expect(await store.outbox.countUnpublished({ runId: "run-1" })).toBe(2);
        expect(await store.outbox.countUnpublished({ runId: "run-3" })).toBe(0);
        expect((await store.outbox.claimUnpublished(10, { runId: "run-2" })).map((m) => m.event.type)).toEqual(["C"]);
      });

      it("refuses malformed outbox ids and leases", async () => {
        await expect(store.outbox.markPublished(["abc"])).rejects.toMatchObject({ code: "invalid_argument" });
        await expect(store.outbox.releaseClaims(["0"])).rejects.toMatchObject({ code: "invalid_argument" });
        await expect(store.outbox.claimUnpublished(10, { leaseMs: -1 })).rejects.toMatchObject({ code: "invalid_argument" });
        expect(await store.outbox.markPublished([])).toBe(0);
      });
    });
  });
}

