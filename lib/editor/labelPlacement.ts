import { alongRoute, type EdgeRoute, type Point, type Rect } from "../model/edgeRoute";

/**
 * How far a sticky's badges reach past its box: the run badge hangs 9 px below its bottom edge,
 * the problem badge 8 px past its top-right corner (components/canvas/sticky.module.css). A
 * label keeps out of this band too, so it covers neither the sticky nor its badges.
 */
export const STICKY_BADGE_REACH = 10;
/** And this much air between a label and a sticky's badge, so that the two never read as one. */
const GAP = 3;

/** A label to place on an arrow: its size, and where it sits from its point on the route. */
export interface LabelBox {
  readonly width: number;
  readonly height: number;
  /** From the point on the route to the box's centre (a label above the line: a negative y). */
  readonly offset: Point;
}

export interface LabelPlacement {
  /** The box's centre. */
  readonly center: Point;
  /** False when every place tried meets a sticky: the place meeting the least of them is given. */
  readonly clear: boolean;
}

/** The count bubble on an arrow during a run (components/canvas/StickyEdge): its line height and side padding. */
export const COUNT_BUBBLE_HEIGHT = 16;
export const COUNT_BUBBLE_PADDING = 6;
/** A digit of the bubble's 10 px bold tabular figures, rounded up. */
const COUNT_BUBBLE_DIGIT = 7;

/**
 * The count bubble of an arrow that carried `messages`: above the line (higher still over the
 * arrow's own label or step numbers, which sit on the line).
 */
export function countBubbleBox(messages: number, overLabel: boolean): LabelBox {
  const width = 2 * COUNT_BUBBLE_PADDING + COUNT_BUBBLE_DIGIT * String(messages).length;
  return { width, height: COUNT_BUBBLE_HEIGHT, offset: { x: 0, y: -(overLabel ? 1.15 : 0.7) * COUNT_BUBBLE_HEIGHT } };
}

/** Places tried along the route, from its middle outwards (its ends are on stickies). */
const FRACTIONS = [0.5, 0.45, 0.55, 0.4, 0.6, 0.35, 0.65, 0.3, 0.7, 0.25, 0.75, 0.2, 0.8, 0.15, 0.85, 0.1, 0.9];
/** Then off the line, square to it, in steps of this many pixels, up to {@link MAX_SIDESTEPS} of them. */
const SIDESTEP = 8;
const MAX_SIDESTEPS = 12;

/**
 * Where a label sits on an arrow so that it covers no sticky and no sticky's badge: where the
 * route puts it (half way) when that is clear, else the nearest clear place along the route,
 * else the nearest place beside it (between two stickies a few pixels apart, the arrow has no
 * room for a label: it goes above or below them). `stickies` are the stickies' boxes as laid out;
 * their badges count as part of them ({@link STICKY_BADGE_REACH}). Only those meeting
 * {@link labelReach} matter.
 */
export function placeLabel(route: EdgeRoute, box: LabelBox, stickies: readonly Rect[]): LabelPlacement {
  const keepOut = stickies.map((r) => grow(r, STICKY_BADGE_REACH + GAP));
  let best: { center: Point; covered: number } | null = null;
  for (let step = 0; step <= MAX_SIDESTEPS; step++) {
    for (const fraction of FRACTIONS) {
      const { point, direction } = alongRoute(route, fraction);
      const normal = { x: -direction.y, y: direction.x };
      for (const side of step === 0 ? [0] : [-1, 1]) {
        const aside = side * step * SIDESTEP;
        const center = { x: point.x + box.offset.x + normal.x * aside, y: point.y + box.offset.y + normal.y * aside };
        const covered = coveredArea(boxAround(center, box), keepOut);
        if (covered === 0) return { center, clear: true };
        if (!best || covered < best.covered) best = { center, covered };
      }
    }
  }
  return { center: best!.center, clear: false };
}

/** Every box {@link placeLabel} may try for `box` on `route`, and the badge band round it: a sticky that does not meet this cannot matter. */
export function labelReach(route: EdgeRoute, box: LabelBox): Rect {
  const points = route.kind === "curve" ? [...route.points] : route.points;
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const margin = Math.hypot(box.offset.x, box.offset.y) + MAX_SIDESTEPS * SIDESTEP + Math.hypot(box.width, box.height) / 2 + STICKY_BADGE_REACH + GAP + 1;
  const [x, y] = [Math.min(...xs) - margin, Math.min(...ys) - margin];
  return { x, y, width: Math.max(...xs) + margin - x, height: Math.max(...ys) + margin - y };
}

/** The box of a label whose centre is `center`. */
export function boxAround(center: Point, box: LabelBox): Rect {
  return { x: center.x - box.width / 2, y: center.y - box.height / 2, width: box.width, height: box.height };
}

function grow(r: Rect, by: number): Rect {
  return { x: r.x - by, y: r.y - by, width: r.width + 2 * by, height: r.height + 2 * by };
}

/** How much of `box` the rects cover, added up (0: none meets it). */
function coveredArea(box: Rect, rects: readonly Rect[]): number {
  let area = 0;
  for (const r of rects) {
    const w = Math.min(box.x + box.width, r.x + r.width) - Math.max(box.x, r.x);
    const h = Math.min(box.y + box.height, r.y + r.height) - Math.max(box.y, r.y);
    if (w > 0 && h > 0) area += w * h;
  }
  return area;
}
