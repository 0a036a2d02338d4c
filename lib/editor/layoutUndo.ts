/*
 * Undoing an auto-layout brings the stickies back where they were, but the view stayed where the
 * layout had put it: on a large board the canvas showed nothing. The workspace marks the
 * positions before and after a layout, and when an undo or redo (the store's history or a
 * co-editing session's, so it is read from the board, not from either) takes every laid-out
 * sticky from one side to the other, it fits the view as after the layout itself.
 */

import type { Board, Position } from "../model/schema";

/** Where the stickies a layout moved stood before it, and where it put them. */
export interface LayoutMark {
  readonly before: ReadonlyMap<string, Position>;
  readonly after: ReadonlyMap<string, Position>;
}

/** Which side of a layout a board is on. */
export type LayoutSide = "before" | "after" | null;

/** Every sticky, frame and note's position by id. */
function positionsOf(board: Board): Map<string, Position> {
  const positions = new Map<string, Position>();
  for (const item of [...board.nodes, ...(board.frames ?? []), ...(board.notes ?? [])]) positions.set(item.id, item.position);
  return positions;
}

/** The mark of a layout that took `before` to `after`, over the items whose position it changed (null: it moved nothing). */
export function layoutMark(before: Board, after: Board): LayoutMark | null {
  const was = positionsOf(before);
  const moved = { before: new Map<string, Position>(), after: new Map<string, Position>() };
  for (const [id, at] of positionsOf(after)) {
    const from = was.get(id);
    if (from && (from.x !== at.x || from.y !== at.y)) {
      moved.before.set(id, from);
      moved.after.set(id, at);
    }
  }
  return moved.after.size > 0 ? moved : null;
}

/**
 * `board`'s side of the layout `mark`: "before" when every item the layout moved is where it was,
 * "after" when every one is where the layout put it, else null (something was moved since, or
 * deleted: an undo then is not the layout's).
 */
export function layoutSide(board: Board, mark: LayoutMark): LayoutSide {
  const now = positionsOf(board);
  const on = (side: ReadonlyMap<string, Position>) => {
    for (const [id, at] of side) {
      const p = now.get(id);
      if (!p || p.x !== at.x || p.y !== at.y) return false;
    }
    return true;
  };
  return on(mark.after) ? "after" : on(mark.before) ? "before" : null;
}

/** Whether going from `was` to `now` is the layout undone or redone: then the view is fitted again. */
export function crossedLayout(was: LayoutSide, now: LayoutSide): boolean {
  return was !== null && now !== null && was !== now;
}
