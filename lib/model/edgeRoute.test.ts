import { describe, expect, it } from "vitest";
import { overlaps, ROUTE_CLEARANCE, routeEdge, routePath, type Point, type Port, type Rect } from "./edgeRoute";

const box = (x: number, y: number, width = 160, height = 60): Rect => ({ x, y, width, height });
const rightOf = (r: Rect): Port => ({ x: r.x + r.width, y: r.y + r.height / 2, side: "right" });
const leftOf = (r: Rect): Port => ({ x: r.x, y: r.y + r.height / 2, side: "left" });

/** Every point on the route, one pixel apart. */
function trace(points: readonly Point[]): Point[] {
  const out: Point[] = [];
  for (let i = 1; i < points.length; i++) {
    const [a, b] = [points[i - 1]!, points[i]!];
    const steps = Math.max(1, Math.ceil(Math.hypot(b.x - a.x, b.y - a.y)));
    for (let k = 0; k <= steps; k++) out.push({ x: a.x + ((b.x - a.x) * k) / steps, y: a.y + ((b.y - a.y) * k) / steps });
  }
  return out;
}
const xy = (p: Port): Point => ({ x: p.x, y: p.y });
const within = (p: Point, r: Rect) => p.x > r.x && p.x < r.x + r.width && p.y > r.y && p.y < r.y + r.height;

describe("routeEdge", () => {
  it("is the usual curve between two stickies with nothing in between", () => {
    const [a, b] = [box(0, 0), box(400, 100)];
    const route = routeEdge(rightOf(a), leftOf(b), [a, b]);
    expect(route.kind).toBe("curve");
    expect(route.points[0]).toEqual({ x: 160, y: 30 });
    expect(route.points[3]).toEqual({ x: 400, y: 130 });
    expect(routePath(route)).toMatch(/^M160 30C.* 400 130$/);
  });

  it("goes round a sticky that stands between the two ends, never under it", () => {
    const [a, b, between] = [box(0, 0), box(600, 0), box(300, -20, 160, 100)];
    const route = routeEdge(rightOf(a), leftOf(b), [a, b, between]);
    expect(route.kind).toBe("around");
    expect(route.points[0]).toEqual(xy(rightOf(a)));
    expect(route.points.at(-1)).toEqual(xy(leftOf(b)));
    for (const p of trace(route.points)) {
      expect(within(p, between)).toBe(false);
      expect(within(p, a)).toBe(false);
      expect(within(p, b)).toBe(false);
    }
    // Round one side of it, at the stated clearance, in right angles.
    const ys = route.points.map((p) => p.y);
    expect(Math.min(...ys) === -20 - ROUTE_CLEARANCE || Math.max(...ys) === 80 + ROUTE_CLEARANCE).toBe(true);
    for (let i = 1; i < route.points.length; i++) {
      const [p, q] = [route.points[i - 1]!, route.points[i]!];
      expect(p.x === q.x || p.y === q.y).toBe(true);
    }
  });

  it("takes a backwards arrow round both stickies instead of looping over them", () => {
    const [view, customer] = [box(600, 0), box(0, 0)];
    const route = routeEdge(rightOf(view), leftOf(customer), [view, customer]);
    expect(route.kind).toBe("around");
    for (const p of trace(route.points)) {
      expect(within(p, view)).toBe(false);
      expect(within(p, customer)).toBe(false);
    }
    // It leaves to the right and comes in from the left.
    expect(route.points[1].x).toBeGreaterThan(760);
    expect(route.points.at(-2)!.x).toBeLessThan(0);
  });

  it("squeezes between two stickies that stand closer than twice the clearance, without touching either", () => {
    // The Order template's saga, to the right of OrderCompleted stacked 8 px above OrderFailed.
    const saga = box(840, 0, 280, 80);
    const [completed, failed] = [box(600, 200, 170, 60), box(600, 268, 170, 60)];
    // React Flow's handle points lie a pixel or two inside the sticky's border.
    const into = { ...leftOf(failed), x: failed.x + 1.5 };
    const route = routeEdge(rightOf(saga), into, [saga, completed, failed]);
    expect(route.kind).toBe("around");
    expect(route.points.at(-1)).toEqual(xy(into));
    // All but the last 1.5 px, which end on the handle.
    for (const p of trace(route.points.slice(0, -1))) for (const r of [saga, completed, failed]) expect(within(p, r)).toBe(false);
  });

  it("finds its way through a gap in a wall of stickies", () => {
    const [a, b] = [box(0, 200), box(900, 200)];
    // A wall from y = -400 to 800 with a gap at y = 460..560, far below both ends.
    const wall = [box(400, -400, 160, 860), box(400, 560, 160, 240)];
    const route = routeEdge(rightOf(a), leftOf(b), [a, b, ...wall]);
    expect(route.kind).toBe("around");
    for (const p of trace(route.points)) for (const r of [a, b, ...wall]) expect(within(p, r)).toBe(false);
    expect(route.points.some((p) => p.y > 460 && p.y < 560)).toBe(true);
  });

  it("sees a sticky far outside the two ends' box when the first route crosses it", () => {
    const [a, b] = [box(0, 0), box(1200, 0)];
    // A tall column between them, reaching far above and below both: the route must go round its ends.
    const column = box(600, -1000, 100, 2060);
    const route = routeEdge(rightOf(a), leftOf(b), [a, b, column]);
    for (const p of trace(route.points)) expect(within(p, column)).toBe(false);
  });

  it("is the same route every time (deterministic), and its label sits half way along it", () => {
    const [a, b] = [box(0, 0), box(600, 0)];
    const stickies = [a, b, box(300, -20, 160, 100), box(300, 120), box(250, -160)];
    const first = routeEdge(rightOf(a), leftOf(b), stickies);
    const again = routeEdge(rightOf(a), leftOf(b), [...stickies]);
    expect(again).toEqual(first);
    expect(first.kind).toBe("around");
    const length = (ps: readonly Point[]) => ps.slice(1).reduce((s, p, i) => s + Math.hypot(p.x - ps[i]!.x, p.y - ps[i]!.y), 0);
    const pts = first.points;
    const { label } = first;
    // The label lies on the route, and the part of the route before it is half its length.
    const on = (p: Point, q: Point) => Math.min(p.x, q.x) <= label.x && label.x <= Math.max(p.x, q.x) && Math.min(p.y, q.y) <= label.y && label.y <= Math.max(p.y, q.y);
    const i = pts.findIndex((p, k) => k > 0 && on(pts[k - 1]!, p));
    expect(i).toBeGreaterThan(0);
    expect(length([...pts.slice(0, i), label])).toBeCloseTo(length(pts) / 2, 5);
  });

  it("falls back to a plain stepped route when the ends are boxed in, and never throws on absurd numbers", () => {
    const [a, b] = [box(0, 0), box(600, 0)];
    // A sticky lying on top of the source's exit.
    const lid = box(150, -50, 60, 160);
    const boxed = routeEdge(rightOf(a), leftOf(b), [a, b, lid]);
    expect(boxed.points[0]).toEqual(xy(rightOf(a)));
    expect(boxed.points.at(-1)).toEqual(xy(leftOf(b)));
    const huge = box(1e308, 1e308);
    expect(() => routeEdge(rightOf(a), leftOf(huge), [a, huge])).not.toThrow();
  });

  it("rounds the corners of a route round, and keeps paths short", () => {
    const route = routeEdge(rightOf(box(600, 0)), leftOf(box(0, 0)), [box(600, 0), box(0, 0)]);
    const d = routePath(route);
    expect(d.startsWith("M760 30L")).toBe(true);
    expect(d.match(/Q/g)!.length).toBe(route.points.length - 2);
    expect(d).not.toMatch(/\.\d{3}/);
  });

  it("gives the same route while every sticky that moves stays outside its reach, before and after (what lets the canvas reroute only what a drag touches)", () => {
    // A seeded generator: the same boards every run.
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    let outside = 0;
    let inside = 0;
    for (let round = 0; round < 300; round++) {
      const stickies = Array.from({ length: 30 }, () => box(Math.floor(random() * 2000), Math.floor(random() * 1200), 120 + Math.floor(random() * 100), 50 + Math.floor(random() * 60)));
      const [a, b] = [stickies[0]!, stickies[1]!];
      const before = routeEdge(rightOf(a), leftOf(b), stickies);
      const k = 2 + Math.floor(random() * 28);
      const moved = { ...stickies[k]!, x: Math.floor(random() * 2000), y: Math.floor(random() * 1200) };
      const after = routeEdge(rightOf(a), leftOf(b), stickies.map((r, i) => (i === k ? moved : r)));
      if (!overlaps(stickies[k]!, before.reach) && !overlaps(moved, before.reach)) {
        outside++;
        expect(after).toEqual(before);
      } else inside++;
    }
    // Both cases happened, so the check above checked something.
    expect(outside).toBeGreaterThan(20);
    expect(inside).toBeGreaterThan(20);
  });

  it("comes into a target whose neighbour stands 10 px off its side, through the gap, head first (QA: it had run through both its own stickies)", () => {
    const saga = box(300, 0, 240, 74);
    const event = box(300, 230, 160, 52);
    const aggregate = box(100, 224, 190, 90);
    const into = leftOf(event);
    const route = routeEdge(rightOf(saga), into, [saga, event, aggregate]);
    expect(route.kind).toBe("around");
    for (const p of trace(route.points.slice(0, -1))) for (const r of [saga, event, aggregate]) expect(within(p, r)).toBe(false);
    const [beforeLast, last] = route.points.slice(-2) as [Point, Point];
    expect(last).toEqual(xy(into));
    expect(beforeLast.y).toBe(last.y);
    expect(beforeLast.x).toBeLessThan(last.x); // Pointing right, into the event.
  });

  it("sends a backwards arrow below its own two stickies when the board is too crowded to route it", () => {
    const [from, to] = [box(0, 0, 170, 56), box(-570, 100, 170, 56)];
    // More stickies near it than are routed round: small ones scattered between the two.
    const crowd = Array.from({ length: 70 }, (_, i) => box(-500 + (i % 10) * 60, -200 + Math.floor(i / 10) * 40, 20, 10));
    const route = routeEdge(rightOf(from), leftOf(to), [from, to, ...crowd]);
    expect(route.kind).toBe("around");
    for (const p of trace(route.points.slice(1, -1))) for (const r of [from, to]) expect(within(p, r)).toBe(false);
    const [beforeLast, last] = route.points.slice(-2) as [Point, Point];
    expect(beforeLast.x).toBeLessThan(last.x);
    expect(Math.max(...route.points.map((p) => p.y))).toBeGreaterThanOrEqual(156 + ROUTE_CLEARANCE);
  });
});
