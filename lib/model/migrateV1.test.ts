import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { analyzeBoard } from "./analyze";
import { parseBoard, parseBoardText } from "./parse";
import { serializeBoard } from "./serialize";
import { validateBoard } from "./validate";

// The Order template as schema v1 wrote it: v1 files must load forever, with the same meaning.
const v1Text = readFileSync(new URL("./fixtures/order-flow.v1.board.json", import.meta.url), "utf8");

describe("schema v1 → v2", () => {
  const board = parseBoardText(v1Text);
  const saga = board.nodes.find((node) => node.kind === "saga");
  const nameOf = (id: string | undefined) => board.nodes.find((node) => node.id === id)?.name;

  it("loads a v1 file as v2, valid, and writes it back as canonical v2", () => {
    expect(JSON.parse(v1Text).schemaVersion).toBe(1);
    expect(board.schemaVersion).toBe(2);
    expect(validateBoard(board)).toEqual([]);
    const text = serializeBoard(board);
    expect(text).toContain('"schemaVersion": 2');
    expect(serializeBoard(parseBoardText(text))).toBe(text);
  });

  it("keeps the steps in order, typed by their compensations: compensable until the first step without one, the pivot", () => {
    expect(saga?.kind === "saga" && saga.steps.map((step) => [step.id, step.type, nameOf(step.participant), step.action.name, step.compensation?.name ?? null])).toEqual([
      ["step-create", "compensable", "Order", "CreateOrder", "CancelOrder"],
      ["step-reserve", "compensable", "Inventory", "ReserveItems", "ReleaseItems"],
      ["step-charge", "compensable", "Payment", "ChargePayment", "Refund"],
      ["step-confirm", "pivot", "Order", "ConfirmOrder", null],
    ]);
  });

  it("matches participants by name, creates the missing ones as services beside the saga, and connects the saga to each", () => {
    // Order is an aggregate on the board; Inventory and Payment were only texts.
    const created = board.nodes.filter((node) => node.kind === "service" && (node.name === "Inventory" || node.name === "Payment"));
    expect(created.map((node) => [node.id, node.name])).toEqual([
      ["svc-inventory", "Inventory"],
      ["svc-payment", "Payment"],
    ]);
    // Placed in a column right of every sticky of the file, one under the other: on top of none.
    const rightmost = Math.max(...JSON.parse(v1Text).nodes.map((node: { position: { x: number } }) => node.position.x));
    for (const node of created) expect(node.position.x).toBeGreaterThan(rightmost + 200);
    expect(created[1]!.position.y - created[0]!.position.y).toBe(110);
    const sagaEdges = board.edges.filter((edge) => edge.source === "saga-order" && edge.target !== "evt-order-completed" && edge.target !== "evt-order-failed");
    expect(sagaEdges.map((edge) => nameOf(edge.target))).toEqual(["Order", "Inventory", "Payment"]);
    expect(analyzeBoard(board).participants.map((p) => `${p.kind}:${p.name}`)).toEqual(["aggregate:Order", "service:Inventory", "service:Payment"]);
  });

  it("names replies after their command, and lends a board command's payload to the step command of that name", () => {
    const first = saga?.kind === "saga" ? saga.steps[0] : undefined;
    expect(first?.replies.success.name).toBe("CreateOrderCompleted");
    expect(first?.replies.failure?.name).toBe("CreateOrderFailed");
    expect(first?.compensation?.reply.name).toBe("CancelOrderCompleted");
    // CancelOrder is a command sticky of the board: one name, one contract.
    const cancel = board.nodes.find((node) => node.kind === "command" && node.name === "CancelOrder");
    expect(first?.compensation?.payload).toEqual(cancel?.kind === "command" ? cancel.payload : null);
  });

  it("keeps what is not shaped as v1 for the schema to report", () => {
    const document = JSON.parse(v1Text);
    document.nodes.find((node: { kind: string }) => node.kind === "saga").steps.push({ id: "odd", service: 3, action: "x", compensation: null });
    expect(() => parseBoard(document)).toThrow(/steps\[4\]/);
  });

  it("loads every valid v1 file as a valid v2 board: a blank service, a service name longer than v2 allows, a step named like an event or a reply", () => {
    const document = JSON.parse(v1Text);
    const steps = document.nodes.find((node: { kind: string }) => node.kind === "saga").steps;
    // v1 allowed a blank service: the step gets a service of its own.
    steps[0].service = " ";
    // v1 allowed 200 characters; v2 names are at most 120.
    steps[1].service = "W".repeat(160);
    // "Order placed" is the Pascal name of the event OrderPlaced; "Refund completed" that of Refund's reply.
    steps[2].action = "Order placed";
    steps.push({ id: "step-late", service: "Payment", action: "Refund completed", compensation: null });
    const migrated = parseBoard(document);
    expect(validateBoard(migrated).filter((issue) => issue.severity === "error")).toEqual([]);
    const v2 = migrated.nodes.find((node) => node.kind === "saga");
    const named = (id: string | undefined) => migrated.nodes.find((node) => node.id === id)?.name;
    expect(v2?.kind === "saga" && v2.steps.map((step) => [named(step.participant), step.action.name, step.replies.success.name])).toEqual([
      ["Step 1 of OrderSaga", "CreateOrder", "CreateOrderCompleted"],
      ["W".repeat(120), "ReserveItems", "ReserveItemsCompleted"],
      ["Payment", "OrderPlacedCommand", "OrderPlacedCommandCompleted"],
      ["Order", "ConfirmOrder", "ConfirmOrderCompleted"],
      ["Payment", "RefundCompletedCommand", "RefundCompletedCommandCompleted"],
    ]);
    expect(v2?.kind === "saga" && v2.steps[2]?.compensation?.reply.name).toBe("RefundCompleted");
  });

  it("loads a v1 board whose steps name services in Korean or with accents: the created stickies keep the names, their ids stay ASCII", () => {
    const document = JSON.parse(v1Text);
    const steps = document.nodes.find((node: { kind: string }) => node.kind === "saga").steps;
    steps[0].service = "재고 서비스";
    steps[1].service = "결제 서비스";
    steps[1].action = "결제 승인";
    steps[2].service = "Café Kasse";
    const migrated = parseBoard(document);
    expect(validateBoard(migrated).filter((issue) => issue.severity === "error")).toEqual([]);
    const created = migrated.nodes.filter((node) => ["재고 서비스", "결제 서비스", "Café Kasse"].includes(node.name));
    expect(created.map((node) => [node.kind, node.name])).toEqual([
      ["service", "재고 서비스"],
      ["service", "결제 서비스"],
      ["service", "Café Kasse"],
    ]);
    for (const node of created) expect(node.id).toMatch(/^svc-[A-Za-z0-9_-]+$/);
    expect(new Set(created.map((node) => node.id)).size).toBe(3);
    // And it saves and loads again as the same board.
    expect(parseBoardText(serializeBoard(migrated))).toEqual(migrated);
  });

  it("says which stickies to remove when the services it would add take a v1 board over the sticky limit", () => {
    const document = JSON.parse(v1Text);
    for (let i = document.nodes.length; i < 4_999; i++) document.nodes.push({ id: `h-${i}`, kind: "hotspot", name: "Note", position: { x: 0, y: 0 } });
    expect(() => parseBoard(document)).toThrow(/has 4999 stickies, and upgrading it adds 2 service stickies .* over the 5000-sticky limit: remove 1 stickies/);
  });

  it("leaves the input document untouched and gives ids that no sticky or edge had", () => {
    const document = JSON.parse(v1Text);
    const copy = structuredClone(document);
    // A sticky already holds the id a created participant would take.
    document.nodes.push({ id: "svc-inventory", kind: "hotspot", name: "Taken", position: { x: 0, y: 0 } });
    const before = structuredClone(document);
    const migrated = parseBoard(document);
    expect(document).toEqual(before);
    expect(copy.schemaVersion).toBe(1);
    const ids = [...migrated.nodes, ...migrated.edges].map((item) => item.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(migrated.nodes.find((node) => node.name === "Inventory")?.id).toBe("svc-inventory-2");
  });
});
