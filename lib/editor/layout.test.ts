import { describe, expect, it } from "vitest";
import { orderFlowTemplate } from "../model/template";
import { boundedContexts } from "../model/boundedContexts";
import { moveElements } from "./frameOps";
import { layoutBoard } from "./layout";

describe("layoutBoard", () => {
  it("places every sticky, left to right along the edges, without overlaps", async () => {
    const board = orderFlowTemplate();
    const positions = await layoutBoard(board, new Map());
    expect([...positions.keys()].sort()).toEqual(board.nodes.map((n) => n.id).sort());
    const at = (id: string) => positions.get(id)!;
    expect(at("cmd-place-order").x).toBeLessThan(at("agg-order-place").x);
    expect(at("agg-order-place").x).toBeLessThan(at("evt-order-placed").x);
    expect(at("evt-order-placed").x).toBeLessThan(at("svc-email-confirm").x);
    const boxes = [...positions.values()];
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!;
        const b = boxes[j]!;
        const overlap = Math.abs(a.x - b.x) < 170 && Math.abs(a.y - b.y) < 70;
        expect(overlap).toBe(false);
      }
  });
});

describe("layoutBoard with frames", () => {
  it("leaves framed stickies, frames and notes where they are, and lays out the rest right of the frames", async () => {
    const template = orderFlowTemplate();
    const inFrame = template.nodes.slice(0, 2).map((n, i) => ({ ...n, position: { x: 100 + i * 200, y: 100 } }));
    const frame = { id: "f", name: "Ordering", position: { x: 50, y: 50 }, size: { width: 500, height: 200 } };
    const board = { ...template, nodes: [...inFrame, ...template.nodes.slice(2)], frames: [frame] };
    const positions = await layoutBoard(board, new Map());
    const framed = board.nodes.filter((n) => boundedContexts(board).frameOf(n.id));
    expect(framed.length).toBeGreaterThanOrEqual(2);
    for (const n of framed) expect(positions.has(n.id)).toBe(false);
    const rest = board.nodes.filter((n) => !framed.includes(n));
    expect([...positions.keys()].sort()).toEqual(rest.map((n) => n.id).sort());
    for (const p of positions.values()) expect(p.x).toBeGreaterThanOrEqual(frame.position.x + frame.size.width);
    // Nothing laid out lands in the frame: every context is what it was.
    const after = moveElements(board, positions);
    const contexts = boundedContexts(after);
    for (const n of rest) expect(contexts.contextOf(n.id)).toBeUndefined();
    for (const n of framed) expect(contexts.contextOf(n.id)?.name).toBe("Ordering");
  });
});
