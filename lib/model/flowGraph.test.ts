import { describe, expect, it } from "vitest";
import { FlowGraph, first, firstDescription, firstSet, memoById, mergedStickies, unique } from "./flowGraph";
import { arrow, sticky, testBoard } from "./testing/testBoards";

describe("FlowGraph", () => {
  const board = testBoard(
    [
      sticky("command", "cmd-1", "PlaceOrder"),
      sticky("aggregate", "agg-1", " Order "),
      sticky("aggregate", "agg-2", "order"),
      sticky("event", "evt-1", "OrderPlaced"),
      sticky("event", "evt-2", "OrderPlaced"),
      sticky("hotspot", "hot-1", "Why?"),
      sticky("command", "cmd-2", "Ship"),
    ],
    [arrow("cmd-1", "agg-1"), arrow("agg-2", "evt-1"), arrow("cmd-1", "evt-2"), arrow("hot-1", "agg-1"), arrow("cmd-2", "agg-2")],
  );
  const graph = new FlowGraph(board);

  it("merges stickies of one kind and name, in board order, and leaves hotspots out", () => {
    expect(graph.groups("aggregate").map(mergedStickies)).toEqual([{ key: "order", name: "Order", nodeIds: ["agg-1", "agg-2"] }]);
    expect(graph.groups("event").map((group) => group.nodes.map((node) => node.id))).toEqual([["evt-1", "evt-2"]]);
    expect(graph.groups("command").map((group) => group.name)).toEqual(["PlaceOrder", "Ship"]);
    expect(graph.groupNodes("hot-1")).toEqual([]);
    expect(graph.nameOf(graph.node("agg-2"))).toBe("Order");
  });

  it("follows only the edges the grammar allows, named by their merged names", () => {
    const aggregates = graph.groups("aggregate")[0]!.nodes;
    expect(graph.relatedNames(aggregates, "in", ["command"])).toEqual(["PlaceOrder", "Ship"]);
    expect(graph.related(aggregates, "out", ["event"])).toEqual([{ kind: "event", name: "OrderPlaced", nodeId: "evt-1" }]);
    // command -> event breaks the grammar; hotspot edges are annotations.
    expect(graph.related([graph.node("cmd-1")], "out", ["event", "aggregate"])).toEqual([{ kind: "aggregate", name: "Order", nodeId: "agg-1" }]);
    expect(graph.related([graph.node("agg-1")], "in", ["command", "actor"]).map((ref) => ref.nodeId)).toEqual(["cmd-1"]);
  });

  it("says which id it does not know, and tells a missing sticky apart", () => {
    expect(() => graph.node("nope")).toThrow("analyzeBoard: unknown node nope");
    expect(graph.maybeNode("nope")).toBeUndefined();
  });
});

describe("the analysis's list helpers", () => {
  it("unique keeps the first of each, in order", () => {
    expect(unique(["b", "a", "b", "c", "a"])).toEqual(["b", "a", "c"]);
  });

  it("first refuses an empty group; firstSet and firstDescription take the first sticky that has one", () => {
    expect(() => first([])).toThrow("analyzeBoard: empty group");
    const a = sticky("event", "a", "A");
    const b = sticky("event", "b", "A", { topic: "t", description: "  " });
    const c = sticky("event", "c", "A", { topic: "u", description: "Said here." });
    expect(firstSet([a, b, c], "topic")).toBe(b);
    expect(firstSet([a], "topic")).toBe(a);
    expect(firstDescription([a, b, c])).toBe("Said here.");
    expect(firstDescription([a])).toBeNull();
  });

  it("memoById computes once per sticky id", () => {
    let calls = 0;
    const twice = memoById((ref: { kind: "event"; name: string; nodeId: string }) => `${ref.name}#${++calls}`);
    expect(twice({ kind: "event", name: "A", nodeId: "1" })).toBe("A#1");
    expect(twice({ kind: "event", name: "B", nodeId: "1" })).toBe("A#1");
    expect(twice({ kind: "event", name: "C", nodeId: "2" })).toBe("C#2");
  });
});
