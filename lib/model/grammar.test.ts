import { describe, expect, it } from "vitest";
import {
  EDGE_RULES,
  HOTSPOT_MEANING,
  allowedSources,
  allowedTargets,
  checkBoardConnection,
  checkConnection,
  NEXT_KIND,
  checkNewEdge,
  checkNodeConnection,
} from "./grammar";
import { NODE_KINDS, type NodeKind } from "./kinds";
import { arrow, sticky, testBoard } from "./testing/testBoards";

describe("the edge grammar", () => {
  it("holds the 14 rows of the board-format table and the three saga → participant rows of schema v2", () => {
    expect(EDGE_RULES).toHaveLength(17);
    expect(EDGE_RULES.filter((rule) => rule.source === "saga").map((rule) => rule.target)).toEqual(["event", "service", "aggregate", "externalSystem"]);
    expect(EDGE_RULES.map((rule) => `${rule.source}->${rule.target}`)).toContain("readModel->actor");
  });

  it("allows every row with its meaning", () => {
    for (const rule of EDGE_RULES) {
      expect(checkConnection(rule.source, rule.target)).toEqual({ ok: true, meaning: rule.meaning });
    }
    expect(checkConnection("policy", "command")).toEqual({ ok: true, meaning: "the policy issues the command" });
  });

  it("allows a hotspot on anything, both ways, as an annotation", () => {
    for (const kind of NODE_KINDS) {
      expect(checkConnection("hotspot", kind)).toEqual({ ok: true, meaning: HOTSPOT_MEANING });
      expect(checkConnection(kind, "hotspot")).toEqual({ ok: true, meaning: HOTSPOT_MEANING });
    }
  });

  it("refuses every other pair with a sentence", () => {
    let refused = 0;
    for (const source of NODE_KINDS) {
      for (const target of NODE_KINDS) {
        const check = checkConnection(source, target);
        if (check.ok) continue;
        refused++;
        expect(check.reason).toMatch(/^[A-Z].+\.$/);
        expect(check.reason.length).toBeGreaterThan(30);
      }
    }
    expect(refused).toBe(100 - 17 - 19);
  });

  it.each([
    ["event", "command", "An event cannot issue a command: add a policy between them"],
    ["command", "event", "A command does not emit events by itself: add the aggregate that handles it"],
    ["actor", "event", "An actor does not emit events"],
    ["event", "aggregate", "add a policy"],
    ["aggregate", "command", "a policy issues the command"],
    ["readModel", "command", "add the actor between them"],
    ["saga", "command", "name each step's command in the saga's steps"],
    ["service", "saga", "Replies come back to the saga on its reply channel"],
  ] as const)("explains %s -> %s", (source, target, reason) => {
    const check = checkConnection(source, target);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.reason).toContain(reason);
  });

  it("says when an edge is drawn backwards", () => {
    const check = checkConnection("command", "actor");
    expect(check).toEqual({
      ok: false,
      reason:
        "This edge points the wrong way: the actor issues the command. Draw it from the actor to the command.",
    });
  });

  it("suggests the sticky that bridges two kinds", () => {
    const check = checkConnection("aggregate", "readModel");
    expect(check.ok || check.reason).toBe(
      "An aggregate does not connect to a read model directly: add an event between them (aggregate → event → read model).",
    );
  });

  it("refuses self-loops, even for hotspots", () => {
    const sticky = { id: "n1", kind: "hotspot" as const };
    expect(checkNodeConnection(sticky, sticky)).toEqual({ ok: false, reason: "A sticky cannot be connected to itself." });
    expect(checkNodeConnection({ id: "a", kind: "actor" }, { id: "c", kind: "command" }).ok).toBe(true);
  });

  it("lists the valid drop targets and sources of a kind", () => {
    expect(allowedTargets("command")).toEqual(["aggregate", "externalSystem", "saga", "hotspot"]);
    expect(allowedSources("event")).toEqual(["aggregate", "service", "externalSystem", "saga", "hotspot"]);
  });
});

describe("the connection check the editor and the canvas share", () => {
  const board = testBoard(
    [sticky("actor", "act-1", "Customer"), sticky("command", "cmd-1", "PlaceOrder"), sticky("event", "evt-1", "OrderPlaced")],
    [arrow("act-1", "cmd-1")],
  );

  it("checks two stickies of the board by id: both ends there, not the same, a pair the table allows", () => {
    expect(checkBoardConnection(board.nodes, "act-1", "cmd-1")).toEqual({ ok: true, meaning: "the actor issues the command" });
    expect(checkBoardConnection(board.nodes, "act-1", "nope")).toEqual({ ok: false, reason: "Both ends of a connection must be stickies on this board." });
    expect(checkBoardConnection(board.nodes, "cmd-1", "cmd-1")).toEqual({ ok: false, reason: "A sticky cannot be connected to itself." });
    expect(checkBoardConnection(board.nodes, "evt-1", "cmd-1")).toEqual(checkConnection("event", "command"));
  });

  it("refuses a second edge between the same two stickies, by name, and only in that direction", () => {
    expect(checkNewEdge(board, "act-1", "cmd-1")).toEqual({ ok: false, reason: "Customer is already connected to PlaceOrder." });
    expect(checkNewEdge(board, "cmd-1", "act-1")).toEqual(checkBoardConnection(board.nodes, "cmd-1", "act-1"));
    expect(checkNewEdge(board, "evt-1", "cmd-1")).toEqual(checkConnection("event", "command"));
    expect(checkNewEdge({ ...board, edges: [] }, "act-1", "cmd-1").ok).toBe(true);
  });
});

describe("NEXT_KIND", () => {
  it("is always an edge the grammar allows, and covers every kind but the hotspot", () => {
    for (const [from, to] of Object.entries(NEXT_KIND)) expect([from, to, checkConnection(from as NodeKind, to).ok]).toEqual([from, to, true]);
    expect(Object.keys(NEXT_KIND).sort()).toEqual(NODE_KINDS.filter((k) => k !== "hotspot").sort());
  });
});
