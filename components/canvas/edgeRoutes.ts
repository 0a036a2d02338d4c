import type { InternalNode, ReactFlowState } from "@xyflow/react";
import { overlaps, routeEdge, type EdgeRoute, type Port, type Rect } from "@/lib/model/edgeRoute";
import { labelReach, placeLabel, type LabelBox, type LabelPlacement } from "@/lib/editor/labelPlacement";

/**
 * The routes of the arrows on the canvas, from lib/model's {@link routeEdge} (the SVG export's
 * rule) over the stickies as React Flow measured them.
 *
 * Every edge asks on every React Flow store change, panning included, and rerouting every arrow
 * on each frame of a drag costs too much on a big board. So the stickies' boxes are kept while
 * unchanged (a pan reroutes nothing), and when some move, an arrow keeps its route unless a moved
 * sticky, where it was or where it is, meets the route's `reach` (every box the route looked at):
 * then the route is the same as routing again would give (lib/model's tests hold that).
 */
interface Generation {
  readonly rects: readonly Rect[];
  readonly byId: ReadonlyMap<string, Rect>;
  /** The boxes that changed since the generation before: old and new places of moved stickies. */
  readonly changed: readonly Rect[];
}
/** The last few generations of boxes; an arrow last routed before the oldest is routed again. */
const history: Generation[] = [{ rects: [], byId: new Map(), changed: [] }];
let generation = 0;
const KEPT_GENERATIONS = 32;

interface Cached {
  readonly key: string;
  readonly generation: number;
  readonly route: EdgeRoute;
}
const cache = new Map<string, Cached>();
/** More cached arrows than this (deleted edges linger) and the cache starts again. */
const MAX_CACHED = 20_000;

/** The React Flow state the generation was last read from: every edge's selector asks of the same one. */
let readFrom: ReactFlowState | null = null;

/**
 * The generation of the stickies' boxes now, after noting what moved since the last. Read once
 * per store state (React Flow mutates `nodeLookup` in place, then sets a new state), not once per
 * edge: 600 edges would otherwise walk every node 600 times per change.
 */
function currentGeneration(state: ReactFlowState): number {
  if (state === readFrom) return generation;
  readFrom = state;
  const lookup: ReadonlyMap<string, InternalNode> = state.nodeLookup;
  const last = history[history.length - 1]!;
  const byId = new Map<string, Rect>();
  const changed: Rect[] = [];
  for (const node of lookup.values()) {
    // Arrows cross frames and notes; only stickies are in the way.
    if (node.type !== "sticky" || !node.measured.width || !node.measured.height) continue;
    const { x, y } = node.internals.positionAbsolute;
    const rect = { x, y, width: node.measured.width, height: node.measured.height };
    const was = last.byId.get(node.id);
    if (!was || was.x !== x || was.y !== y || was.width !== rect.width || was.height !== rect.height) {
      changed.push(rect);
      if (was) changed.push(was);
    }
    byId.set(node.id, rect);
  }
  for (const [id, rect] of last.byId) if (!byId.has(id)) changed.push(rect);
  if (changed.length === 0) return generation;
  history.push({ rects: [...byId.values()], byId, changed });
  if (history.length > KEPT_GENERATIONS) history.shift();
  return ++generation;
}

/** The route of edge `id` between two ports, the same object while nothing it depends on moved. */
export function canvasRoute(state: ReactFlowState, id: string, source: Port, target: Port): EdgeRoute {
  const now = currentGeneration(state);
  const key = `${source.x},${source.y},${source.side}>${target.x},${target.y},${target.side}`;
  const cached = cache.get(id);
  if (cached && cached.key === key && (cached.generation === now || stillValid(cached.generation, cached.route.reach, now))) {
    if (cached.generation !== now) cache.set(id, { ...cached, generation: now });
    return cached.route;
  }
  const route = routeEdge(source, target, history[history.length - 1]!.rects);
  if (cache.size > MAX_CACHED) cache.clear();
  cache.set(id, { key, generation: now, route });
  return route;
}

interface CachedLabel {
  readonly route: EdgeRoute;
  readonly key: string;
  readonly generation: number;
  readonly reach: Rect;
  readonly placement: LabelPlacement;
}
const labelCache = new Map<string, CachedLabel>();

/**
 * Where edge `id`'s label `box` sits on its `route` (from {@link canvasRoute}): clear of every
 * sticky and its badges (lib/editor's {@link placeLabel}), the same object while nothing near it
 * moved, so a pan or a far drag places nothing again.
 */
export function canvasLabel(state: ReactFlowState, id: string, route: EdgeRoute, box: LabelBox): LabelPlacement {
  const now = currentGeneration(state);
  const key = `${box.width}x${box.height}@${box.offset.x},${box.offset.y}`;
  const cached = labelCache.get(id);
  if (cached && cached.route === route && cached.key === key && (cached.generation === now || stillValid(cached.generation, cached.reach, now))) {
    if (cached.generation !== now) labelCache.set(id, { ...cached, generation: now });
    return cached.placement;
  }
  const reach = labelReach(route, box);
  const placement = placeLabel(route, box, history[history.length - 1]!.rects.filter((rect) => overlaps(rect, reach)));
  if (labelCache.size > MAX_CACHED) labelCache.clear();
  labelCache.set(id, { route, key, generation: now, reach, placement });
  return placement;
}

/** No sticky changed within `reach` since `since` (and those changes are still known). */
function stillValid(since: number, reach: Rect, now: number): boolean {
  const oldest = generation - history.length + 1;
  if (since < oldest) return false;
  for (let g = since + 1; g <= now; g++) {
    const changes = history[g - oldest]!.changed;
    if (changes.some((rect) => overlaps(rect, reach))) return false;
  }
  return true;
}
