/**
 * Where an arrow between two stickies runs, for every picture of the board: the canvas and the
 * SVG export draw the path this module gives, each from its own sticky sizes (measured on screen,
 * estimated in the SVG). An arrow that would pass under another sticky, or that runs backwards,
 * goes round the stickies in right-angled steps instead (issue 16 bug 4); otherwise it is the
 * usual gentle curve.
 *
 * Pure geometry: no DOM, no React Flow. The orthogonal route is an A* search over the "Hanan grid"
 * of the obstacles' (padded) sides, the classic connector-routing approach (libavoid, yFiles):
 * every useful turn lies on one of those lines, so the grid is small and the search exact.
 */

export interface Point {
  readonly x: number;
  readonly y: number;
}
export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}
export type Side = "left" | "right" | "top" | "bottom";
/** Where an arrow leaves or enters a sticky: a point on its border and the side it is on. */
export interface Port extends Point {
  readonly side: Side;
}
/**
 * A curve (`points`: start, two control points, end: one cubic Bézier) or a route round the
 * stickies (`points`: the corners of a polyline, start and end included). `label`: where the
 * arrow's label or counter sits, half way along.
 */
export type EdgeRoute = (
  | { readonly kind: "curve"; readonly points: Bezier }
  | { readonly kind: "around"; readonly points: readonly Point[] }
) & {
  readonly label: Point;
  /**
   * Everywhere the route looked for stickies: a sticky that moves, appears or goes without
   * meeting this box (where it was or where it is) leaves the route as it is. The canvas reroutes
   * only the arrows a drag can change.
   */
  readonly reach: Rect;
};
/** A cubic Bézier: start, two control points, end. */
export type Bezier = readonly [Point, Point, Point, Point];

/** How far a route keeps from a sticky's border. */
export const ROUTE_CLEARANCE = 16;
/** What one turn costs, in pixels of length: fewer turns read better than a slightly shorter route. */
const BEND_COST = 40;
/** What a pixel of route inside a sticky's clearance costs, against 1 outside it. */
const MARGIN_WEIGHT = 4;
/** Points sampled along a curve to see whether it passes under a sticky. */
const CURVE_SAMPLES = 32;
/** Obstacles farther than this outside the two ends' box are left out of a first search. */
const NEAR = 240;
/**
 * A crowded board's long arrows are not routed: an arrow with more stickies than this near it
 * stays a curve (or, running backwards, the plain stepped route), drawn under what it crosses.
 * Routing it would cost more than drawing the whole board, and a route through such a crowd
 * reads no better. Event-storming arrows are mostly short; the templates route in full.
 */
export const MAX_ROUTED_NEIGHBOURS = 60;
/** Grid points and search steps past which a search gives up (the same fallback). */
const MAX_GRID = 40_000;
const MAX_EXPANSIONS = 8_000;
/** How much more the distance still to go weighs than the distance come, in the search. */
const GREED = 1.2;

const DIRECTION: Readonly<Record<Side, Point>> = {
  left: { x: -1, y: 0 },
  right: { x: 1, y: 0 },
  top: { x: 0, y: -1 },
  bottom: { x: 0, y: 1 },
};

/**
 * The route of an arrow from `source` to `target` among `stickies` (every sticky's box, the two
 * ends' own included: the route keeps out of them too, except where it leaves and enters).
 */
export function routeEdge(source: Port, target: Port, stickies: readonly Rect[]): EdgeRoute {
  const near = lookup(stickies);
  const curve = curveBetween(source, target);
  const backwards = runsBackwards(source, target);
  if (!backwards && !curveBlocked(curve, near)) return { kind: "curve", points: curve, label: bezierAt(curve, 0.5), reach: near.reach() };
  const points = aroundRoute(source, target, near) ?? (backwards ? steppedRoute(source, target, near) : null);
  return points
    ? { kind: "around", points, label: halfWay(points), reach: near.reach() }
    : { kind: "curve", points: curve, label: bezierAt(curve, 0.5), reach: near.reach() };
}

/** Asks which stickies meet an area, and keeps the box round every area asked about. */
interface Lookup {
  meeting(area: Rect): Rect[];
  reach(): Rect;
}

function lookup(stickies: readonly Rect[]): Lookup {
  let reach: Rect | null = null;
  return {
    meeting(area) {
      reach = reach ? union(reach, area) : area;
      return stickies.filter((rect) => overlaps(rect, area));
    },
    reach: () => reach ?? { x: 0, y: 0, width: 0, height: 0 },
  };
}

function union(a: Rect, b: Rect): Rect {
  const [x, y] = [Math.min(a.x, b.x), Math.min(a.y, b.y)];
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
}

/**
 * An SVG path for a route: the curve as one cubic Bézier, a route round as straight runs whose
 * corners are rounded with `radius` (less where a run is short).
 */
export function routePath(route: EdgeRoute, radius = 10): string {
  if (route.kind === "curve") {
    const [a, b, c, d] = route.points;
    return `M${n(a.x)} ${n(a.y)}C${n(b.x)} ${n(b.y)} ${n(c.x)} ${n(c.y)} ${n(d.x)} ${n(d.y)}`;
  }
  const p = route.points;
  let d = `M${n(p[0]!.x)} ${n(p[0]!.y)}`;
  for (let i = 1; i < p.length - 1; i++) {
    const [before, corner, after] = [p[i - 1]!, p[i]!, p[i + 1]!];
    const r = Math.min(radius, distance(before, corner) / 2, distance(corner, after) / 2);
    const into = towards(corner, before, r);
    const out = towards(corner, after, r);
    d += `L${n(into.x)} ${n(into.y)}Q${n(corner.x)} ${n(corner.y)} ${n(out.x)} ${n(out.y)}`;
  }
  const last = p[p.length - 1]!;
  return `${d}L${n(last.x)} ${n(last.y)}`;
}

/** True when the target lies behind the way the arrow leaves the source (a curve would loop). */
function runsBackwards(source: Port, target: Port): boolean {
  const d = DIRECTION[source.side];
  const ahead = (target.x - source.x) * d.x + (target.y - source.y) * d.y;
  return ahead < -20;
}

/** The usual arrow: out of the source along its side, into the target along its side. */
function curveBetween(source: Port, target: Port): Bezier {
  const span = Math.abs(source.side === "left" || source.side === "right" ? target.x - source.x : target.y - source.y);
  const bend = Math.max(30, span / 2);
  const [ds, dt] = [DIRECTION[source.side], DIRECTION[target.side]];
  return [
    { x: source.x, y: source.y },
    { x: source.x + ds.x * bend, y: source.y + ds.y * bend },
    { x: target.x + dt.x * bend, y: target.y + dt.y * bend },
    { x: target.x, y: target.y },
  ];
}

function bezierAt([p0, p1, p2, p3]: Bezier, t: number): Point {
  const u = 1 - t;
  const [a, b, c, d] = [u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t];
  return { x: a * p0.x + b * p1.x + c * p2.x + d * p3.x, y: a * p0.y + b * p1.y + c * p2.y + d * p3.y };
}

/** Does the curve pass under a sticky? Its own ends touch their stickies' borders, never inside. */
function curveBlocked(curve: Bezier, stickies: Lookup): boolean {
  // A Bézier lies within its control points' box: only the stickies that box meets can be crossed.
  const hull = boundsOf(curve);
  const near = stickies.meeting(hull);
  if (near.length === 0) return false;
  for (let i = 1; i < CURVE_SAMPLES; i++) {
    const point = bezierAt(curve, i / CURVE_SAMPLES);
    if (near.some((rect) => inside(point, rect, -2))) return true;
  }
  return false;
}

/** `point` strictly inside `rect` grown by `pad` on every side (shrunk when `pad` is negative). */
function inside(point: Point, rect: Rect, pad: number): boolean {
  return point.x > rect.x - pad && point.x < rect.x + rect.width + pad && point.y > rect.y - pad && point.y < rect.y + rect.height + pad;
}

/**
 * A right-angled route from `source` to `target` that never crosses a sticky and keeps
 * {@link ROUTE_CLEARANCE} from them where there is room. The search first looks at the stickies near the two ends; a route that still crosses a
 * sticky farther out is searched again with those stickies added (rarely more than once).
 */
function aroundRoute(source: Port, target: Port, stickies: Lookup): Point[] | null {
  const ds = DIRECTION[source.side];
  const dt = DIRECTION[target.side];
  const start = approach(source, stickies);
  const end = approach(target, stickies);
  const box = {
    x: Math.min(start.x, end.x) - NEAR,
    y: Math.min(start.y, end.y) - NEAR,
    width: Math.abs(start.x - end.x) + 2 * NEAR,
    height: Math.abs(start.y - end.y) + 2 * NEAR,
  };
  const considered = new Set(stickies.meeting(box));
  if (considered.size > MAX_ROUTED_NEIGHBOURS) return null;
  for (let round = 0; round < 4; round++) {
    const middle = search(start, ds, end, { x: -dt.x, y: -dt.y }, [...considered]);
    if (!middle) return null;
    const points = simplify([{ x: source.x, y: source.y }, ...middle, { x: target.x, y: target.y }]);
    const span = boundsOf(points);
    const crossed = stickies.meeting(span).filter((rect) => !considered.has(rect) && crosses(points, rect));
    if (crossed.length === 0) return points;
    for (const rect of crossed) considered.add(rect);
    if (considered.size > MAX_ROUTED_NEIGHBOURS) return null;
  }
  return null;
}

/** Out, across half way, and in: through whatever is in the way (boxed in, or too crowded to route). */
function steppedRoute(source: Port, target: Port, stickies: Lookup): Point[] {
  const start = approach(source, stickies);
  const end = approach(target, stickies);
  // Below both ends' stickies, so at least the arrow never runs through its own two and its head
  // points into its target.
  const own = [boxAt(source, stickies), boxAt(target, stickies)].filter((b): b is Rect => b !== null);
  const below = Math.max(start.y, end.y, ...own.map((b) => b.y + b.height)) + ROUTE_CLEARANCE;
  return simplify([{ x: source.x, y: source.y }, start, { x: start.x, y: below }, { x: end.x, y: below }, end, { x: target.x, y: target.y }]);
}

/**
 * Where a route leaves a port (or arrives at it): {@link ROUTE_CLEARANCE} out from the sticky,
 * or less when another sticky stands closer than that (event-storming rows are often 10 px apart).
 */
function approach(port: Port, stickies: Lookup): Point {
  const d = DIRECTION[port.side];
  for (const length of [ROUTE_CLEARANCE, 8, 4, 2]) {
    const point = { x: port.x + d.x * length, y: port.y + d.y * length };
    const blocked = stickies.meeting({ x: point.x - 0.5, y: point.y - 0.5, width: 1, height: 1 }).some((r) => inside(point, r, 0));
    if (!blocked) return point;
  }
  return { x: port.x + d.x * 2, y: port.y + d.y * 2 };
}

/** The sticky a port is on: the one whose side it lies on (React Flow's handle points are within a few pixels of it). */
function boxAt(port: Port, stickies: Lookup): Rect | null {
  const near = stickies.meeting({ x: port.x - 4, y: port.y - 4, width: 8, height: 8 });
  const onSide = (r: Rect) =>
    port.side === "left" || port.side === "right"
      ? Math.abs((port.side === "left" ? r.x : r.x + r.width) - port.x) <= 4 && port.y >= r.y && port.y <= r.y + r.height
      : Math.abs((port.side === "top" ? r.y : r.y + r.height) - port.y) <= 4 && port.x >= r.x && port.x <= r.x + r.width;
  return near.find(onSide) ?? null;
}

/** The box round some points (a line's box has no width or height: {@link overlaps} still meets it). */
function boundsOf(points: readonly Point[]): Rect {
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  return { x: Math.min(...xs) - 1, y: Math.min(...ys) - 1, width: Math.max(...xs) - Math.min(...xs) + 2, height: Math.max(...ys) - Math.min(...ys) + 2 };
}

/** Do two boxes meet (share more than an edge)? */
export function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** Does a polyline pass through `rect`'s inside? Sampled at the midpoint of every grid step it takes. */
function crosses(points: readonly Point[], rect: Rect): boolean {
  for (let i = 1; i < points.length; i++) {
    const [a, b] = [points[i - 1]!, points[i]!];
    // Clip the axis-parallel segment to the rect's span on its axis and test its middle.
    if (a.y === b.y) {
      const lo = Math.max(Math.min(a.x, b.x), rect.x);
      const hi = Math.min(Math.max(a.x, b.x), rect.x + rect.width);
      if (lo < hi && inside({ x: (lo + hi) / 2, y: a.y }, rect, -1)) return true;
    } else {
      const lo = Math.max(Math.min(a.y, b.y), rect.y);
      const hi = Math.min(Math.max(a.y, b.y), rect.y + rect.height);
      if (lo < hi && inside({ x: a.x, y: (lo + hi) / 2 }, rect, -1)) return true;
    }
  }
  return false;
}

/**
 * A* over the grid of the obstacles' sides and their margins' sides, from `start` leaving in
 * direction `leave` to `end` arriving in direction `arrive`; cost = length (weighted, see
 * {@link MARGIN_WEIGHT}) + {@link BEND_COST} per turn. Returns the grid points passed (start and
 * end included), or null when no route exists or the search outgrows {@link MAX_EXPANSIONS}.
 */
function search(start: Point, leave: Point, end: Point, arrive: Point, obstacles: readonly Rect[]): Point[] | null {
  const pad = ROUTE_CLEARANCE;
  const margins = obstacles.map((r) => ({ x: r.x - pad, y: r.y - pad, width: r.width + 2 * pad, height: r.height + 2 * pad }));
  const xs = uniqueSorted([start.x, end.x, (start.x + end.x) / 2, ...[...margins, ...obstacles].flatMap((r) => [r.x, r.x + r.width])]);
  const ys = uniqueSorted([start.y, end.y, (start.y + end.y) / 2, ...[...margins, ...obstacles].flatMap((r) => [r.y, r.y + r.height])]);
  const W = xs.length;
  const H = ys.length;
  if (W * H > MAX_GRID || !xs.every(Number.isFinite) || !ys.every(Number.isFinite)) return null;
  const X = (i: number) => xs[i]!;
  const Y = (j: number) => ys[j]!;
  // Every sticky's and margin's sides are grid lines, so each grid cell (between two neighbouring
  // lines each way) is wholly inside or outside each: 2 in a sticky, 1 in a margin only, 0 free.
  const cells = new Uint8Array((W - 1) * (H - 1));
  const xIndex = new Map(xs.map((x, i) => [x, i]));
  const yIndex = new Map(ys.map((y, j) => [y, j]));
  const paint = (r: Rect, value: number) => {
    const [i0, i1, j0, j1] = [xIndex.get(r.x)!, xIndex.get(r.x + r.width)!, yIndex.get(r.y)!, yIndex.get(r.y + r.height)!];
    for (let j = j0; j < j1; j++) for (let i = i0; i < i1; i++) cells[j * (W - 1) + i] = Math.max(cells[j * (W - 1) + i]!, value);
  };
  margins.forEach((r) => paint(r, 1));
  obstacles.forEach((r) => paint(r, 2));
  const cellAt = (i: number, j: number) => (i < 0 || j < 0 || i >= W - 1 || j >= H - 1 ? 0 : cells[j * (W - 1) + i]!);
  /**
   * What a step along a grid line costs per pixel, from the cells on its two sides (it is inside
   * what both are inside): never through a sticky; dearly through a margin, which keeps a route
   * clear of stickies where there is room yet lets it squeeze between two that stand closer than
   * twice the clearance (an arrow into the lower of two stacked events).
   */
  const weight = (i: number, j: number, horizontal: boolean): number => {
    const inside = horizontal ? Math.min(cellAt(i, j - 1), cellAt(i, j)) : Math.min(cellAt(i - 1, j), cellAt(i, j));
    return inside === 2 ? Infinity : inside === 1 ? MARGIN_WEIGHT : 1;
  };
  const [sx, sy, ex, ey] = [xIndex.get(start.x)!, yIndex.get(start.y)!, xIndex.get(end.x)!, yIndex.get(end.y)!];
  const dirs: readonly Point[] = [{ x: 1, y: 0 }, { x: -1, y: 0 }, { x: 0, y: 1 }, { x: 0, y: -1 }];
  const dirIndex = (d: Point) => dirs.findIndex((e) => e.x === d.x && e.y === d.y);
  const state = (i: number, j: number, d: number) => (j * W + i) * 4 + d;
  const cost = new Float64Array(W * H * 4).fill(Infinity);
  const from = new Int32Array(W * H * 4).fill(-1);
  const heap = new MinHeap();
  // Weighted A*: the distance left counts {@link GREED} times, which finds a route in a fraction of
  // the steps at the price of one a little longer than the shortest: a picture, not a plan.
  const h = (i: number, j: number) => GREED * (Math.abs(X(i) - end.x) + Math.abs(Y(j) - end.y));
  const first = state(sx, sy, dirIndex(leave));
  cost[first] = 0;
  heap.push(h(sx, sy), first);
  const goalDir = dirIndex(arrive);
  let best: { state: number; cost: number } | null = null;
  for (let expanded = 0; heap.size > 0; expanded++) {
    if (expanded > MAX_EXPANSIONS) return null;
    const f = heap.peekPriority();
    const s = heap.pop();
    const g = cost[s]!;
    const d = s % 4;
    const [i, j] = cell(s, W);
    if (g + h(i, j) < f) continue; // A stale entry: this state was reached more cheaply since.
    if (i === ex && j === ey) {
      // The last turn into the target's side counts too; a route arriving straight is taken at once.
      const total = g + (d === goalDir ? 0 : BEND_COST);
      if (!best || total < best.cost) best = { state: s, cost: total };
      if (d === goalDir) break;
      continue;
    }
    if (best && f >= best.cost) break;
    for (let nd = 0; nd < 4; nd++) {
      const [dir, now] = [dirs[nd]!, dirs[d]!];
      if (dir.x === -now.x && dir.y === -now.y) continue; // No going straight back.
      const [ni, nj] = [i + dir.x, j + dir.y];
      if (ni < 0 || nj < 0 || ni >= W || nj >= H) continue;
      // The step's cells: those beside the segment from (i, j) to (ni, nj).
      const w = dir.y === 0 ? weight(Math.min(i, ni), j, true) : weight(i, Math.min(j, nj), false);
      if (w === Infinity) continue;
      const next = state(ni, nj, nd);
      const ng = g + w * (Math.abs(X(ni) - X(i)) + Math.abs(Y(nj) - Y(j))) + (nd === d ? 0 : BEND_COST);
      if (ng < cost[next]!) {
        cost[next] = ng;
        from[next] = s;
        heap.push(ng + h(ni, nj), next);
      }
    }
  }
  if (!best) return null;
  const path: Point[] = [];
  for (let s = best.state; s !== -1; s = from[s]!) {
    const [i, j] = cell(s, W);
    path.push({ x: X(i), y: Y(j) });
  }
  return path.reverse();
}

function cell(state: number, width: number): [number, number] {
  const c = Math.floor(state / 4);
  return [c % width, Math.floor(c / width)];
}

function uniqueSorted(values: number[]): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}

/**
 * Drops repeated points and the middle of three in a line, so only the corners are left; a
 * point where the line turns back on itself is a corner (a stub out and back is kept).
 */
function simplify(points: readonly Point[]): Point[] {
  const out: Point[] = [];
  for (const p of points) {
    const last = out[out.length - 1];
    if (last && last.x === p.x && last.y === p.y) continue;
    const before = out[out.length - 2];
    const between = (a: number, b: number, c: number) => (a <= b && b <= c) || (a >= b && b >= c);
    if (before && last && ((before.x === last.x && last.x === p.x && between(before.y, last.y, p.y)) || (before.y === last.y && last.y === p.y && between(before.x, last.x, p.x)))) out.pop();
    out.push(p);
  }
  return out;
}

function halfWay(points: readonly Point[]): Point {
  return alongPolyline(points, 0.5).point;
}

/**
 * A point part of the way along a route (`fraction` 0: its start, 1: its end; of the length for a
 * route round, of the curve's parameter for a curve, as its `label` is at 0.5) and the direction
 * the route runs there (a unit vector): where else a label may sit on it.
 */
export function alongRoute(route: EdgeRoute, fraction: number): { point: Point; direction: Point } {
  const f = Math.min(1, Math.max(0, fraction));
  if (route.kind === "around") return alongPolyline(route.points, f);
  return { point: bezierAt(route.points, f), direction: unit(bezierTangent(route.points, f)) };
}

function alongPolyline(points: readonly Point[], fraction: number): { point: Point; direction: Point } {
  const total = points.slice(1).reduce((sum, p, i) => sum + distance(points[i]!, p), 0);
  let left = total * fraction;
  let direction: Point = { x: 1, y: 0 };
  for (let i = 1; i < points.length; i++) {
    const [a, b] = [points[i - 1]!, points[i]!];
    const step = distance(a, b);
    if (step > 0) direction = { x: (b.x - a.x) / step, y: (b.y - a.y) / step };
    if (left <= step && step > 0) return { point: towards(a, b, left), direction };
    left -= step;
  }
  return { point: points[points.length - 1]!, direction };
}

function bezierTangent([p0, p1, p2, p3]: Bezier, t: number): Point {
  const u = 1 - t;
  const [a, b, c] = [3 * u * u, 6 * u * t, 3 * t * t];
  return { x: a * (p1.x - p0.x) + b * (p2.x - p1.x) + c * (p3.x - p2.x), y: a * (p1.y - p0.y) + b * (p2.y - p1.y) + c * (p3.y - p2.y) };
}

function unit(v: Point): Point {
  const length = Math.hypot(v.x, v.y);
  return length === 0 ? { x: 1, y: 0 } : { x: v.x / length, y: v.y / length };
}

function distance(a: Point, b: Point): number {
  return Math.hypot(b.x - a.x, b.y - a.y);
}

/** The point `length` from `a` on the way to `b`. */
function towards(a: Point, b: Point, length: number): Point {
  const d = distance(a, b);
  return d === 0 ? a : { x: a.x + ((b.x - a.x) * length) / d, y: a.y + ((b.y - a.y) * length) / d };
}

/** Two decimals at most: paths stay short and deterministic. */
function n(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/** A binary min-heap of (priority, value); ties pop in push order, so routes are deterministic. */
class MinHeap {
  private priority: number[] = [];
  private order: number[] = [];
  private value: number[] = [];
  private pushed = 0;
  get size(): number {
    return this.value.length;
  }
  push(priority: number, value: number): void {
    let i = this.value.length;
    this.priority.push(priority);
    this.order.push(this.pushed++);
    this.value.push(value);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }
  /** The priority of the entry {@link pop} returns next; only called when not empty. */
  peekPriority(): number {
    return this.priority[0]!;
  }
  /** Removes the entry of least priority and returns its value; only called when not empty. */
  pop(): number {
    const top = this.value[0]!;
    const last = this.value.length - 1;
    this.swap(0, last);
    this.priority.pop();
    this.order.pop();
    this.value.pop();
    const n = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.less(l, m)) m = l;
      if (r < n && this.less(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
    return top;
  }
  private less(i: number, j: number): boolean {
    const a = this.priority[i]!;
    const b = this.priority[j]!;
    return a < b || (a === b && this.order[i]! < this.order[j]!);
  }
  private swap(i: number, j: number): void {
    const { priority, order, value } = this;
    const p = priority[i]!;
    priority[i] = priority[j]!;
    priority[j] = p;
    const o = order[i]!;
    order[i] = order[j]!;
    order[j] = o;
    const v = value[i]!;
    value[i] = value[j]!;
    value[j] = v;
  }
}
