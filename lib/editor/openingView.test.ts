import { describe, expect, it } from "vitest";
import { DRAWING_RANGE } from "../model/limits";
import { drawnPosition, FRAME_TITLE_ROOM, openingBounds, openingItems, openingViewport, READABLE_ZOOM } from "./openingView";

const padding = { top: 32, right: 190, bottom: 32, left: 48 };

describe("openingViewport", () => {
  it("centres a board that fits at a readable zoom, no closer than maxZoom", () => {
    const view = openingViewport({ x: 0, y: 0, width: 400, height: 200 }, { width: 1000, height: 600 }, padding);
    expect(view.zoom).toBe(1.2);
    // The board's centre lands on the centre of the room between the paddings.
    expect(view.x + 200 * view.zoom).toBeCloseTo(48 + (1000 - 48 - 190) / 2);
    expect(view.y + 100 * view.zoom).toBeCloseTo(32 + (600 - 64) / 2);
  });

  it("fits a board exactly when the fitting zoom is still readable", () => {
    const view = openingViewport({ x: 100, y: 50, width: 900, height: 300 }, { width: 1000, height: 600 }, padding);
    expect(view.zoom).toBeCloseTo(762 / 900);
    expect(view.zoom).toBeGreaterThanOrEqual(READABLE_ZOOM);
    expect(view.x + 100 * view.zoom).toBeCloseTo(48);
  });

  it("opens a board too large to read when fitted at the readable zoom, on its top-left corner", () => {
    // The Order template on a 1280 × 800 window: fitted, it would be at 40%.
    const view = openingViewport({ x: -10, y: 0, width: 1450, height: 950 }, { width: 805, height: 532 }, padding);
    expect(view).toEqual({ zoom: READABLE_ZOOM, x: 48 + 10 * READABLE_ZOOM, y: 32 });
  });

  it("survives a canvas smaller than its paddings and an empty bounds", () => {
    const view = openingViewport({ x: 0, y: 0, width: 0, height: 0 }, { width: 100, height: 40 }, padding);
    expect(Number.isFinite(view.x) && Number.isFinite(view.y) && Number.isFinite(view.zoom)).toBe(true);
  });
});

describe("a board with things absurdly far away (any finite coordinate is valid)", () => {
  it("draws them at the edge of the drawing range, and the rest where they are", () => {
    expect(drawnPosition({ x: 1e308, y: -1e308 })).toEqual({ x: DRAWING_RANGE, y: -DRAWING_RANGE });
    const near = { x: 120, y: -40 };
    expect(drawnPosition(near)).toBe(near);
  });

  it("opens on the stickies near the others, not on one far out (that opened the canvas blank)", () => {
    const nodes = [
      { id: "a", type: "sticky", position: { x: 0, y: 0 } },
      { id: "b", type: "sticky", position: { x: 300, y: 100 } },
      { id: "far", type: "sticky", position: drawnPosition({ x: 1e308, y: -1e308 }) },
      { id: "f", type: "frame", position: { x: -900, y: -900 } },
    ];
    expect(openingItems(nodes).map((n) => n.id)).toEqual(["a", "b"]);
    // Every sticky far out: the rest; everything far out: everything.
    expect(openingItems([nodes[2]!, nodes[3]!]).map((n) => n.id)).toEqual(["f"]);
    expect(openingItems([nodes[2]!]).map((n) => n.id)).toEqual(["far"]);
  });

  it("frames the frame round the stickies with its title above it, and the notes beside them, not a stray frame", () => {
    const nodes = [
      { id: "a", type: "sticky", position: { x: 0, y: 0 }, measured: { width: 160, height: 90 } },
      { id: "b", type: "sticky", position: { x: 300, y: 100 }, measured: { width: 160, height: 90 } },
      // The frame's top edge is above the top row, and its title above that.
      { id: "f", type: "frame", position: { x: -40, y: -60 }, width: 560, height: 300 },
      { id: "n", type: "note", position: { x: 0, y: -200 }, measured: { width: 180, height: 80 } },
      { id: "stray", type: "frame", position: { x: -5000, y: -5000 }, width: 200, height: 200 },
      { id: "strayNote", type: "note", position: { x: 3000, y: 0 }, measured: { width: 180, height: 80 } },
    ];
    expect(openingBounds(nodes)).toEqual({ x: -40, y: -200, width: 560, height: 240 + 200 });
    const withoutNote = nodes.filter((n) => n.id !== "n");
    expect(openingBounds(withoutNote)).toEqual({ x: -40, y: -60 - FRAME_TITLE_ROOM, width: 560, height: 300 + FRAME_TITLE_ROOM });
    // Stickies alone: their own bounds, as before.
    expect(openingBounds(nodes.slice(0, 2))).toEqual({ x: 0, y: 0, width: 460, height: 190 });
    expect(openingBounds([])).toBeNull();
  });
});
