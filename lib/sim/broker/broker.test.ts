import { describe, expect, it } from "vitest";
import { DEFAULT_RETRY_POLICY, type Route } from "../../model";
import { countingIds, virtualTime } from "../../runtime/testing/virtualTime";
import { Activity } from "../run/activity";
import { Broker } from "./broker";
import { ResumePoints } from "./resumePoints";
import type { ConsumerHandler } from "./runBroker";
import { Counters } from "../run/counters";
import { Flows } from "../run/flows";
import type { Message } from "../ports/records";
import type { Span, TraceSink } from "../ports/trace";
import { Tracer } from "../trace/tracer";

function setup(options: { maxAttempts?: number; extraCopies?: number; timeScale?: number; resumed?: ResumePoints } = {}) {
  const time = virtualTime();
  const spans: Span[] = [];
  const sink: TraceSink = { record: (s) => spans.push(s), flush: async () => undefined };
  const counters = new Counters();
  const activity = new Activity();
  const flows = new Flows();
  const dead: { group: string; id: string; attempts: number; error: string }[] = [];
  const broker = new Broker({
    seed: "s",
    tracer: new Tracer(time.clock, countingIds(), sink),
    counters,
    activity,
    flows,
    wait: (ms) => time.scheduler.sleep(ms * (options.timeScale ?? 1)),
    partitions: 4,
    extraCopies: () => options.extraCopies ?? 0,
    alive: () => true,
    onError: (err) => {
      throw err;
    },
    ...(options.resumed ? { resumed: (group: string, id: string, copy: number) => options.resumed!.take(group, id, copy) } : {}),
  });
  // No jitter, so the waits are the policy's schedule.
  const policy = { ...DEFAULT_RETRY_POLICY, initialDelayMs: 10, maxAttempts: options.maxAttempts ?? 3, jitter: 0 };
  const subscribe = (group: string, handler: ConsumerHandler) =>
    broker.subscribe({ name: group, policy, handler, deadLetter: async (message, attempts, error) => void dead.push({ group, id: message.messageId, attempts, error }) }, [route(`n-${group}`)]);
  return { broker, subscribe, spans, counters, activity, flows, dead, clock: time.clock };
}

const route = (nodeId: string): Route => ({ kind: "event", name: "ThingHappened", key: "thinghappened", type: "thing.happened", partitionKey: "aggregateId", channel: "things", nodeId, edgeId: `e-${nodeId}` });

const message = (id: string, key: string, eventType = "thing.happened"): Message => ({
  messageId: id,
  topic: "things",
  key,
  eventType,
  eventName: "ThingHappened",
  payload: {},
  headers: { kind: "event", runId: "r", correlationId: `c-${key}`, causationId: "x", subjectId: key, instance: 0, logicalKey: id, streamId: key, version: 1, globalPosition: "1", checkpoint: "1:1", createdAt: "", spanId: "p" },
});

describe("broker", () => {
  it("delivers one key's messages in order to each group, even when one waits for retries", async () => {
    const { broker, subscribe, activity, counters, flows } = setup();
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
    subscribe("a", handler("a"));
    subscribe("b", handler("b"));
    for (let i = 0; i < 5; i++) for (const key of ["k1", "k2", "k3"]) broker.publish(message(`${key}-${i}`, key));
    await activity.idle();
    for (const group of ["a", "b"] as const) {
      for (const key of ["k1", "k2", "k3"]) expect(seen[group]!.filter((id) => id.startsWith(key))).toEqual([0, 1, 2, 3, 4].map((i) => `${key}-${i}`));
    }
    expect(counters.events).toMatchObject({ delivered: 30, retried: 2, deadLettered: 0 });
    // Every delivery of a correlation was counted in its flow, and is done.
    await expect(flows.idle("c-k1")).resolves.toBeUndefined();
  });

  it("dead-letters after the group's maxAttempts with its backoff between attempts, keeping the message id", async () => {
    const { broker, subscribe, activity, dead, spans, counters } = setup({ maxAttempts: 4 });
    subscribe("g", async () => {
      throw new Error("poison");
    });
    broker.publish(message("m-1", "k"));
    await activity.idle();
    expect(dead).toEqual([{ group: "g", id: "m-1", attempts: 4, error: "poison" }]);
    const retries = spans.filter((s) => s.kind === "retry");
    // The group's policy: 10, 20, 40 ms (initial delay, ×2).
    expect(retries.map((s) => s.attributes.delayMs)).toEqual([10, 20, 40]);
    expect(retries.map((s) => Math.round(s.endedAt - s.startedAt))).toEqual([10, 20, 40]);
    for (const span of [...retries, ...spans.filter((s) => s.kind === "deliver" || s.kind === "dead-letter")]) {
      expect(span.attributes).toMatchObject({ group: "g", consumer: "g", nodeId: "n-g", edgeId: "e-n-g", messageId: "m-1" });
    }
    expect(spans.filter((s) => s.kind === "deliver").map((s) => s.status)).toEqual(["error", "error", "error", "error"]);
    expect(spans.find((s) => s.kind === "dead-letter")?.attributes).toMatchObject({ messageId: "m-1", attempts: 4, error: "poison", dlq: "g.dlq" });
    expect(counters.events).toMatchObject({ delivered: 1, retried: 3, deadLettered: 1 });
  });

  it("waits the design delays times the time scale, and records the design delay", async () => {
    const { broker, subscribe, activity, spans } = setup({ maxAttempts: 3, timeScale: 0.5 });
    subscribe("g", async () => {
      throw new Error("poison");
    });
    broker.publish(message("m-1", "k"));
    await activity.idle();
    const retries = spans.filter((s) => s.kind === "retry");
    expect(retries.map((s) => s.attributes.delayMs)).toEqual([10, 20]);
    expect(retries.map((s) => Math.round(s.endedAt - s.startedAt))).toEqual([5, 10]);
  });

  it("queues injected duplicates right behind the original and counts the ones a handler skips", async () => {
    const { broker, subscribe, activity, counters } = setup({ extraCopies: 2 });
    const processed = new Set<string>();
    subscribe("g", async (m) => {
      if (processed.has(m.messageId)) return "duplicate";
      processed.add(m.messageId);
      return "processed";
    });
    broker.publish(message("m-1", "k"));
    broker.publish(message("m-2", "k"));
    await activity.idle();
    expect(counters.events).toMatchObject({ delivered: 6, duplicatesSkipped: 4 });
  });

  it("goes on after a crash where the stored spans say a delivery stood: no attempt or wait made or counted twice", async () => {
    // The first life: every attempt fails, to its dead letter; the crash kept only the first three spans.
    const first = setup({ maxAttempts: 4 });
    first.subscribe("g", async () => {
      throw new Error("poison");
    });
    first.broker.publish(message("m-1", "k"));
    await first.activity.idle();
    const stored = first.spans.slice(0, 3);
    expect(stored.map((s) => `${s.kind} ${s.attributes.attempt}`)).toEqual(["deliver 1", "retry 2", "deliver 2"]);

    for (const [kept, attempts] of [
      [stored, [3, 4]],
      // The wait after attempt 2 was stored too: it is not waited or counted again.
      [[...stored, first.spans[3]!], [3, 4]],
    ] as const) {
      const resumed = new ResumePoints();
      resumed.apply(kept.map((s) => ({ ...s })));
      const second = setup({ maxAttempts: 4, resumed });
      const seen: { attempt: number; designMs: number }[] = [];
      second.subscribe("g", async (_m, delivery) => {
        seen.push({ attempt: delivery.attempt, designMs: delivery.design.elapsedMs });
        throw new Error("poison");
      });
      await expect(second.broker.send("g", message("m-1", "k"))).resolves.toEqual({ status: "dead-lettered", error: "poison" });
      // Design time goes on from the waits before the crash: 10 ms, then 20 before attempt 3, 40 before 4.
      expect(seen).toEqual(attempts.map((attempt) => ({ attempt, designMs: attempt === 3 ? 30 : 70 })));
      const all = [...kept, ...second.spans];
      expect(all.filter((s) => s.kind === "deliver").map((s) => s.attributes.attempt)).toEqual([1, 2, 3, 4]);
      expect(all.filter((s) => s.kind === "retry").map((s) => s.attributes.attempt)).toEqual([2, 3, 4]);
      expect(second.dead).toEqual([{ group: "g", id: "m-1", attempts: 4, error: "poison" }]);
    }
  });

  it("sends one message to one group and reports how it went (a replay)", async () => {
    const { broker, subscribe } = setup({ maxAttempts: 1 });
    subscribe("ok", async () => "processed");
    subscribe("bad", async () => {
      throw new Error("still broken");
    });
    await expect(broker.send("ok", message("m", "k"))).resolves.toEqual({ status: "processed" });
    await expect(broker.send("bad", message("m", "k"))).resolves.toEqual({ status: "dead-lettered", error: "still broken" });
    await expect(broker.send("nobody", message("m", "k"))).resolves.toEqual({ status: "error", error: 'no consumer group "nobody" on this board' });
  });
});
