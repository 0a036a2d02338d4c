import { describe, expect, it } from "vitest";
import { DICTIONARIES } from "@/components/i18n/dictionaries";
import { arrow, frame, sticky, testBoard } from "@/lib/model/testing/testBoards";
import { DRAWING_RANGE } from "@/lib/model/limits";
import { toFlowEdges, toFlowNodes } from "./toFlow";

const NO_PROBLEMS = { count: new Map<string, number>(), text: new Map<string, string>() };

/** An outer frame with a nested one, a sticky in each, a note. */
function board() {
  return testBoard(
    [sticky("event", "evt-in", "Inner", { position: { x: 420, y: 120 } }), sticky("command", "cmd-out", "Outer", { position: { x: 100, y: 100 } })],
    [],
    {
      frames: [frame("f-inner", "Payment", 400, 100, 300, 200), frame("f-outer", "Ordering", 50, 50, 800, 500)],
      notes: [{ id: "n", text: "Hm", position: { x: 60, y: 400 } }],
    },
  );
}

describe("toFlowNodes with frames and notes", () => {
  it("puts frames behind everything (outer behind inner), sized from the board, and counts the stickies each holds", () => {
    const nodes = toFlowNodes(board(), new Set(), NO_PROBLEMS, []);
    const byId = new Map(nodes.map((n) => [n.id, n]));
    expect(nodes.map((n) => n.type)).toEqual(["frame", "frame", "sticky", "sticky", "note"]);
    const inner = byId.get("f-inner")!;
    const outer = byId.get("f-outer")!;
    expect(outer.zIndex!).toBeLessThan(inner.zIndex!);
    expect(inner.zIndex!).toBeLessThan(0);
    expect(byId.get("evt-in")!.zIndex).toBe(0);
    expect(inner).toMatchObject({ width: 300, height: 200, data: { stickies: 1 } });
    expect(outer).toMatchObject({ width: 800, height: 500, data: { stickies: 2 } });
  });

  it("keeps a selected frame behind the stickies it holds, and raises a selected sticky or note", () => {
    const nodes = toFlowNodes(board(), new Set(["f-outer", "cmd-out", "n"]), NO_PROBLEMS, []);
    const byId = new Map(nodes.map((n) => [n.id, n]));
    expect(byId.get("f-outer")!.selected).toBe(true);
    expect(byId.get("f-outer")!.zIndex!).toBeLessThan(byId.get("evt-in")!.zIndex!);
    expect(byId.get("cmd-out")!.zIndex!).toBeGreaterThan(byId.get("evt-in")!.zIndex!);
    expect(byId.get("n")!.zIndex!).toBeGreaterThan(0);
  });

  it("reuses the node objects of unchanged frames and notes", () => {
    const b = board();
    const first = toFlowNodes(b, new Set(), NO_PROBLEMS, []);
    const again = toFlowNodes(b, new Set(), NO_PROBLEMS, first);
    expect(again.every((n, i) => n === first[i])).toBe(true);
    const resized = { ...b, frames: [b.frames![0]!, { ...b.frames![1]!, size: { width: 900, height: 500 } }] };
    const next = toFlowNodes(resized, new Set(), NO_PROBLEMS, first);
    expect(next[0]).toBe(first[0]);
    expect(next[1]).not.toBe(first[1]);
    expect(next[1]!.width).toBe(900);
  });
});

describe("toFlowNodes and problem text", () => {
  it("renews a sticky whose badge text changed with its count unchanged (another problem, or the other language)", () => {
    const english = { count: new Map([["evt-in", 1]]), text: new Map([["evt-in", 'Event "Inner" has no producer: …']]) };
    const korean = { count: new Map([["evt-in", 1]]), text: new Map([["evt-in", '이벤트 "Inner"에 생산자가 없습니다: …']]) };
    const b = board();
    const before = toFlowNodes(b, new Set(), english, []);
    const after = toFlowNodes(b, new Set(), korean, before);
    const sticky = (nodes: typeof before) => nodes.find((n) => n.id === "evt-in")!;
    expect(sticky(after)).not.toBe(sticky(before));
    expect(sticky(after).data).toMatchObject({ problems: 1, problemText: '이벤트 "Inner"에 생산자가 없습니다: …' });
    // Unchanged text: the same object, so React Flow does not redraw it.
    expect(sticky(toFlowNodes(b, new Set(), korean, after))).toBe(sticky(after));
  });
});

describe("toFlowNodes with things absurdly far away", () => {
  it("draws a sticky, frame or note at 1e308 (a valid position) at the edge of the drawing range, the rest where they are", () => {
    const far = testBoard([sticky("event", "e-far", "Far", { position: { x: 1e308, y: -1e308 } }), sticky("event", "e-near", "Near", { position: { x: 10, y: 20 } })], [], {
      frames: [frame("f-far", "Far", -1e308, 0, 100, 100)],
      notes: [{ id: "n-far", text: "far", position: { x: 0, y: 1e308 } }],
    });
    const byId = new Map(toFlowNodes(far, new Set(), NO_PROBLEMS, []).map((n) => [n.id, n.position]));
    expect(byId.get("e-far")).toEqual({ x: DRAWING_RANGE, y: -DRAWING_RANGE });
    expect(byId.get("f-far")).toEqual({ x: -DRAWING_RANGE, y: 0 });
    expect(byId.get("n-far")).toEqual({ x: 0, y: DRAWING_RANGE });
    expect(byId.get("e-near")).toEqual({ x: 10, y: 20 });
  });
});

describe("toFlowEdges", () => {
  it("names each arrow for screen readers by its stickies' names, in the UI's language (not 'Edge from <id> to <id>')", () => {
    const b = testBoard([sticky("actor", "actor-customer", " Customer "), sticky("command", "cmd-place-order", "주문하기")], [arrow("actor-customer", "cmd-place-order")]);
    const labels = (["en", "ko"] as const).map((lang) => toFlowEdges(b, new Set(), new Map(), [], DICTIONARIES[lang].board.edgeAria)[0]?.ariaLabel);
    expect(labels).toEqual(['Arrow from "Customer" to "주문하기"', '"Customer"에서 "주문하기"로 가는 화살표']);
    for (const label of labels) expect(label).not.toMatch(/actor-customer|cmd-place-order/u);
  });

  it("keeps an unchanged arrow's object, and makes a new one when its label's language changes", () => {
    const b = testBoard([sticky("actor", "a", "A"), sticky("command", "c", "C")], [arrow("a", "c")]);
    const first = toFlowEdges(b, new Set(), new Map(), [], DICTIONARIES.en.board.edgeAria);
    expect(toFlowEdges(b, new Set(), new Map(), first, DICTIONARIES.en.board.edgeAria)[0]).toBe(first[0]);
    expect(toFlowEdges(b, new Set(), new Map(), first, DICTIONARIES.ko.board.edgeAria)[0]).not.toBe(first[0]);
  });
});
