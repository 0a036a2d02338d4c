import { describe, expect, it } from "vitest";
import { analyzeBoard } from "./analyze";
import { ANCHOR_INSET, FRAME_COLORS, FRAME_FILL_MIN_LUMINANCE, boundedContexts, eventContexts, frameContents, frameFill, stickiesPerFrame } from "./boundedContexts";
import { parseBoard } from "./parse";
import { arrow, frame, sticky, testBoard } from "./testing/testBoards";

const at = <T extends { position: { x: number; y: number } }>(item: T, x: number, y: number): T => ({ ...item, position: { x, y } });

describe("boundedContexts", () => {
  it("puts a sticky in the frame that holds its anchor, and nothing in a board without frames", () => {
    const nodes = [at(sticky("event", "in", "OrderPlaced"), 100, 100), at(sticky("event", "out", "Other"), 900, 100)];
    expect(boundedContexts(testBoard(nodes)).contextOf("in")).toBeUndefined();
    const map = boundedContexts(testBoard(nodes, [], { frames: [frame("f", "Ordering", 0, 0, 500, 400)] }));
    expect(map.contextOf("in")?.name).toBe("Ordering");
    expect(map.frameOf("in")?.id).toBe("f");
    expect(map.contextOf("out")).toBeUndefined();
  });

  it("reads the anchor, ANCHOR_INSET inside the top-left corner, edges included", () => {
    const frames = [frame("f", "Ordering", 0, 0, 500, 400)];
    const inset = ANCHOR_INSET;
    const nodes = [
      at(sticky("event", "edge", "A"), 500 - inset, 400 - inset),
      at(sticky("event", "past", "B"), 500 - inset + 1, 0),
      at(sticky("event", "above", "C"), 10, -inset - 1),
      at(sticky("event", "corner", "D"), -inset, -inset),
    ];
    const map = boundedContexts(testBoard(nodes, [], { frames }));
    expect(["edge", "past", "above", "corner"].map((id) => map.contextOf(id)?.name ?? null)).toEqual(["Ordering", null, null, "Ordering"]);
  });

  it("gives the innermost frame where frames nest, whatever their board order", () => {
    const frames = [frame("inner", "Payments", 100, 100, 200, 200), frame("outer", "Shop", 0, 0, 1000, 1000)];
    const nodes = [at(sticky("event", "a", "A"), 150, 150), at(sticky("event", "b", "B"), 600, 600)];
    const map = boundedContexts(testBoard(nodes, [], { frames }));
    expect(map.contextOf("a")?.name).toBe("Payments");
    expect(map.contextOf("b")?.name).toBe("Shop");
    expect(map.frameOf("inner")?.id).toBe("outer");
    expect(map.frameOf("outer")).toBeUndefined();
  });

  it("makes frames of one name one context, named by the first frame, in board order", () => {
    const frames = [
      frame("f2", " Shipping ", 2000, 0, 300, 300, { description: " Parcels " }),
      frame("f1", "ordering", 0, 0, 300, 300),
      frame("f3", "SHIPPING", 4000, 0, 300, 300),
    ];
    const nodes = [at(sticky("event", "a", "A"), 2100, 50), at(sticky("event", "b", "B"), 4100, 50)];
    const map = boundedContexts(testBoard(nodes, [], { frames }));
    expect(map.contexts.map((context) => [context.name, context.frameIds, context.description])).toEqual([
      ["Shipping", ["f2", "f3"], "Parcels"],
      ["ordering", ["f1"], null],
    ]);
    expect(map.contextOf("a")).toBe(map.contextOf("b"));
  });

  it("places notes like stickies", () => {
    const board = parseBoard({
      ...testBoard([], [], { frames: [frame("f", "Ordering", 0, 0, 500, 400)] }),
      notes: [{ id: "n1", text: "Who pays the shipping?", position: { x: 50, y: 50 } }],
    });
    expect(boundedContexts(board).contextOf("n1")?.name).toBe("Ordering");
  });
});

describe("frameContents", () => {
  it("lists what moves with a frame: stickies, notes and nested frames at any depth, not the frame itself", () => {
    const board = parseBoard({
      ...testBoard(
        [at(sticky("event", "deep", "A"), 150, 150), at(sticky("event", "shallow", "B"), 600, 600), at(sticky("event", "away", "C"), 5000, 0)],
        [],
        { frames: [frame("outer", "Shop", 0, 0, 1000, 1000), frame("inner", "Payments", 100, 100, 200, 200), frame("other", "Else", 4000, 0, 100, 100)] },
      ),
      notes: [{ id: "n", text: "?", position: { x: 700, y: 50 } }],
    });
    expect(frameContents(board, "outer")).toEqual(["deep", "shallow", "n", "inner"]);
    expect(frameContents(board, "inner")).toEqual(["deep"]);
    expect(frameContents(board, "missing")).toEqual([]);
  });

  it("counts per frame the stickies it moves (notes and frames not counted), agreeing with frameContents", () => {
    const board = testBoard(
      [at(sticky("event", "deep", "A"), 150, 150), at(sticky("event", "shallow", "B"), 600, 600), at(sticky("event", "away", "C"), 5000, 0)],
      [],
      { frames: [frame("outer", "Shop", 0, 0, 1000, 1000), frame("inner", "Payments", 100, 100, 200, 200), frame("empty", "Else", 4000, 4000, 100, 100)] },
    );
    const counts = stickiesPerFrame(board);
    expect(Object.fromEntries(counts)).toEqual({ outer: 2, inner: 1 });
    const ids = new Set(board.nodes.map((n) => n.id));
    for (const f of board.frames!) expect(counts.get(f.id) ?? 0).toBe(frameContents(board, f.id).filter((id) => ids.has(id)).length);
    expect(stickiesPerFrame(testBoard([at(sticky("event", "x", "X"), 0, 0)])).size).toBe(0);
  });

  it("of two frames on the same rectangle, moves the later with the earlier and not the other way round", () => {
    const board = testBoard([], [], { frames: [frame("a", "A", 0, 0, 100, 100), frame("b", "B", 0, 0, 100, 100)] });
    expect(frameContents(board, "a")).toEqual(["b"]);
    expect(frameContents(board, "b")).toEqual([]);
    expect(boundedContexts(board).frameOf("b")?.id).toBe("a");
    expect(boundedContexts(board).frameOf("a")).toBeUndefined();
  });
});

describe("eventContexts", () => {
  const nodes = [
    at(sticky("aggregate", "agg", "Order"), 0, 0),
    at(sticky("event", "evt", "OrderPlaced"), 1100, 0),
    at(sticky("service", "mail", "EmailService", { action: "Send" }), 2100, 0),
    at(sticky("readModel", "view", "OrderView"), 2100, 300),
    at(sticky("policy", "pol", "Reserve"), 3100, 0),
  ];
  const edges = [arrow("agg", "evt"), arrow("evt", "mail"), arrow("evt", "view"), arrow("evt", "pol")];

  it("names the event sticky's context as producing, and each consumer's context once, in consumer order", () => {
    const frames = [frame("f1", "Ordering", 1000, -100, 500, 500), frame("f2", "Notification", 2000, -100, 500, 800), frame("f3", "Stock", 3000, -100, 500, 500)];
    const board = testBoard(nodes, edges, { frames });
    const map = boundedContexts(board);
    const event = analyzeBoard(board).events[0]!;
    const { producing, consuming } = eventContexts(map, event);
    expect(producing?.name).toBe("Ordering");
    expect(consuming.map((context) => context.name)).toEqual(["Notification", "Stock"]);
  });

  it("takes the producer's context for an event drawn outside every frame, and null when neither has one", () => {
    const board = testBoard(nodes, edges, { frames: [frame("f0", "Ordering", -100, -100, 500, 500)] });
    const event = analyzeBoard(board).events[0]!;
    expect(eventContexts(boundedContexts(board), event).producing?.name).toBe("Ordering");
    expect(eventContexts(boundedContexts(board), event).consuming).toEqual([]);
    const bare = testBoard(nodes, edges);
    expect(eventContexts(boundedContexts(bare), analyzeBoard(bare).events[0]!).producing).toBeNull();
  });
});

describe("frameFill", () => {
  /** WCAG relative luminance of `#rrggbb`, written out here independently of the code under test. */
  const luminance = (hex: string) => {
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const contrast = (a: string, b: string) => (Math.max(luminance(a), luminance(b)) + 0.05) / (Math.min(luminance(a), luminance(b)) + 0.05);

  it("keeps the palette's light colours and the default as they are", () => {
    for (const color of FRAME_COLORS) expect(frameFill({ color })).toBe(color);
    expect(frameFill({})).toBe(FRAME_COLORS[0]);
  });

  it("fills any dark colour with a light tint of it, light enough for the arrows and the sticky text over it", () => {
    for (const color of ["#000000", "#212529", "#1864ab", "#c92a2a", "#0B7285", "#ff00ff", "#868e96"]) {
      const fill = frameFill({ color });
      expect(fill).toMatch(/^#[0-9a-f]{6}$/u);
      expect(luminance(fill)).toBeGreaterThanOrEqual(FRAME_FILL_MIN_LUMINANCE);
      // Just enough white: not white itself (the hue stays recognisable).
      expect(luminance(fill)).toBeLessThan(FRAME_FILL_MIN_LUMINANCE + 0.02);
      // The arrows' grey and the stickies' dark text stay as visible on it as on the palette's own colours.
      expect(contrast(fill, "#868e96")).toBeGreaterThanOrEqual(contrast("#f3f0ff", "#868e96") - 0.2);
      expect(contrast(fill, "#212529")).toBeGreaterThan(12);
    }
    // A hue keeps its lean: a blue frame's tint is bluer than it is red.
    const blue = frameFill({ color: "#1864ab" });
    expect(parseInt(blue.slice(5, 7), 16)).toBeGreaterThan(parseInt(blue.slice(1, 3), 16));
  });
});
