import { describe, expect, it } from "vitest";
import { ANCHOR_INSET, boundedContexts } from "../model/boundedContexts";
import { LIMITS } from "../model/limits";
import { parseBoard } from "../model/parse";
import { frame, sticky, testBoard } from "../model/testing/testBoards";
import {
  FRAME_PADDING,
  followerPositions,
  followersOf,
  frameAround,
  moveWithContents,
  removeFramesAndNotes,
  resizeFrame,
  uniqueFrameName,
  updateNote,
  addNote,
} from "./frameOps";

const at = (x: number, y: number) => ({ position: { x, y } });

/** Two stickies in "Ordering" (one in the nested "Payment" frame), one sticky and a note outside. */
function board() {
  return testBoard(
    [
      sticky("command", "cmd", "PlaceOrder", at(100, 100)),
      sticky("event", "evt", "OrderPlaced", at(420, 140)),
      sticky("event", "out", "Elsewhere", at(1200, 100)),
    ],
    [],
    {
      frames: [frame("f-order", "Ordering", 50, 50, 700, 400), frame("f-pay", "Payment", 400, 100, 300, 300)],
      notes: [
        { id: "n-in", text: "Who approves?", position: { x: 80, y: 380 } },
        { id: "n-out", text: "Later", position: { x: 1200, y: 500 } },
      ],
    },
  );
}

describe("frameAround", () => {
  it("comes in where the padding would take in a sticky that was not selected, and never into the selection", () => {
    // The Order template's row: stickies 10 px apart. The aggregate is selected, its neighbours are not.
    const order = { x: 380, y: 120, width: 190, height: 90 };
    const outside = [
      { x: 180 + ANCHOR_INSET, y: 120 + ANCHOR_INSET }, // PlaceOrder, left: its anchor is far enough already
      { x: 580 + ANCHOR_INSET, y: 120 + ANCHOR_INSET }, // OrderPlaced, 10 px to the right
      { x: 380 + ANCHOR_INSET, y: 230 + ANCHOR_INSET }, // a sticky 20 px below
      { x: 400, y: 150 }, // one overlapping the selection: cannot be left out
    ];
    const rect = frameAround([order], FRAME_PADDING, { outside })!;
    expect(rect.position).toEqual({ x: 380 - FRAME_PADDING, y: 120 - FRAME_PADDING });
    expect(rect.position.x + rect.size.width).toBe(580 + ANCHOR_INSET - 1);
    expect(rect.position.y + rect.size.height).toBe(230 + ANCHOR_INSET - 1);
    const contexts = boundedContexts({
      nodes: [sticky("aggregate", "agg", "Order", at(380, 120)), sticky("event", "evt", "OrderPlaced", at(580, 120)), sticky("command", "cmd", "PlaceOrder", at(180, 120))],
      frames: [{ id: "f", name: "Ordering", ...rect }],
    });
    expect(["agg", "evt", "cmd"].map((id) => contexts.contextOf(id)?.name ?? null)).toEqual(["Ordering", null, null]);
  });

  it("leaves room above a frame inside it for that frame's title", () => {
    const stickyBox = { x: 100, y: 100, width: 170, height: 70 };
    const innerFrame = frameAround([stickyBox])!;
    const inner = { ...innerFrame.position, ...innerFrame.size };
    const outer = frameAround([stickyBox, { x: 400, y: 100, width: 170, height: 70 }], FRAME_PADDING, { frames: [inner] })!;
    expect(outer.position.y).toBeLessThanOrEqual(inner.y - 40);
    expect(outer.position.y + outer.size.height).toBeGreaterThanOrEqual(inner.y + inner.height);
  });

  it("draws the frame around the boxes with the padding on every side", () => {
    const rect = frameAround([
      { x: 100, y: 100, width: 170, height: 70 },
      { x: 400, y: 250, width: 160, height: 80 },
    ]);
    expect(rect).toEqual({
      position: { x: 100 - FRAME_PADDING, y: 100 - FRAME_PADDING },
      size: { width: 560 - 100 + 2 * FRAME_PADDING, height: 330 - 100 + 2 * FRAME_PADDING },
    });
    // The boxes it was drawn around are inside it, by the model's own rule.
    const b = testBoard([sticky("event", "a", "A", at(100, 100)), sticky("event", "b", "B", at(400, 250))], [], {
      frames: [{ id: "f", name: "Around", ...rect! }],
    });
    expect(boundedContexts(b).frameOf("a")?.id).toBe("f");
    expect(boundedContexts(b).frameOf("b")?.id).toBe("f");
  });

  it("is null for nothing and never smaller than the schema's minimum", () => {
    expect(frameAround([])).toBeNull();
    const tiny = frameAround([{ x: 0, y: 0, width: 1, height: 1 }], 0)!;
    expect(tiny.size).toEqual({ width: LIMITS.frameMinSize, height: LIMITS.frameMinSize });
  });
});

describe("uniqueFrameName", () => {
  it("gives Context, then Context 2, Context 3 (by name key, so 'context ' is taken too)", () => {
    expect(uniqueFrameName(undefined)).toBe("Context");
    expect(uniqueFrameName([{ name: "Ordering" }])).toBe("Context");
    expect(uniqueFrameName([{ name: "context " }])).toBe("Context 2");
    expect(uniqueFrameName([{ name: "Context" }, { name: "Context 2" }])).toBe("Context 3");
    // In the UI's language (Korean: 컨텍스트), unique the same way.
    expect(uniqueFrameName([{ name: "Context" }], "컨텍스트")).toBe("컨텍스트");
    expect(uniqueFrameName([{ name: "컨텍스트" }, { name: "컨텍스트 2" }], "컨텍스트")).toBe("컨텍스트 3");
  });
});

describe("moveWithContents", () => {
  it("moves a frame with its stickies, notes and nested frames by the same delta, in one edit", () => {
    const before = board();
    const after = moveWithContents(before, new Map([["f-order", { x: 150, y: 80 }]]));
    const pos = (list: readonly { id: string; position: { x: number; y: number } }[] | undefined, id: string) => list!.find((i) => i.id === id)!.position;
    expect(pos(after.frames, "f-order")).toEqual({ x: 150, y: 80 });
    expect(pos(after.nodes, "cmd")).toEqual({ x: 200, y: 130 });
    expect(pos(after.nodes, "evt")).toEqual({ x: 520, y: 170 });
    expect(pos(after.frames, "f-pay")).toEqual({ x: 500, y: 130 });
    expect(pos(after.notes, "n-in")).toEqual({ x: 180, y: 410 });
    // What is outside stays, the same objects.
    expect(after.nodes.find((n) => n.id === "out")).toBe(before.nodes.find((n) => n.id === "out"));
    expect(after.notes!.find((n) => n.id === "n-out")).toBe(before.notes!.find((n) => n.id === "n-out"));
    // Membership is unchanged: the move kept every context.
    expect(boundedContexts(after).contextOf("evt")?.name).toBe("Payment");
    expect(boundedContexts(after).contextOf("cmd")?.name).toBe("Ordering");
    expect(() => parseBoard(after)).not.toThrow();
  });

  it("moves a nested frame's contents only with it, and a plain sticky alone", () => {
    const after = moveWithContents(board(), new Map([["f-pay", { x: 410, y: 100 }], ["out", { x: 1300, y: 100 }]]));
    expect(after.nodes.find((n) => n.id === "evt")!.position).toEqual({ x: 430, y: 140 });
    expect(after.nodes.find((n) => n.id === "cmd")!.position).toEqual({ x: 100, y: 100 });
    expect(after.nodes.find((n) => n.id === "out")!.position).toEqual({ x: 1300, y: 100 });
  });

  it("follows the contents taken at drag start, so a sticky passed over on the way is not picked up", () => {
    const start = board();
    const followers = followersOf(start, ["f-pay"]);
    expect([...followers.keys()].sort()).toEqual(["evt"]);
    expect(followerPositions(followers, new Map([["f-pay", { x: 500, y: 200 }]]))).toEqual(new Map([["evt", { x: 520, y: 240 }]]));
  });
});

describe("resizeFrame", () => {
  it("sets the rectangle, never below the minimum size, and is a no-op when nothing changes", () => {
    const before = board();
    const after = resizeFrame(before, "f-pay", { x: 390.4, y: 100 }, { width: 20, height: 310.6 });
    expect(after.frames![1]).toMatchObject({ position: { x: 390, y: 100 }, size: { width: LIMITS.frameMinSize, height: 311 } });
    expect(resizeFrame(after, "f-pay", { x: 390, y: 100 }, { width: LIMITS.frameMinSize, height: 311 })).toBe(after);
    expect(resizeFrame(before, "missing", { x: 0, y: 0 }, { width: 100, height: 100 })).toBe(before);
  });
});

describe("removeFramesAndNotes", () => {
  it("deletes a frame and keeps its contents; the last one drops the list", () => {
    const before = board();
    const after = removeFramesAndNotes(before, new Set(["f-order"]));
    expect(after.frames!.map((f) => f.id)).toEqual(["f-pay"]);
    expect(after.nodes).toBe(before.nodes);
    expect(after.notes).toBe(before.notes);
    const none = removeFramesAndNotes(after, new Set(["f-pay", "n-in", "n-out"]));
    expect("frames" in none).toBe(false);
    expect("notes" in none).toBe(false);
    expect(none.nodes).toHaveLength(3);
    expect(removeFramesAndNotes(before, new Set(["cmd"]))).toBe(before);
  });
});

describe("notes", () => {
  it("adds, edits and deletes a note", () => {
    const added = addNote(testBoard([]), { id: "n1", text: "Line one\nLine two", position: { x: 5, y: 6 } });
    expect(added.notes).toEqual([{ id: "n1", text: "Line one\nLine two", position: { x: 5, y: 6 } }]);
    const edited = updateNote(added, "n1", (n) => ({ ...n, text: "Changed" }));
    expect(edited.notes![0]!.text).toBe("Changed");
    expect(updateNote(edited, "n1", (n) => n)).toBe(edited);
    expect("notes" in removeFramesAndNotes(edited, new Set(["n1"]))).toBe(false);
  });
});
