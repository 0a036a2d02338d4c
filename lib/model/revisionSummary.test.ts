import { describe, expect, it } from "vitest";
import { orderFlowTemplate } from "./template";
import type { Board } from "./schema";
import { revisionSummary } from "./revisionSummary";

describe("revisionSummary", () => {
  const before = orderFlowTemplate();

  it("counts a board's first revision as created", () => {
    const summary = revisionSummary(null, before);
    expect(summary).toMatchObject({ added: before.nodes.length, removed: 0, breaking: 0 });
    expect(summary.text).toBe(`Created with ${before.nodes.length} stickies`);
  });

  it("tells moved stickies from edited ones, and counts breaking contract changes", () => {
    const event = before.nodes.find((n) => n.kind === "event" && n.payload.length > 0)!;
    const mover = before.nodes.find((n) => n.kind === "actor")!;
    const after: Board = JSON.parse(JSON.stringify(before)) as Board;
    for (const node of after.nodes) {
      if (node.id === mover.id) node.position = { x: node.position.x + 40, y: node.position.y };
      if (node.id === event.id && node.kind === "event") node.payload = node.payload.slice(1);
    }
    after.nodes = after.nodes.filter((n) => n.kind !== "hotspot");
    const removedHotspots = before.nodes.filter((n) => n.kind === "hotspot").length;
    after.edges = after.edges.filter((e) => after.nodes.some((n) => n.id === e.source) && after.nodes.some((n) => n.id === e.target));
    const summary = revisionSummary(before, after);
    expect(summary).toMatchObject({ added: 0, removed: removedHotspots, changed: 1, moved: 1, renamed: false, breaking: 1, contractChanges: 1 });
    expect(summary.text).toContain("1 edited, 1 moved");
    expect(summary.text).toContain("1 breaking change");
  });

  it("says so when nothing but the key order changed", () => {
    const reordered = JSON.parse(JSON.stringify(before, (_k, v: unknown) => (v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v))) as Board;
    expect(revisionSummary(before, reordered)).toMatchObject({ changed: 0, moved: 0, text: "Saved unchanged" });
    expect(revisionSummary(before, { ...before, description: "New words" })).toMatchObject({ described: true, text: "description edited" });
    const screaming = revisionSummary(before, { ...before, settings: { ...before.settings, eventTypeStyle: "screaming" } });
    expect(screaming.settings).toBe(true);
    expect(screaming.text).toMatch(/^board settings changed · \d+ breaking changes$/u);
  });

  it("counts frames and notes added, moved, resized or removed, without any contract change", () => {
    const framed: Board = { ...before, frames: [{ id: "f1", name: "Ordering", position: { x: 0, y: 0 }, size: { width: 500, height: 400 } }], notes: [{ id: "n1", text: "Who pays?", position: { x: 0, y: 0 } }] };
    expect(revisionSummary(before, framed)).toMatchObject({ frames: 1, notes: 1, contractChanges: 0, text: "1 frame changed, 1 note changed" });
    const resized: Board = { ...framed, frames: [{ ...framed.frames![0]!, size: { width: 600, height: 400 } }], notes: [] };
    expect(revisionSummary(framed, resized)).toMatchObject({ frames: 1, notes: 1, text: "1 frame changed, 1 note changed" });
    expect(revisionSummary(framed, framed)).toMatchObject({ frames: 0, notes: 0, text: "Saved unchanged" });
  });
});
