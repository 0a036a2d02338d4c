/*
 * Where the canvas looks when a board opens (issue 16 bug 8). Fitting the whole board shrank a
 * board the size of the Order template to 40% on a laptop, where no sticky could be read. A board
 * that fits at a readable zoom opens fitted and centred, as before; a larger one opens at the
 * readable zoom on its top-left corner, where a left-to-right flow starts. Fit (the toolbar, the
 * controls) still shows the whole board, at whatever zoom that takes.
 */

import { DRAWING_RANGE } from "../model/limits";

/** The smallest zoom at which a sticky's name (13 px) and fields (11 px) read at ordinary eyesight. */
export const READABLE_ZOOM = 0.75;

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface Viewport {
  readonly x: number;
  readonly y: number;
  readonly zoom: number;
}

/** Room kept between the board and the canvas's sides, in screen pixels. */
export interface Padding {
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  readonly left: number;
}

/**
 * The opening viewport of a board whose stickies span `bounds` (flow coordinates) on a canvas
 * of `canvas` screen pixels: centred at the fitting zoom (at most `maxZoom`) when that zoom is
 * at least {@link READABLE_ZOOM}; else at READABLE_ZOOM with the board's top-left corner at the
 * padding's top-left.
 */
export function openingViewport(bounds: Rect, canvas: { width: number; height: number }, padding: Padding, maxZoom = 1.2): Viewport {
  const room = { width: Math.max(1, canvas.width - padding.left - padding.right), height: Math.max(1, canvas.height - padding.top - padding.bottom) };
  const fit = Math.min(room.width / Math.max(1, bounds.width), room.height / Math.max(1, bounds.height), maxZoom);
  if (fit >= READABLE_ZOOM) {
    return {
      zoom: fit,
      x: padding.left + (room.width - bounds.width * fit) / 2 - bounds.x * fit,
      y: padding.top + (room.height - bounds.height * fit) / 2 - bounds.y * fit,
    };
  }
  return { zoom: READABLE_ZOOM, x: padding.left - bounds.x * READABLE_ZOOM, y: padding.top - bounds.y * READABLE_ZOOM };
}

/** A coordinate as the canvas draws it: within ±DRAWING_RANGE (lib/model/limits.ts). */
export function drawnCoordinate(value: number): number {
  return Math.max(-DRAWING_RANGE, Math.min(DRAWING_RANGE, value));
}

/** A position as the canvas draws it (see {@link drawnCoordinate}); the same object when nothing is cut. */
export function drawnPosition<P extends { readonly x: number; readonly y: number }>(position: P): P | { x: number; y: number } {
  const x = drawnCoordinate(position.x);
  const y = drawnCoordinate(position.y);
  return x === position.x && y === position.y ? position : { x, y };
}

/**
 * What the opening view frames: the stickies (the flow; a stray empty frame or note far from
 * them must not be where the board opens), without those drawn at the edge of the drawing range
 * (a position such as 1e308, valid in the file): framing them too opened the board on them, or
 * on nothing. When every sticky is out there, the other items; when everything is, everything.
 */
export function openingItems<N extends { readonly type?: string; readonly position: { readonly x: number; readonly y: number } }>(nodes: readonly N[]): N[] {
  const near = (n: N) => Math.abs(n.position.x) < DRAWING_RANGE && Math.abs(n.position.y) < DRAWING_RANGE;
  const stickies = nodes.filter((n) => n.type === "sticky");
  for (const candidates of [stickies.filter(near), nodes.filter(near), stickies]) if (candidates.length > 0) return candidates;
  return [...nodes];
}

/**
 * Flow units kept above a frame for its title, which is drawn outside it (`bottom: 100% + 4px`,
 * 20 px high at zoom 1, scaled up to keep its on-screen size when zoomed out: about 35 at
 * READABLE_ZOOM).
 */
export const FRAME_TITLE_ROOM = 40;

/** How far from the stickies a frame or note may start and still be framed with them (flow units). */
export const NEARBY_ROOM = 240;

/** A canvas node as the opening view reads it: React Flow's measured size first, else the size it was given. */
export interface OpeningNode {
  readonly type?: string;
  readonly position: { readonly x: number; readonly y: number };
  readonly width?: number;
  readonly height?: number;
  readonly measured?: { readonly width?: number; readonly height?: number };
}

/**
 * The rectangle the opening view frames (flow coordinates): the {@link openingItems}, with the
 * frames and notes that overlap them or lie within {@link NEARBY_ROOM} of them (a frame round the
 * flow, a note beside it: fitting the stickies alone cut them off at the top), each frame with
 * its title above it ({@link FRAME_TITLE_ROOM}). A stray frame or note far from the stickies
 * still does not count. Null when there is nothing.
 */
export function openingBounds<N extends OpeningNode>(nodes: readonly N[]): Rect | null {
  const core = openingItems(nodes);
  const coreRect = unionOf(core.map(rectOf));
  if (!coreRect) return null;
  const reach = { x: coreRect.x - NEARBY_ROOM, y: coreRect.y - NEARBY_ROOM, width: coreRect.width + 2 * NEARBY_ROOM, height: coreRect.height + 2 * NEARBY_ROOM };
  const coreSet = new Set<N>(core);
  const extra = nodes.filter((n) => !coreSet.has(n) && (n.type === "frame" || n.type === "note") && near(n) && intersects(rectOf(n), reach));
  return unionOf([...core, ...extra].map(rectOf));
}

function near(n: OpeningNode): boolean {
  return Math.abs(n.position.x) < DRAWING_RANGE && Math.abs(n.position.y) < DRAWING_RANGE;
}

/** A node's rectangle; a frame's reaches up over its title. */
function rectOf(n: OpeningNode): Rect {
  const width = n.measured?.width ?? n.width ?? 0;
  const height = n.measured?.height ?? n.height ?? 0;
  const title = n.type === "frame" ? FRAME_TITLE_ROOM : 0;
  return { x: n.position.x, y: n.position.y - title, width, height: height + title };
}

function intersects(a: Rect, b: Rect): boolean {
  return a.x <= b.x + b.width && b.x <= a.x + a.width && a.y <= b.y + b.height && b.y <= a.y + a.height;
}

function unionOf(rects: readonly Rect[]): Rect | null {
  if (rects.length === 0) return null;
  const left = Math.min(...rects.map((r) => r.x));
  const top = Math.min(...rects.map((r) => r.y));
  const right = Math.max(...rects.map((r) => r.x + r.width));
  const bottom = Math.max(...rects.map((r) => r.y + r.height));
  return { x: left, y: top, width: right - left, height: bottom - top };
}
