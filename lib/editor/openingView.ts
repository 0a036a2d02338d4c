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
