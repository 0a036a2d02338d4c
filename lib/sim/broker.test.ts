import { describe, expect, it } from "vitest";
import { countingIds, virtualTime } from "../runtime/testing/virtualTime";
import { Activity } from "./activity";
import { Broker, type ConsumerHandler } from "./broker";
import { Counters } from "./counters";
import type { Message } from "./ports/records";
import type { Span, TraceSink } from "./ports/trace";
import { Tracer } from "./tracer";

function setup(options: { maxAttempts?: number; extraCopies?: number } = {}) {
  const time = virtualTime();
  const spans: Span[] = [];
  const sink: TraceSink = { record: (s) => spans.push(s), flush: async () => undefined };
  const counters = new Counters();
  const activity = new Activity();
  const dead: { group: string; id: string; attempts: number; error: string }[] = [];
  const broker = new Broker({
    scheduler: time.scheduler,
    random: () => 0.5,
    tracer: new Tracer(time.clock, countingIds(), sink),
    counters,
    activity,
    retry: { maxAttempts: options.maxAttempts ?? 3, backoff: { baseMs: 10, maxMs: 100 } },
    partitions: 4,
    extraCopies: () => options.extraCopies ?? 0,
    deadLetter: async (group, message, attempts, error) => void dead.push({ group, id: message.messageId, attempts, error }),
    alive: () => true,
    onError: (err) => {
      throw err;
    },
  });
  return { broker, spans, counters, activity, dead, clock: time.clock };
}

const message = (id: string, key: string, eventType = "thing.happened"): Message => ({
  messageId: id,
  topic: "things",
  key,
  eventType,
  eventName: "ThingHappened",
  payload: {},
  headers: { runId: "r", correlationId: `c-${key}`, causationId: "x", subjectId: key, instance: 0, logicalKey: id, streamId: key, version: 1, globalPosition: "1", checkpoint: "1:1", createdAt: "", spanId: "p" },
});

describe("broker", () => {
  it("delivers one key's messages in order to each group, even when one waits for retries", async () => {
    const { broker, activity, counters } = setup();
    const seen: Record<string, string[]> = { a: [], b: [] };
    let failures = 0;
    const handler =
      (group: "a" | "b"): ConsumerHandler =>
      async (m) => {
        // The first message of key k1 fails twice in group a: k1's later messages must wait for it.
        if (group === "a" && m.messageId === "k1-0" && failures++ < 2) throw new Error("not yet");
        seen[group]!.push(m.messageId);
        return "processed";
      };
    broker.subscribe("a", ["thing.happened"], handler("a"));
    broker.subscribe("b", ["thing.happened"], handler("b"));
    for (let i = 0; i < 5; i++) for (const key of ["k1", "k2", "k3"]) broker.publish(message(`${key}-${i}`, key));
    await activity.idle();
    for (const group of ["a", "b"] as const) {
      for (const key of ["k1", "k2", "k3"]) expect(seen[group]!.filter((id) => id.startsWith(key))).toEqual([0, 1, 2, 3, 4].map((i) => `${key}-${i}`));
    }
    expect(counters.events).toMatchObject({ delivered: 30, retried: 2, deadLettered: 0 });
  });

  it("dead-letters after maxAttempts with backoff between attempts, keeping the message id", async () => {
    const { broker, activity, dead, spans, counters } = setup({ maxAttempts: 4 });
    broker.subscribe("g", ["thing.happened"], async () => {
      throw new Error("poison");
    });
    broker.publish(message("m-1", "k"));
    await activity.idle();
    expect(dead).toEqual([{ group: "g", id: "m-1", attempts: 4, error: "poison" }]);
    const retries = spans.filter((s) => s.kind === "retry");
    // Exponential: 10, 20, 40 ms (+ half of it as jitter at random() = 0.5).
    expect(retries.map((s) => s.attributes.delayMs)).toEqual([13, 25, 50]);
    expect(retries.map((s) => Math.round(s.endedAt - s.startedAt))).toEqual([13, 25, 50]);
    expect(spans.filter((s) => s.kind === "deliver").map((s) => s.status)).toEqual(["error", "error", "error", "error"]);
    expect(spans.find((s) => s.kind === "dead-letter")?.attributes).toMatchObject({ messageId: "m-1", attempts: 4, error: "poison" });
    expect(counters.events).toMatchObject({ delivered: 1, retried: 3, deadLettered: 1 });
  });

  it("queues injected duplicates right behind the original and counts the ones a handler skips", async () => {
    const { broker, activity, counters } = setup({ extraCopies: 2 });
    const processed = new Set<string>();
    broker.subscribe("g", ["thing.happened"], async (m) => {
      if (processed.has(m.messageId)) return "duplicate";
      processed.add(m.messageId);
      return "processed";
    });
    broker.publish(message("m-1", "k"));
    broker.publish(message("m-2", "k"));
    await activity.idle();
    expect(counters.events).toMatchObject({ delivered: 6, duplicatesSkipped: 4 });
  });

  it("sends one message to one group and reports how it went (a replay)", async () => {
    const { broker } = setup({ maxAttempts: 1 });
    broker.subscribe("ok", ["thing.happened"], async () => "processed");
    broker.subscribe("bad", ["thing.happened"], async () => {
      throw new Error("still broken");
    });
    await expect(broker.send("ok", message("m", "k"))).resolves.toEqual({ status: "processed" });
    await expect(broker.send("bad", message("m", "k"))).resolves.toEqual({ status: "dead-lettered", error: "still broken" });
    await expect(broker.send("nobody", message("m", "k"))).resolves.toEqual({ status: "error", error: 'no consumer group "nobody" on this board' });
  });
});
