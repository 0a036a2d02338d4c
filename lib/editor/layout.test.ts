import { describe, expect, it } from "vitest";
import { orderFlowTemplate } from "../model/template";
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
