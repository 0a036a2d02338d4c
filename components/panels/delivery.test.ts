import { describe, expect, it } from "vitest";
import { DEFAULT_RETRY_POLICY } from "@/lib/model/defaults";
import { arrow, sagaStep, sticky, testBoard } from "@/lib/model/testing/testBoards";
import { deriveTopology } from "@/lib/model/topology";
import {
  commandChannelOf,
  formatMs,
  groupOfNode,
  groupProblem,
  isCanonicalNumber,
  parseRetryValue,
  partitionKeyChoices,
  policySummary,
  replyChannelOf,
  withBoardDelivery,
  withDeliveryKey,
} from "./delivery";

describe("retry values as typed", () => {
  it("takes blank as not set, and numbers in each key's range", () => {
    expect(parseRetryValue("maxAttempts", "")).toEqual({ ok: true, value: undefined });
    expect(parseRetryValue("maxAttempts", " 3 ")).toEqual({ ok: true, value: 3 });
    expect(parseRetryValue("maxAttempts", "0")).toEqual({ ok: false, problem: "outOfRange" });
    expect(parseRetryValue("maxAttempts", "21")).toEqual({ ok: false, problem: "outOfRange" });
    expect(parseRetryValue("maxAttempts", "2.5")).toEqual({ ok: false, problem: "notInteger" });
    expect(parseRetryValue("initialDelayMs", "0")).toEqual({ ok: true, value: 0 });
    expect(parseRetryValue("initialDelayMs", "3600001")).toEqual({ ok: false, problem: "outOfRange" });
    expect(parseRetryValue("multiplier", "1.5")).toEqual({ ok: true, value: 1.5 });
    expect(parseRetryValue("multiplier", "0.5")).toEqual({ ok: false, problem: "outOfRange" });
    expect(parseRetryValue("jitter", ".25")).toEqual({ ok: true, value: 0.25 });
    expect(parseRetryValue("jitter", "0.")).toEqual({ ok: true, value: 0 });
    for (const text of ["-1", "1e3", "abc", "0x10", "1,5", "Infinity"]) {
      expect(parseRetryValue("maxDelayMs", text)).toEqual({ ok: false, problem: "notNumber" });
    }
  });

  it("knows when a draft prints as its number, so half-typed decimals are not rewritten", () => {
    expect(["", "0.5", "12", "0"].every(isCanonicalNumber)).toBe(true);
    expect(["0.", "0.0", "0.50", ".5", "007"].some(isCanonicalNumber)).toBe(false);
  });
});

describe("writing delivery keys", () => {
  it("sets and removes keys, and drops the object once it is empty", () => {
    expect(withDeliveryKey(undefined, "maxAttempts", 3)).toEqual({ maxAttempts: 3 });
    const one = { maxAttempts: 3 };
    expect(withDeliveryKey(one, "maxAttempts", 3)).toBe(one);
    expect(withDeliveryKey(one, "maxAttempts", undefined)).toBeUndefined();
    expect(withDeliveryKey({ maxAttempts: 3, group: "g" }, "maxAttempts", undefined)).toEqual({ group: "g" });
    expect(withDeliveryKey(undefined, "jitter", undefined)).toBeUndefined();
  });

  it("keeps the board's settings tidy: no empty settings or delivery objects", () => {
    const bare = testBoard([]);
    const set = withBoardDelivery(bare, { maxAttempts: 2 });
    expect(set.settings).toEqual({ delivery: { maxAttempts: 2 } });
    expect(withBoardDelivery(set, undefined)).not.toHaveProperty("settings");
    const styled = testBoard([], [], { settings: { eventTypeStyle: "pascal", delivery: { jitter: 0 } } });
    expect(withBoardDelivery(styled, undefined).settings).toEqual({ eventTypeStyle: "pascal" });
    expect(withBoardDelivery(bare, undefined)).toBe(bare);
  });

  it("checks group names as brokers take them", () => {
    expect(groupProblem("")).toBeNull();
    expect(groupProblem("email-service.v2_1")).toBeNull();
    expect(groupProblem("-email")).toBe("pattern");
    expect(groupProblem("email service")).toBe("pattern");
    expect(groupProblem("메일")).toBe("pattern");
  });
});

describe("effective values from the topology", () => {
  const board = testBoard(
    [
      sticky("event", "evt", "OrderPlaced", { payload: [{ name: "orderId", type: "uuid" }, { name: "customerId", type: "uuid" }] }),
      sticky("service", "svc", "EmailService", { delivery: { maxAttempts: 3 } }),
      sticky("saga", "saga", "OrderSaga", { steps: [sagaStep("s1", "pay", "ChargeCard", { compensation: "Refund" })] }),
      sticky("service", "pay", "Payment Service", { commandChannel: "payments.in" }),
      sticky("aggregate", "agg", "Order"),
    ],
    [arrow("evt", "svc"), arrow("evt", "saga"), arrow("saga", "pay")],
    { settings: { delivery: { initialDelayMs: 100 } } },
  );
  const topology = deriveTopology(board);

  it("finds a sticky's group, its channels, or says there are none", () => {
    expect(groupOfNode(topology, "svc")).toMatchObject({ name: "email-service", dlq: "email-service.dlq", policy: { maxAttempts: 3, initialDelayMs: 100 } });
    expect(groupOfNode(topology, "agg")).toBeNull();
    expect(commandChannelOf(topology, { kind: "service", name: "payment service" })).toBe("payments.in");
    expect(commandChannelOf(topology, { kind: "aggregate", name: "Order" })).toBeNull();
    expect(replyChannelOf(topology, { name: "OrderSaga" })).toBe("order-saga.replies");
  });

  it("sums a policy up as the design document does: attempts, first and last wait, jitter", () => {
    expect(policySummary(DEFAULT_RETRY_POLICY)).toBe("Up to 5 attempts, exponential backoff 200 ms \u2192 1.6 s (\u00d72, at most 30 s), plus up to 50% jitter");
    expect(policySummary({ ...DEFAULT_RETRY_POLICY, maxAttempts: 1 })).toBe("No retry");
    expect(policySummary(groupOfNode(topology, "svc")!.policy)).toMatch(/^Up to 3 attempts, exponential backoff 100 ms \u2192 200 ms /);
    // No jitter is said, not "plus jitter".
    expect(policySummary({ ...DEFAULT_RETRY_POLICY, jitter: 0 })).toMatch(/, no jitter$/);
  });

  it("formats durations for people", () => {
    expect([0, 200, 1600, 30_000, 90_000, 3_600_000].map(formatMs)).toEqual(["0 ms", "200 ms", "1.6 s", "30 s", "1.5 min", "1 h"]);
  });

  it("offers an event's top-level payload fields as partition keys, and keeps an unknown stored one", () => {
    const event = board.nodes[0]! as Parameters<typeof partitionKeyChoices>[0];
    expect(partitionKeyChoices(event)).toEqual([
      { value: "orderId", known: true },
      { value: "customerId", known: true },
    ]);
    expect(partitionKeyChoices({ ...event, partitionKey: "tenant" }).at(-1)).toEqual({ value: "tenant", known: false });
    expect(partitionKeyChoices({ payload: [], partitionKey: "aggregateId" })).toEqual([{ value: "aggregateId", known: true }]);
  });
});
