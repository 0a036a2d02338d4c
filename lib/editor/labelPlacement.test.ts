import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { overlaps, routeEdge, type EdgeRoute, type Point, type Port, type Rect } from "../model/edgeRoute";
import { createOrderSagaTemplate, orderFlowTemplate } from "../model/template";
import { STICKY_BADGE_REACH, boxAround, countBubbleBox, labelReach, placeLabel, type LabelBox } from "./labelPlacement";

const rect = (x: number, y: number, width: number, height: number): Rect => ({ x, y, width, height });
const rightOf = (r: Rect): Port => ({ x: r.x + r.width, y: r.y + r.height / 2, side: "right" });
const leftOf = (r: Rect): Port => ({ x: r.x, y: r.y + r.height / 2, side: "left" });
/** A sticky's box with the band its badges hang in (the run badge 9 px below it, the problem badge 8 px out at its top right). */
const withBadges = (r: Rect): Rect => ({ x: r.x - STICKY_BADGE_REACH, y: r.y - STICKY_BADGE_REACH, width: r.width + 2 * STICKY_BADGE_REACH, height: r.height + 2 * STICKY_BADGE_REACH });
/** Where the bubble was drawn before: above the route's half-way point, wherever that is. */
const halfWayBox = (route: EdgeRoute, box: LabelBox) => boxAround({ x: route.label.x + box.offset.x, y: route.label.y + box.offset.y }, box);
const distanceToRoute = (p: Point, route: EdgeRoute): number => {
  const pts = route.kind === "around" ? route.points : sampleCurve(route.points);
  let best = Infinity;
  for (let i = 1; i < pts.length; i++) best = Math.min(best, toSegment(p, pts[i - 1]!, pts[i]!));
  return best;
};

/** The stickies of a template as the SVG export lays them out (its golden file): a real board's geometry. */
function goldenLayout(file: string): Map<string, Rect> {
  const text = readFileSync(fileURLToPath(new URL(`../generate/__golden__/${file}`, import.meta.url)), "utf8");
  const boxes = new Map<string, Rect>();
  for (const m of text.matchAll(/<g data-node-id="([^"]+)"[^>]*transform="translate\(([-\d.]+) ([-\d.]+)\)">\s*<rect width="([\d.]+)" height="([\d.]+)"/g)) {
    boxes.set(m[1]!, rect(Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])));
  }
  return boxes;
}

describe("placeLabel", () => {
  it("leaves a label half way along an arrow when nothing is near it", () => {
    const [a, b] = [rect(0, 0, 160, 60), rect(500, 200, 160, 60)];
    const route = routeEdge(rightOf(a), leftOf(b), [a, b]);
    const box = countBubbleBox(12, false);
    const placed = placeLabel(route, box, [a, b]);
    expect(placed.clear).toBe(true);
    expect(placed.center).toEqual({ x: route.label.x + box.offset.x, y: route.label.y + box.offset.y });
  });

  it("moves a bubble along its arrow, off a sticky's run badge that its half-way point is under (the saga template's e-created-view)", () => {
    // An arrow that runs along just under a wide sticky: half way is under the sticky's bottom right corner, where its run badge hangs.
    const source = rect(0, 0, 160, 60);
    const target = rect(900, 200, 160, 60);
    const saga = rect(300, -40, 320, 200);
    const route: EdgeRoute = {
      kind: "around",
      points: [{ x: 160, y: 30 }, { x: 200, y: 30 }, { x: 200, y: 178 }, { x: 880, y: 178 }, { x: 880, y: 230 }, { x: 900, y: 230 }],
      label: { x: 562, y: 178 },
      reach: rect(-1000, -1000, 3000, 3000),
    };
    const box = countBubbleBox(8, false);
    const stickies = [source, target, saga];
    expect(overlaps(halfWayBox(route, box), withBadges(saga))).toBe(true);
    const placed = placeLabel(route, box, stickies);
    expect(placed.clear).toBe(true);
    for (const sticky of stickies) expect(overlaps(boxAround(placed.center, box), withBadges(sticky))).toBe(false);
    // Still on its arrow: the box's bottom is where it sits above the line, the line under its middle.
    expect(distanceToRoute({ x: placed.center.x - box.offset.x, y: placed.center.y - box.offset.y }, route)).toBeLessThan(0.5);
  });

  it("puts a bubble beside its arrow where the arrow has no room: between two stickies a few pixels apart", () => {
    const [a, b] = [rect(0, 0, 190, 90), rect(200, 0, 170, 119)];
    const route = routeEdge(rightOf(a), leftOf(b), [a, b]);
    const box = countBubbleBox(4, false);
    expect(overlaps(halfWayBox(route, box), withBadges(a))).toBe(true);
    const placed = placeLabel(route, box, [a, b]);
    expect(placed.clear).toBe(true);
    for (const sticky of [a, b]) expect(overlaps(boxAround(placed.center, box), withBadges(sticky))).toBe(false);
  });

  it("on both templates as laid out, every arrow's count bubble (over a label or not) covers no sticky and no badge", () => {
    for (const [board, file] of [[createOrderSagaTemplate(), "create-order-saga.svg"], [orderFlowTemplate(), "order-flow.svg"]] as const) {
      const boxes = goldenLayout(file);
      expect(boxes.size).toBe(board.nodes.filter((n) => boxes.has(n.id)).length);
      expect(boxes.size).toBeGreaterThan(8);
      const stickies = [...boxes.values()];
      let moved = 0;
      for (const edge of board.edges) {
        const [source, target] = [boxes.get(edge.source), boxes.get(edge.target)];
        if (!source || !target) continue;
        const route = routeEdge(rightOf(source), leftOf(target), stickies);
        for (const box of [countBubbleBox(7, false), countBubbleBox(1234, true)]) {
          // Only the stickies near the arrow are handed in, as the canvas does.
          const placed = placeLabel(route, box, stickies.filter((s) => overlaps(s, labelReach(route, box))));
          const covered = stickies.filter((s) => overlaps(boxAround(placed.center, box), withBadges(s)));
          expect(covered, `${file} ${edge.id}`).toEqual([]);
          if (stickies.some((s) => overlaps(halfWayBox(route, box), withBadges(s)))) moved++;
        }
      }
      // The layouts do put some half-way points over a sticky or a badge: the test is not vacuous.
      expect(moved, file).toBeGreaterThan(0);
    }
  });
});

function sampleCurve(points: readonly Point[]): Point[] {
  const [p0, p1, p2, p3] = points as [Point, Point, Point, Point];
  const out: Point[] = [];
  for (let i = 0; i <= 200; i++) {
    const t = i / 200;
    const u = 1 - t;
    const [a, b, c, d] = [u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t];
    out.push({ x: a * p0.x + b * p1.x + c * p2.x + d * p3.x, y: a * p0.y + b * p1.y + c * p2.y + d * p3.y });
  }
  return out;
}

function toSegment(p: Point, a: Point, b: Point): number {
  const [dx, dy] = [b.x - a.x, b.y - a.y];
  const length2 = dx * dx + dy * dy;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / length2));
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}
