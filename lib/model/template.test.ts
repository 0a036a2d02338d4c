import { describe, expect, it } from "vitest";
import { parseBoard } from "./parse";
import { serializeBoard } from "./serialize";
import { emptyBoard, orderFlowTemplate } from "./template";
import { validateBoard } from "./validate";

describe("orderFlowTemplate", () => {
  it("has the 20 stickies of the seed documents' Order example", () => {
    const board = orderFlowTemplate();
    expect(board.name).toBe("Order flow");
    expect(board.nodes).toHaveLength(20);
    expect(board.edges).toHaveLength(23);
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
      aggregate: 3,
      event: 5,
      service: 4,
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
    expect(second.nodes).toHaveLength(20);
    expect(second.nodes[0]?.name).toBe("Customer");
  });
});

describe("emptyBoard", () => {
  it("is a valid board with no stickies and no settings", () => {
    const board = emptyBoard("Payments");
    expect(board).toEqual({ format: "stormflow.board", schemaVersion: 1, name: "Payments", nodes: [], edges: [] });
    expect(parseBoard(board)).toEqual(board);
    expect(validateBoard(board)).toEqual([]);
  });
});
