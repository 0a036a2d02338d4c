import { describe, expect, it } from "vitest";
import { sticky, testBoard } from "../model/testing/testBoards";
import type { Board } from "../model/schema";
import { crossedLayout, layoutMark, layoutSide } from "./layoutUndo";

const at = (board: Board, id: string, x: number, y: number): Board => ({
  ...board,
  nodes: board.nodes.map((n) => (n.id === id ? { ...n, position: { x, y } } : n)),
});

describe("layout undo marks", () => {
  const before = testBoard([sticky("event", "a", "A", { position: { x: 0, y: 0 } }), sticky("event", "b", "B", { position: { x: 10, y: 10 } })]);
  const after = at(at(before, "a", 5000, 0), "b", 5000, 300);

  it("tells the board before a layout from the one after it, and from one edited since", () => {
    const mark = layoutMark(before, after)!;
    expect([...mark.after.keys()]).toEqual(["a", "b"]);
    expect(layoutSide(after, mark)).toBe("after");
    // Undone (a new board object with the old positions, as a co-editing session makes it).
    expect(layoutSide(testBoard(before.nodes.map((n) => ({ ...n, position: { ...n.position } }))), mark)).toBe("before");
    expect(layoutSide(at(after, "a", 1, 1), mark)).toBeNull();
    expect(layoutSide({ ...after, nodes: after.nodes.slice(1) }, mark)).toBeNull();
    // A rename leaves the board where it was.
    expect(layoutSide({ ...after, nodes: after.nodes.map((n) => ({ ...n, name: `${n.name}!` })) }, mark)).toBe("after");
  });

  it("fits again only when an undo or redo crosses the layout itself", () => {
    expect(crossedLayout("after", "before")).toBe(true);
    expect(crossedLayout("before", "after")).toBe(true);
    expect(crossedLayout("after", "after")).toBe(false);
    // Undoing a drag made after the layout: back on the layout's side, but not across it.
    expect(crossedLayout(null, "after")).toBe(false);
    expect(crossedLayout("after", null)).toBe(false);
  });

  it("marks nothing for a layout that moved nothing", () => {
    expect(layoutMark(before, before)).toBeNull();
  });
});
