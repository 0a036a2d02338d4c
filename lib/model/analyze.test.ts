import { describe, expect, it } from "vitest";
import { analyzeBoard } from "./analyze";
import { emptyBoard, orderFlowTemplate } from "./template";
import { arrow, sagaStep, sticky, testBoard } from "./testing/testBoards";

describe("analyzeBoard on the Order template", () => {
  const flow = analyzeBoard(orderFlowTemplate());

  it("lists events in board order with their derived facts", () => {
    expect(flow.events.map((e) => [e.name, e.eventType, e.topic, e.outcome])).toEqual([
      ["OrderPlaced", "order.placed", "order-events", "success"],
      ["OrderCompleted", "order.completed", "order-events", "success"],
      ["OrderFailed", "order.failed", "order-events", "failure"],
      ["OrderShipped", "order.shipped", "order-events", "success"],
      ["OrderCancelled", "order.cancelled", "order-events", "success"],
    ]);
  });

  it("gives OrderPlaced its aggregate, trigger and four consumers, the saga among them", () => {
    const placed = flow.events[0];
    expect(placed).toMatchObject({
      key: "orderplaced",
      nodeIds: ["evt-order-placed"],
      description: "A customer placed an order.",
      scope: "domain",
      version: 1,
      aggregate: "Order",
      producers: [{ kind: "aggregate", name: "Order", nodeId: "agg-order-place" }],
      triggers: ["PlaceOrder"],
    });
    expect(placed?.payload.map((f) => f.name)).toEqual(["orderId", "customerId", "items", "totalAmount"]);
    expect(placed?.consumers.map((c) => `${c.name}: ${c.action}`)).toEqual([
      "EmailService: Send confirmation",
      "AnalyticsService: Track order",
      "OrderSaga: Start OrderSaga",
      "OrderView: Update OrderView",
    ]);
  });

  it("traces the saga's events to the event that starts it", () => {
    const completed = flow.events.find((e) => e.name === "OrderCompleted");
    expect(completed).toMatchObject({ aggregate: null, triggers: ["OrderPlaced"] });
    expect(flow.sagas).toEqual([
      expect.objectContaining({
        name: "OrderSaga",
        nodeIds: ["saga-order"],
        startedBy: ["OrderPlaced"],
        successEvents: ["OrderCompleted"],
        failureEvents: ["OrderFailed"],
      }),
    ]);
  });

  it("resolves each saga step: type, participant, command, replies, compensation and timeout", () => {
    const steps = flow.sagas[0]!.steps;
    expect(steps.map((s) => [s.index, s.type, s.participant, s.action.name, s.success.name, s.failure?.name, s.compensation?.name ?? null, s.timeoutMs])).toEqual([
      [0, "compensable", { kind: "service", name: "InventoryService", nodeId: "svc-inventory" }, "ReserveInventory", "InventoryReserved", "InventoryReservationFailed", "ReleaseInventory", 10_000],
      [1, "compensable", { kind: "service", name: "PaymentService", nodeId: "svc-payment" }, "ChargePayment", "PaymentCharged", "PaymentDeclined", "RefundPayment", 10_000],
      [2, "pivot", { kind: "aggregate", name: "Order", nodeId: "agg-order-confirm" }, "ConfirmOrder", "OrderConfirmed", "OrderConfirmationRejected", null, 10_000],
    ]);
    expect(flow.participants.map((p) => [p.kind, p.name, p.nodeIds, p.commands, p.steps.map((s) => s.stepIndex)])).toEqual([
      ["service", "InventoryService", ["svc-inventory"], ["ReserveInventory", "ReleaseInventory"], [0]],
      ["service", "PaymentService", ["svc-payment"], ["ChargePayment", "RefundPayment"], [1]],
      ["aggregate", "Order", ["agg-order-place", "agg-order-confirm", "agg-order-ship", "agg-order-cancel"], ["ConfirmOrder"], [2]],
    ]);
    expect(flow.sagaCommands.map((c) => [c.name, c.type, c.onBoard, c.uses.map((u) => `${u.role}@${u.stepIndex}`)])).toEqual([
      ["ReserveInventory", "ReserveInventory", false, ["action@0"]],
      ["ChargePayment", "ChargePayment", false, ["action@1"]],
      ["ConfirmOrder", "ConfirmOrder", false, ["action@2"]],
      ["ReleaseInventory", "ReleaseInventory", false, ["compensation@0"]],
      ["RefundPayment", "RefundPayment", false, ["compensation@1"]],
    ]);
    expect(flow.sagaReplies.map((r) => [r.name, r.type])).toEqual([
      ["InventoryReserved", "inventory.reserved"],
      ["InventoryReservationFailed", "inventory.reservation.failed"],
      ["PaymentCharged", "payment.charged"],
      ["PaymentDeclined", "payment.declined"],
      ["OrderConfirmed", "order.confirmed"],
      ["OrderConfirmationRejected", "order.confirmation.rejected"],
      ["InventoryReleased", "inventory.released"],
      ["PaymentRefunded", "payment.refunded"],
      // The notice a participant sends when it gives up on a command, for every step.
      ["CommandDeadLettered", "stormflow.command.dead-lettered"],
    ]);
    expect(flow.sagaReplies.at(-1)?.uses).toEqual([{ saga: "OrderSaga", sagaNodeId: "saga-order", stepIndex: -1, role: "dead-lettered", participant: null }]);
  });

  it("keeps a pivot's or retriable step's compensation out of the analysis, and a step without a participant as null", () => {
    const board = testBoard([
      sticky("saga", "g", "S", {
        steps: [sagaStep("1", undefined, "DoIt", { type: "pivot" }), { ...sagaStep("2", "missing", "Then", { type: "retriable", compensation: "Undo" }) }],
      }),
    ]);
    const steps = analyzeBoard(board).sagas[0]!.steps;
    expect(steps.map((s) => [s.participant, s.compensation])).toEqual([[null, null], [null, null]]);
    expect(analyzeBoard(board).participants).toEqual([]);
  });

  it("describes the commands: entries, actors, handlers and what they append", () => {
    expect(flow.commands.map((c) => [c.name, c.actors, c.emits, c.isEntry])).toEqual([
      ["PlaceOrder", ["Customer"], ["OrderPlaced"], true],
      ["ShipOrder", ["Warehouse"], ["OrderShipped"], true],
      ["CancelOrder", ["Customer"], ["OrderCancelled"], true],
    ]);
    expect(flow.commands[0]?.handlers).toEqual([
      { kind: "aggregate", name: "Order", nodeId: "agg-order-place", emits: ["OrderPlaced"], failureEvents: [] },
    ]);
  });

  it("merges the three Order stickies and the two EmailService stickies", () => {
    expect(flow.aggregates).toEqual([
      {
        key: "order",
        name: "Order",
        nodeIds: ["agg-order-place", "agg-order-confirm", "agg-order-ship", "agg-order-cancel"],
        commands: ["PlaceOrder", "ShipOrder", "CancelOrder"],
        events: ["OrderPlaced", "OrderShipped", "OrderCancelled"],
      },
    ]);
    expect(flow.services.map((s) => [s.name, s.actions.map((a) => a.action)])).toEqual([
      ["EmailService", ["Send confirmation", "Send shipping notification"]],
      ["AnalyticsService", ["Track order"]],
      ["InventoryService", ["Reserve and release stock"]],
      ["PaymentService", ["Charge and refund payments"]],
    ]);
    expect(flow.services[0]?.actions[1]).toEqual({
      nodeId: "svc-email-shipping",
      action: "Send shipping notification",
      consumes: ["OrderShipped"],
      emits: [],
      consistency: "eventual",
    });
  });

  it("projects five events into OrderView, which informs the customer", () => {
    expect(flow.readModels).toHaveLength(1);
    expect(flow.readModels[0]).toMatchObject({
      name: "OrderView",
      events: ["OrderPlaced", "OrderCompleted", "OrderFailed", "OrderShipped", "OrderCancelled"],
      actors: ["Customer"],
    });
    expect(flow.actors.map((a) => [a.name, a.commands, a.informedBy])).toEqual([
      ["Customer", ["PlaceOrder", "CancelOrder"], ["OrderView"]],
      ["Warehouse", ["ShipOrder"], []],
    ]);
    expect(flow.policies).toEqual([]);
    expect(flow.externalSystems).toEqual([]);
  });
});

describe("analyzeBoard: merging and defaults", () => {
  it("merges same-kind stickies by trimmed, case-insensitive name, named after the first", () => {
    const board = testBoard(
      [
        sticky("aggregate", "a1", "Order"),
        sticky("event", "e1", " OrderPlaced ", { topic: "orders" }),
        sticky("event", "e2", "orderplaced", { version: 3, scope: "integration", description: "second" }),
        sticky("service", "s1", "Mailer", { action: "Send mail" }),
        sticky("command", "c1", "OrderPlaced"), // another kind: not merged with the event
      ],
      [arrow("a1", "e1"), arrow("e2", "s1")],
    );
    const flow = analyzeBoard(board);
    expect(flow.events).toHaveLength(1);
    expect(flow.events[0]).toMatchObject({
      name: "OrderPlaced",
      nodeIds: ["e1", "e2"],
      topic: "orders",
      version: 3,
      scope: "integration",
      description: "second",
      aggregate: "Order",
      consumers: [{ kind: "service", name: "Mailer", nodeId: "s1", action: "Send mail", emits: [] }],
    });
    expect(flow.commands.map((c) => c.name)).toEqual(["OrderPlaced"]);
  });

  it("applies the defaults of absent keys", () => {
    const flow = analyzeBoard(testBoard([sticky("event", "e1", "Happened")]));
    expect(flow.events[0]).toMatchObject({ scope: "domain", version: 1, outcome: "success", topic: "events" });
    expect(flow.eventTypeStyle).toBe("dotted");
  });

  it("derives event types in the board's style", () => {
    const board = testBoard([sticky("event", "e1", "OrderPlaced")], [], { settings: { eventTypeStyle: "screaming" } });
    expect(analyzeBoard(board).events[0]?.eventType).toBe("ORDER_PLACED");
  });

  it("returns empty lists for an empty board", () => {
    const flow = analyzeBoard(emptyBoard("Empty"));
    expect(Object.values(flow).filter(Array.isArray).every((list) => list.length === 0)).toBe(true);
  });
});

describe("analyzeBoard: topics and triggers by producer", () => {
  const board = testBoard(
    [
      sticky("command", "c1", "ChargeCard"),
      sticky("externalSystem", "x1", "Payment Gateway"),
      sticky("event", "e1", "CardCharged"),
      sticky("service", "s1", "Ledger Service", { action: "Book payment" }),
      sticky("event", "e2", "PaymentBooked"),
      sticky("saga", "g1", "RefundSaga", { steps: [sagaStep("1", "x1", "Refund")] }),
      sticky("event", "e3", "RefundCompleted"),
      sticky("event", "e4", "Orphan"),
    ],
    [
      arrow("c1", "x1"),
      arrow("x1", "e1"),
      arrow("e1", "s1"),
      arrow("s1", "e2"),
      arrow("e2", "g1"),
      arrow("g1", "e3"),
    ],
  );
  const flow = analyzeBoard(board);
  const event = (name: string) => flow.events.find((e) => e.name === name);

  it("names the topic after the producing external system, service or saga", () => {
    expect(event("CardCharged")?.topic).toBe("payment-gateway-events");
    expect(event("PaymentBooked")?.topic).toBe("ledger-service-events");
    expect(event("RefundCompleted")?.topic).toBe("refund-saga-events");
    expect(event("Orphan")?.topic).toBe("events");
  });

  it("takes triggers from the producer's inputs", () => {
    expect(event("CardCharged")?.triggers).toEqual(["ChargeCard"]);
    expect(event("PaymentBooked")?.triggers).toEqual(["CardCharged"]);
    expect(event("RefundCompleted")?.triggers).toEqual(["PaymentBooked"]);
    expect(event("Orphan")?.triggers).toEqual([]);
  });

  it("lists the service's emitted events on its consumer entry", () => {
    expect(event("CardCharged")?.consumers).toEqual([
      { kind: "service", name: "Ledger Service", nodeId: "s1", action: "Book payment", emits: ["PaymentBooked"] },
    ]);
    expect(event("PaymentBooked")?.consumers).toEqual([
      { kind: "saga", name: "RefundSaga", nodeId: "g1", action: "Start RefundSaga" },
    ]);
  });

  it("records handlers that are not aggregates, but not as what the command appends", () => {
    const charge = flow.commands[0];
    expect(charge?.handlers).toEqual([
      { kind: "externalSystem", name: "Payment Gateway", nodeId: "x1", emits: ["CardCharged"], failureEvents: [] },
    ]);
    expect(charge?.emits).toEqual([]);
    expect(flow.externalSystems).toEqual([
      { key: "payment gateway", name: "Payment Gateway", nodeIds: ["x1"], commands: ["ChargeCard"], events: ["CardCharged"] },
    ]);
    expect(flow.sagas[0]?.startedBy).toEqual(["PaymentBooked"]);
  });
});

describe("analyzeBoard: policies, failures, entries", () => {
  const board = testBoard(
    [
      sticky("actor", "u1", "Clerk"),
      sticky("command", "c1", "ShipOrder"),
      sticky("aggregate", "a1", "Order"),
      sticky("event", "e1", "OrderShipped"),
      sticky("event", "e2", "ShippingRefused", { outcome: "failure" }),
      sticky("policy", "p1", "When shipped, invoice"),
      sticky("command", "c2", "SendInvoice"),
      sticky("aggregate", "a2", "Invoice"),
      sticky("event", "e3", "InvoiceSent"),
      sticky("policy", "p2", "Just a thought"),
      sticky("command", "c3", "Recalculate"),
      sticky("service", "s1", "Auditor"),
      sticky("hotspot", "h1", "Is this right?"),
    ],
    [
      arrow("u1", "c1"),
      arrow("c1", "a1"),
      arrow("a1", "e1"),
      arrow("a1", "e2"),
      arrow("e1", "p1"),
      arrow("p1", "c2"),
      arrow("c2", "a2"),
      arrow("a2", "e3"),
      arrow("e1", "p2"),
      arrow("e1", "s1"),
      // Ignored: against the grammar, or an annotation.
      arrow("e1", "c3"),
      arrow("h1", "e1"),
      arrow("e3", "h1"),
    ],
  );
  const flow = analyzeBoard(board);

  it("splits success and failure events per handler and per command", () => {
    expect(flow.commands[0]).toMatchObject({
      name: "ShipOrder",
      emits: ["OrderShipped"],
      failureEvents: ["ShippingRefused"],
      handlers: [{ kind: "aggregate", nodeId: "a1", emits: ["OrderShipped"], failureEvents: ["ShippingRefused"] }],
    });
    expect(flow.aggregates[0]?.events).toEqual(["OrderShipped", "ShippingRefused"]);
  });

  it("describes policies as consumers that issue commands", () => {
    const consumers = flow.events[0]?.consumers;
    expect(consumers).toEqual([
      { kind: "policy", name: "When shipped, invoice", nodeId: "p1", action: "Issue SendInvoice", issues: ["SendInvoice"] },
      { kind: "policy", name: "Just a thought", nodeId: "p2", action: "Just a thought", issues: [] },
      { kind: "service", name: "Auditor", nodeId: "s1", action: "Handle OrderShipped", emits: [] },
    ]);
    expect(flow.policies[0]).toEqual({
      key: "when shipped, invoice",
      name: "When shipped, invoice",
      nodeIds: ["p1"],
      triggeredBy: ["OrderShipped"],
      issues: ["SendInvoice"],
    });
  });

  it("marks entries: issued by an actor, or by nobody", () => {
    expect(flow.commands.map((c) => [c.name, c.isEntry, c.policies])).toEqual([
      ["ShipOrder", true, []],
      ["SendInvoice", false, ["When shipped, invoice"]],
      ["Recalculate", true, []],
    ]);
    expect(flow.events.find((e) => e.name === "InvoiceSent")?.triggers).toEqual(["SendInvoice"]);
  });

  it("ignores hotspots and edges that break the grammar", () => {
    expect(flow.events[0]?.consumers.map((c) => c.nodeId)).not.toContain("c3");
    expect(JSON.stringify(flow)).not.toContain("h1");
    expect(JSON.stringify(flow)).not.toContain("Is this right?");
  });
});
