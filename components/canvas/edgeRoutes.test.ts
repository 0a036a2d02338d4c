import type { InternalNode, ReactFlowState } from "@xyflow/react";
import { describe, expect, it } from "vitest";
import { overlaps, routeEdge, type Port, type Rect } from "@/lib/model/edgeRoute";
import { STICKY_BADGE_REACH, boxAround, countBubbleBox, placeLabel } from "@/lib/editor/labelPlacement";
import { canvasLabel, canvasRoute } from "./edgeRoutes";

type Box = Rect & { id: string; type?: string };
/** The part of React Flow's state canvasRoute reads: measured nodes by id. */
const stateOf = (boxes: Box[]) =>
  ({
    nodeLookup: new Map(boxes.map((b) => [b.id, { id: b.id, type: b.type ?? "sticky", measured: { width: b.width, height: b.height }, internals: { positionAbsolute: { x: b.x, y: b.y } } } as unknown as InternalNode])),
  }) as unknown as ReactFlowState;
const rects = (boxes: Box[]) => boxes.filter((b) => (b.type ?? "sticky") === "sticky").map(({ x, y, width, height }) => ({ x, y, width, height }));

const a: Box = { id: "a", x: 0, y: 0, width: 160, height: 60 };
const b: Box = { id: "b", x: 600, y: 0, width: 160, height: 60 };
const from: Port = { x: 160, y: 30, side: "right" };
const to: Port = { x: 600, y: 30, side: "left" };

describe("canvasRoute", () => {
  it("keeps an arrow's route while stickies move far from it, and reroutes it, as routeEdge would, when one moves across it", () => {
    const far: Box = { id: "far", x: 0, y: 2000, width: 160, height: 60 };
    const board = [a, b, far, { id: "frame", type: "frame", x: 300, y: -100, width: 100, height: 300 }];
    const first = canvasRoute(stateOf(board), "e1", from, to);
    expect(first.kind).toBe("curve"); // The frame is not in the way: arrows cross frames.
    expect(first).toEqual(routeEdge(from, to, rects(board)));

    const farMoved = [a, b, { ...far, x: 400 }, board[3]!];
    expect(canvasRoute(stateOf(farMoved), "e1", from, to)).toBe(first);

    const across = [a, b, { ...far, x: 300, y: -20 }];
    const rerouted = canvasRoute(stateOf(across), "e1", from, to);
    expect(rerouted.kind).toBe("around");
    expect(rerouted).toEqual(routeEdge(from, to, rects(across)));

    // Taken away again: back to the curve.
    const gone = [a, b];
    expect(canvasRoute(stateOf(gone), "e1", from, to)).toEqual(first);
  });

  it("reroutes an arrow whose ends moved, and one last routed many boards ago", () => {
    const board = [a, b, { id: "c", x: 300, y: -20, width: 160, height: 100 }];
    const around = canvasRoute(stateOf(board), "e2", from, to);
    expect(around.kind).toBe("around");
    const lower = { ...to, y: 400 };
    expect(canvasRoute(stateOf([a, { ...b, y: 370 }, board[2]!]), "e2", from, lower)).toEqual(routeEdge(from, lower, rects([a, { ...b, y: 370 }, board[2]!])));
    // Forty unrelated moves later (more than the changes kept), e3 is routed afresh and still right.
    canvasRoute(stateOf(board), "e3", from, to);
    for (let i = 0; i < 40; i++) canvasRoute(stateOf([...board, { id: "d", x: 5000 + i, y: 5000, width: 10, height: 10 }]), "other", from, to);
    expect(canvasRoute(stateOf(board), "e3", from, to)).toEqual(routeEdge(from, to, rects(board)));
  });

  it("places an arrow's count bubble clear of the stickies, keeps the placement while nothing near moves, and places it again when a sticky moves under it", () => {
    const bubble = countBubbleBox(12, false);
    const board = [a, b, { id: "far", x: 0, y: 2000, width: 160, height: 60 }];
    const route = canvasRoute(stateOf(board), "e4", from, to);
    const first = canvasLabel(stateOf(board), "e4", route, bubble);
    expect(first).toEqual(placeLabel(route, bubble, rects(board)));
    // A far sticky moves: the same placement, not placed again.
    const farMoved = [a, b, { ...board[2]!, x: 50 }];
    expect(canvasLabel(stateOf(farMoved), "e4", canvasRoute(stateOf(farMoved), "e4", from, to), bubble)).toBe(first);
    // A small sticky moves in just under the bubble (clear of the line, so the route stays): the bubble moves off it.
    const under = { id: "under", x: first.center.x - 20, y: first.center.y - bubble.height / 2 - 30, width: 40, height: 24 };
    const crowded = [a, b, under];
    const sameRoute = canvasRoute(stateOf(crowded), "e4", from, to);
    expect(sameRoute).toBe(route);
    const moved = canvasLabel(stateOf(crowded), "e4", sameRoute, bubble);
    expect(moved).not.toBe(first);
    expect(moved.clear).toBe(true);
    const keepOut = { x: under.x - STICKY_BADGE_REACH, y: under.y - STICKY_BADGE_REACH, width: under.width + 2 * STICKY_BADGE_REACH, height: under.height + 2 * STICKY_BADGE_REACH };
    expect(overlaps(boxAround(moved.center, bubble), keepOut)).toBe(false);
    expect(overlaps(boxAround(first.center, bubble), keepOut)).toBe(true);
  });
});
