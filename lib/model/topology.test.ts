import { describe, expect, it } from "vitest";
import { DEFAULT_RETRY_POLICY } from "./defaults";
import { createOrderSagaTemplate, orderFlowTemplate } from "./template";
import { arrow, sagaStep, sticky, testBoard } from "./testing/testBoards";
import { deriveTopology, retryDelayMs, retrySchedule, routesByMessage, messageRouteKey } from "./topology";
import { validateBoard } from "./validate";

describe("deriveTopology on the Order template", () => {
  const topology = deriveTopology(orderFlowTemplate());

  it("has the event topic, a command channel per participant and the saga's reply channel", () => {
    expect(topology.channels.map((c) => [c.name, c.kind, c.owner?.name ?? null, c.messages.map((m) => m.name), c.partitionKeys])).toEqual([
      ["order-events", "events", null, ["OrderPlaced", "OrderCompleted", "OrderFailed", "OrderShipped", "OrderCancelled"], ["aggregateId"]],
      ["inventory-service.commands", "commands", "InventoryService", ["ReserveInventory", "ReleaseInventory"], ["aggregateId"]],
      ["payment-service.commands", "commands", "PaymentService", ["ChargePayment", "RefundPayment"], ["aggregateId"]],
      ["order.commands", "commands", "Order", ["ConfirmOrder"], ["aggregateId"]],
      ["order-saga.replies", "replies", "OrderSaga", ["InventoryReserved", "InventoryReservationFailed", "InventoryReleased", "PaymentCharged", "PaymentDeclined", "PaymentRefunded", "OrderConfirmed", "OrderConfirmationRejected", "CommandDeadLettered"], ["aggregateId"]],
    ]);
  });

  it("has one group per consumer and participant, in board order, each with its DLQ and the default policy", () => {
    expect(topology.groups.map((g) => [g.name, g.kind, g.consumer, g.dlq])).toEqual([
      ["order", "aggregate", "Order", "order.dlq"],
      ["email-service", "service", "EmailService", "email-service.dlq"],
      ["analytics-service", "service", "AnalyticsService", "analytics-service.dlq"],
      ["order-saga", "saga", "OrderSaga", "order-saga.dlq"],
      ["inventory-service", "service", "InventoryService", "inventory-service.dlq"],
      ["payment-service", "service", "PaymentService", "payment-service.dlq"],
      ["order-view", "readModel", "OrderView", "order-view.dlq"],
    ]);
    for (const group of topology.groups) expect(group.policy).toEqual(DEFAULT_RETRY_POLICY);
  });

  it("routes each message to the sticky that handles it, across the edge it crosses", () => {
    const saga = topology.groups.find((g) => g.name === "order-saga")!;
    expect(saga.routes.map((r) => [r.channel, r.kind, r.name, r.nodeId, r.edgeId])).toEqual([
      ["order-events", "event", "OrderPlaced", "saga-order", "e-placed-saga"],
      ["order-saga.replies", "reply", "InventoryReserved", "saga-order", "e-saga-inventory"],
      ["order-saga.replies", "reply", "InventoryReservationFailed", "saga-order", "e-saga-inventory"],
      ["order-saga.replies", "reply", "InventoryReleased", "saga-order", "e-saga-inventory"],
      ["order-saga.replies", "reply", "PaymentCharged", "saga-order", "e-saga-payment"],
      ["order-saga.replies", "reply", "PaymentDeclined", "saga-order", "e-saga-payment"],
      ["order-saga.replies", "reply", "PaymentRefunded", "saga-order", "e-saga-payment"],
      ["order-saga.replies", "reply", "OrderConfirmed", "saga-order", "e-saga-order"],
      ["order-saga.replies", "reply", "OrderConfirmationRejected", "saga-order", "e-saga-order"],
      // A participant that gives up on a command tells the saga: no arrow carries that notice.
      ["order-saga.replies", "reply", "CommandDeadLettered", "saga-order", null],
    ]);
    const email = topology.groups.find((g) => g.name === "email-service")!;
    expect(email.routes.map((r) => [r.type, r.nodeId, r.edgeId])).toEqual([
      ["order.placed", "svc-email-confirm", "e-placed-email"],
      ["order.shipped", "svc-email-shipping", "e-shipped-email"],
    ]);
    const order = topology.groups.find((g) => g.name === "order")!;
    expect(order.routes.map((r) => [r.channel, r.type, r.nodeId, r.edgeId])).toEqual([["order.commands", "ConfirmOrder", "agg-order-confirm", "e-saga-order"]]);
    const byMessage = routesByMessage(topology);
    expect(byMessage.get(messageRouteKey("order-events", "order.placed"))?.map((r) => r.group.name)).toEqual(["email-service", "analytics-service", "order-saga", "order-view"]);
  });
});

describe("deriveTopology: the Create Order saga", () => {
  it("sends both Kitchen steps' commands on one channel and takes their replies on the saga's", () => {
    const topology = deriveTopology(createOrderSagaTemplate());
    expect(topology.channels.find((c) => c.name === "kitchen-service.commands")?.messages.map((m) => m.name)).toEqual(["CreateTicket", "RejectTicket", "ApproveTicket"]);
    expect(topology.groups.map((g) => g.name)).toEqual(["order", "create-order-saga", "consumer-service", "kitchen-service", "accounting-service", "order-view"]);
  });
});

describe("deriveTopology: delivery settings", () => {
  const board = testBoard(
    [
      sticky("command", "c", "Go"),
      sticky("aggregate", "a", "Thing"),
      sticky("event", "e", "Gone", { topic: "things", partitionKey: "thingId", payload: [{ name: "thingId", type: "uuid" }] }),
      sticky("service", "s1", "Mailer", { action: "Mail", delivery: { maxAttempts: 2, initialDelayMs: 50 } }),
      sticky("service", "s2", "Mailer", { action: "Mail again", delivery: { maxAttempts: 9, group: "post", multiplier: 3 } }),
      sticky("readModel", "r", "mailer"),
      sticky("saga", "g", "Flow", { replyChannel: "flow-in", steps: [sagaStep("1", "x", "Charge")] }),
      sticky("externalSystem", "x", "Bank", { commandChannel: "bank-in", delivery: { jitter: 0 } }),
    ],
    [arrow("c", "a"), arrow("a", "e"), arrow("e", "s1"), arrow("e", "s2"), arrow("e", "r"), arrow("e", "g"), arrow("g", "x")],
    { settings: { delivery: { maxAttempts: 3, maxDelayMs: 1000 } } },
  );
  const topology = deriveTopology(board);

  it("merges the policy key by key: built-in, the board's, then the first sticky of a consumer that sets a key", () => {
    expect(topology.defaults).toEqual({ ...DEFAULT_RETRY_POLICY, maxAttempts: 3, maxDelayMs: 1000 });
    const mailer = topology.groups.find((g) => g.consumer === "Mailer")!;
    // Group name from the second sticky (the first sets none); attempts from the first.
    expect(mailer.name).toBe("post");
    expect(mailer.policy).toEqual({ maxAttempts: 2, initialDelayMs: 50, multiplier: 3, maxDelayMs: 1000, jitter: 0.5 });
    expect(topology.groups.find((g) => g.consumer === "Bank")?.policy.jitter).toBe(0);
  });

  it("takes explicit channel names, partition keys, and keeps default group names unique", () => {
    expect(topology.channels.map((c) => [c.name, c.kind, c.partitionKeys])).toEqual([
      ["things", "events", ["thingId"]],
      ["bank-in", "commands", ["aggregateId"]],
      ["flow-in", "replies", ["aggregateId"]],
    ]);
    expect(topology.groups.map((g) => g.name)).toEqual(["post", "mailer", "flow", "bank"]);
  });
});

describe("deriveTopology: partition keys", () => {
  it("keys an event's messages by its partitionKey field only when that field can key them; else by the aggregate id, as validation warns", () => {
    const event = (id: string, name: string, partitionKey: string) =>
      sticky("event", id, name, { topic: `t-${id}`, partitionKey, payload: [{ name: "sku", type: "string" }, { name: "flag", type: "boolean" }, { name: "meta", type: "object" }] });
    const board = testBoard(
      [sticky("command", "c", "Go"), sticky("aggregate", "a", "Thing"), event("e1", "Keyed", "sku"), event("e2", "Missing", "nosuchfield"), event("e3", "Flagged", "flag"), event("e4", "Meta", "meta")],
      [arrow("c", "a"), arrow("a", "e1"), arrow("a", "e2"), arrow("a", "e3"), arrow("a", "e4")],
    );
    expect(deriveTopology(board).channels.map((c) => [c.name, c.partitionKeys])).toEqual([
      ["t-e1", ["sku"]],
      ["t-e2", ["aggregateId"]],
      ["t-e3", ["aggregateId"]],
      ["t-e4", ["aggregateId"]],
    ]);
    const warnings = validateBoard(board).filter((i) => i.code === "partition-key-unknown");
    expect(warnings.map((i) => [i.path, i.message])).toEqual([
      ["nodes[3].partitionKey", 'Event "Missing" is partitioned by "nosuchfield", which is not one of its top-level payload fields: its messages are keyed by the aggregate id instead.'],
      ["nodes[4].partitionKey", 'Event "Flagged" is partitioned by "flag", a field that is not a string, number, date or id: its messages are keyed by the aggregate id instead.'],
      ["nodes[5].partitionKey", 'Event "Meta" is partitioned by "meta", a field that is not a string, number, date or id: its messages are keyed by the aggregate id instead.'],
    ]);
  });
});

describe("deriveTopology: names that clash", () => {
  const consumers = (groups: Record<string, string | undefined>, topic = "things") =>
    testBoard(
      [
        sticky("command", "c", "Go"),
        sticky("aggregate", "a", "Thing"),
        sticky("event", "e", "Gone", { topic }),
        ...Object.entries(groups).map(([name, group], i) => sticky("service", `s${i}`, name, { action: "Act", ...(group ? { delivery: { group } } : {}) })),
      ],
      [arrow("c", "a"), arrow("a", "e"), ...Object.keys(groups).map((_, i) => arrow("e", `s${i}`))],
    );

  it("never names a group like another group's dead-letter queue; validation says which group holds the name", () => {
    const board = consumers({ AnalyticsService: undefined, EmailService: "analytics-service.dlq" });
    const topology = deriveTopology(board);
    expect(topology.groups.map((g) => [g.name, g.dlq])).toEqual([
      ["analytics-service-2", "analytics-service-2.dlq"],
      ["analytics-service.dlq", "analytics-service.dlq.dlq"],
    ]);
    expect(validateBoard(board).map((i) => [i.code, i.severity, i.message])).toEqual([
      [
        "consumer-group-renamed",
        "warning",
        'The consumer group of "AnalyticsService" is "analytics-service-2", not "analytics-service": "EmailService" has that name (or its dead-letter queue). Set a group name in its delivery settings to choose one.',
      ],
    ]);
    const asked = consumers({ AnalyticsService: "analytics", EmailService: "analytics.dlq" });
    expect(validateBoard(asked).map((i) => [i.code, i.path])).toEqual([["consumer-group-is-dlq", "nodes[4].delivery.group"]]);
  });

  it("tells when an explicit group name takes another consumer's default", () => {
    const board = consumers({ AnalyticsService: undefined, EmailService: "analytics-service" });
    expect(deriveTopology(board).groups.map((g) => g.name)).toEqual(["analytics-service-2", "analytics-service"]);
    expect(validateBoard(board).map((i) => [i.code, i.path])).toEqual([["consumer-group-renamed", "nodes[3]"]]);
  });

  it("takes a blank topic for none: the default topic applies, in the documents and the run", () => {
    expect(deriveTopology(consumers({ Mailer: undefined }, "   ")).channels.map((c) => c.name)).toEqual(["thing-events"]);
    expect(deriveTopology(consumers({ Mailer: undefined }, " orders ")).channels.map((c) => c.name)).toEqual(["orders"]);
  });
});

describe("the dead-letter notice", () => {
  it("is on every saga's reply channel, and its name is reserved", () => {
    const board = testBoard(
      [
        sticky("event", "e", "CommandDeadLettered"),
        sticky("saga", "g", "Flow", { steps: [sagaStep("1", "x", "Charge", { compensation: "Refund" })] }),
        sticky("service", "x", "Bank"),
      ],
      [arrow("g", "x")],
    );
    expect(deriveTopology(board).channels.find((c) => c.kind === "replies")?.messages.map((m) => [m.name, m.type])).toEqual([
      ["ChargeCompleted", "charge.completed"],
      ["ChargeFailed", "charge.failed"],
      ["RefundCompleted", "refund.completed"],
      ["CommandDeadLettered", "stormflow.command.dead-lettered"],
    ]);
    expect(validateBoard(board).filter((i) => i.code === "name-reserved").map((i) => [i.path, i.message])).toEqual([
      ["nodes[0].name", '"CommandDeadLettered" is the name of the notice a participant sends a saga when it gives up on a step command: choose another name.'],
    ]);
  });
});

describe("retry delays", () => {
  it("are initialDelay × multiplier^(n−1), jittered up to `jitter` of it, capped at maxDelay", () => {
    expect(retrySchedule(DEFAULT_RETRY_POLICY)).toEqual([200, 400, 800, 1600]);
    expect(retryDelayMs(DEFAULT_RETRY_POLICY, 2, 0.5)).toBe(500);
    expect(retryDelayMs({ ...DEFAULT_RETRY_POLICY, maxDelayMs: 700 }, 3, 0.99)).toBe(700);
    expect(retrySchedule({ ...DEFAULT_RETRY_POLICY, maxAttempts: 1 })).toEqual([]);
  });
});
