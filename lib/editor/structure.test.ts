import { describe, expect, it } from "vitest";
import { orderFlowTemplate } from "../model/template";
import { moveNodes, updateNode } from "./boardOps";
import { sameExceptPositions } from "./structure";

describe("sameExceptPositions", () => {
  const board = orderFlowTemplate();
  it("holds across a move", () => {
    expect(sameExceptPositions(board, moveNodes(board, new Map([["actor-customer", { x: 5, y: 5 }]])))).toBe(true);
  });
  it("fails on a rename, an edge change or a new sticky", () => {
    expect(sameExceptPositions(board, updateNode(board, "actor-customer", (n) => ({ ...n, name: "Buyer" })))).toBe(false);
    expect(sameExceptPositions(board, { ...board, edges: board.edges.slice(1) })).toBe(false);
    expect(sameExceptPositions(board, { ...board, nodes: [...board.nodes, board.nodes[0]!] })).toBe(false);
  });
});
