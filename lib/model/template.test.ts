import { describe, expect, it } from "vitest";
import { parseBoard } from "./parse";
import { serializeBoard } from "./serialize";
import { createOrderSagaTemplate, emptyBoard, orderFlowTemplate, TEMPLATES } from "./template";
import { validateBoard } from "./validate";

describe("orderFlowTemplate", () => {
  it("has the 22 stickies of the seed documents' Order example, its saga orchestrating three participants", () => {
    const board = orderFlowTemplate();
    expect(board.name).toBe("Order flow");
    expect(board.schemaVersion).toBe(2);
    expect(board.nodes).toHaveLength(22);
    expect(board.edges).toHaveLength(25);
    const count = (kind: string) => board.nodes.filter((node) => node.kind === kind).length;
    expect({
      actor: count("actor"),
      command: count("command"),
      aggregate: count("aggregate"),
      event: count("event"),
      service: count("service"),
      saga: count("saga"),
      readModel: count("readModel"),
      hotspot: count("hotspot"),
      policy: count("policy"),
      externalSystem: count("externalSystem"),
    }).toEqual({
      actor: 2,
      command: 3,
      aggregate: 4,
      event: 5,
      service: 5,
      saga: 1,
      readModel: 1,
      hotspot: 1,
      policy: 0,
      externalSystem: 0,
    });
  });

  it("parses and validates with no issue at all", () => {
    const board = orderFlowTemplate();
    expect(parseBoard(JSON.parse(serializeBoard(board)))).toEqual(board);
    expect(validateBoard(board)).toEqual([]);
  });

  it("returns an independent copy every time", () => {
    const first = orderFlowTemplate();
    first.nodes.pop();
    (first.nodes[0] as { name: string }).name = "Changed";
    const second = orderFlowTemplate();
    expect(second.nodes).toHaveLength(22);
    expect(second.nodes[0]?.name).toBe("Customer");
  });
});

describe("createOrderSagaTemplate", () => {
  it("models the classic Create Order saga: two compensable steps, the card as the pivot, two retriable steps", () => {
    const board = createOrderSagaTemplate();
    expect(validateBoard(board)).toEqual([]);
    expect(parseBoard(JSON.parse(serializeBoard(board)))).toEqual(board);
    const saga = board.nodes.find((node) => node.kind === "saga");
    const participant = (id: string | undefined) => board.nodes.find((node) => node.id === id)?.name;
    expect(saga?.kind === "saga" && saga.steps.map((s) => [s.type, participant(s.participant), s.action.name])).toEqual([
      ["compensable", "Consumer Service", "VerifyConsumer"],
      ["compensable", "Kitchen Service", "CreateTicket"],
      ["pivot", "Accounting Service", "AuthorizeCard"],
      ["retriable", "Kitchen Service", "ApproveTicket"],
      ["retriable", "Order", "ApproveOrder"],
    ]);
  });

  it("is listed with the Order flow among the templates", () => {
    expect(TEMPLATES.map((t) => [t.id, t.create().name])).toEqual([
      ["order-flow", "Order flow"],
      ["create-order-saga", "Create Order saga"],
    ]);
  });
});

describe("emptyBoard", () => {
  it("is a valid board with no stickies and no settings", () => {
    const board = emptyBoard("Payments");
    expect(board).toEqual({ format: "stormflow.board", schemaVersion: 2, name: "Payments", nodes: [], edges: [] });
    expect(parseBoard(board)).toEqual(board);
    expect(validateBoard(board)).toEqual([]);
  });
});
