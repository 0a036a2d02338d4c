import { frameContents } from "../model/boundedContexts";
import { LIMITS } from "../model/limits";
import type { Board, Frame, Note, Position } from "../model/schema";
import { moveNodes } from "./boardOps";
import { firstFreeName } from "./newNode";

/*
 * Pure edits of a board's frames (bounded contexts) and free text notes, in the style of
 * boardOps.ts: each returns a new board, or the same board when nothing changed. Which sticky is
 * in which frame is never decided here: lib/model/boundedContexts.ts is the one place for that.
 */

/**
 * The name a new frame starts from; "Context 2", "Context 3" … while it is taken (see
 * {@link uniqueFrameName}). The English one: the canvas passes its UI language's word
 * (components/canvas/strings.ts `defaultFrameName`).
 */
export const DEFAULT_FRAME_NAME = "Context";
/** The text a new note starts with (selected in its editor, so the first key replaces it); the canvas passes its language's. */
export const DEFAULT_NOTE_TEXT = "Note";
/** A frame drawn on the empty canvas: room for a handful of stickies. */
export const DEFAULT_FRAME_SIZE = { width: 560, height: 360 } as const;
/** Room left between a wrapped selection and the frame drawn around it. */
export const FRAME_PADDING = 40;
/** What a sticky or note measures when the canvas has not measured it (the layout's fallback too). */
export const FALLBACK_SIZE = { width: 170, height: 70 } as const;

/** A rectangle on the canvas, top-left and size. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * A frame name no frame on the board has yet (by `nameKey`): frames of one name are one context,
 * so a second fresh frame must not silently join the first one's context. `base` is the UI's
 * word for it (`Context`, `컨텍스트`), numbered `<base> 2`, `<base> 3` … while taken.
 */
export function uniqueFrameName(frames: readonly Pick<Frame, "name">[] | undefined, base: string = DEFAULT_FRAME_NAME): string {
  return firstFreeName(base, (frames ?? []).map((f) => f.name), " ");
}

/** A frame length within the schema's limits, in whole pixels. */
function clampLength(length: number): number {
  return Math.min(LIMITS.frameSize, Math.max(LIMITS.frameMinSize, Math.round(length)));
}

/** Room above a frame nested at the top of a new one, so that the two titles do not sit on each other. */
const TITLE_ROOM = 40;

/** What else is on the board where a frame is drawn around a selection. */
export interface Surroundings {
  /** Anchors (lib/model ANCHOR_INSET) of the stickies and notes not selected: they must stay out. */
  readonly outside?: readonly Position[];
  /** Frames on the board: one that ends up inside the new frame near its top gets room for its title. */
  readonly frames?: readonly Box[];
}

/**
 * The frame rectangle around `boxes` with `padding` on every side (a facilitator's "draw a
 * boundary around these"), or null for no boxes. Whole pixels, sizes within the schema's limits.
 * A side comes in where the padding would take in a sticky or note that was not selected (the
 * Order template's stickies stand 10 px apart), since being inside a frame is being in its
 * context; and the top goes up where a frame inside would have its title under the new one's.
 */
export function frameAround(boxes: readonly Box[], padding = FRAME_PADDING, around: Surroundings = {}): Pick<Frame, "position" | "size"> | null {
  if (boxes.length === 0) return null;
  const inner = {
    left: Math.min(...boxes.map((b) => b.x)),
    top: Math.min(...boxes.map((b) => b.y)),
    right: Math.max(...boxes.map((b) => b.x + b.width)),
    bottom: Math.max(...boxes.map((b) => b.y + b.height)),
  };
  let left = inner.left - padding;
  let top = inner.top - padding;
  let right = inner.right + padding;
  let bottom = inner.bottom + padding;
  for (const frame of around.frames ?? []) {
    const holds = frame.x >= left && frame.y >= top && frame.x + frame.width <= right && frame.y + frame.height <= bottom;
    if (holds && frame.y - top < TITLE_ROOM) top = frame.y - TITLE_ROOM;
  }
  for (const point of around.outside ?? []) {
    if (point.x < left || point.x > right || point.y < top || point.y > bottom) continue;
    // Out by the nearest side that does not cut into the selection; a point within the selection's
    // own bounds cannot be left out (overlapping stickies), and stays.
    if (point.x > inner.right) right = point.x - 1;
    else if (point.x < inner.left) left = point.x + 1;
    else if (point.y > inner.bottom) bottom = point.y - 1;
    else if (point.y < inner.top) top = point.y + 1;
  }
  const x = Math.floor(left);
  const y = Math.floor(top);
  return { position: { x, y }, size: { width: clampLength(Math.ceil(right) - x), height: clampLength(Math.ceil(bottom) - y) } };
}

export function addFrame(board: Board, frame: Frame): Board {
  return { ...board, frames: [...(board.frames ?? []), frame] };
}

/** Replaces one frame by `update(frame)`; the id cannot change. */
export function updateFrame(board: Board, id: string, update: (frame: Frame) => Frame): Board {
  const frames = board.frames ?? [];
  const index = frames.findIndex((f) => f.id === id);
  if (index < 0) return board;
  const current = frames[index]!;
  const next = update(current);
  if (next === current) return board;
  const copy = frames.slice();
  copy[index] = { ...next, id: current.id };
  return { ...board, frames: copy };
}

/**
 * A frame's new rectangle (a resize from any side moves its top-left too). The size is kept
 * within the schema's limits, so a resize can never make the board unsavable.
 */
export function resizeFrame(board: Board, id: string, position: Position, size: Frame["size"]): Board {
  const width = clampLength(size.width);
  const height = clampLength(size.height);
  const x = Math.round(position.x);
  const y = Math.round(position.y);
  return updateFrame(board, id, (f) =>
    f.position.x === x && f.position.y === y && f.size.width === width && f.size.height === height
      ? f
      : { ...f, position: { x, y }, size: { width, height } },
  );
}

export function addNote(board: Board, note: Note): Board {
  return { ...board, notes: [...(board.notes ?? []), note] };
}

/** Replaces one note by `update(note)`; the id cannot change. */
export function updateNote(board: Board, id: string, update: (note: Note) => Note): Board {
  const notes = board.notes ?? [];
  const index = notes.findIndex((n) => n.id === id);
  if (index < 0) return board;
  const current = notes[index]!;
  const next = update(current);
  if (next === current) return board;
  const copy = notes.slice();
  copy[index] = { ...next, id: current.id };
  return { ...board, notes: copy };
}

/**
 * Removes the frames and notes named in `ids`, and nothing else: deleting a frame leaves its
 * stickies where they are (they just leave the context). A list left empty is dropped, so a
 * board that had no frames is byte-identical again after adding and deleting one.
 */
export function removeFramesAndNotes(board: Board, ids: ReadonlySet<string>): Board {
  // Unchanged lists keep their identity (the canvas re-renders only what changed).
  const keep = <T extends { id: string }>(list: T[] | undefined): T[] | undefined => {
    const kept = list?.filter((item) => !ids.has(item.id));
    return kept && kept.length === list!.length ? list : kept;
  };
  const frames = keep(board.frames);
  const notes = keep(board.notes);
  if (frames === board.frames && notes === board.notes) return board;
  const { frames: _f, notes: _n, ...rest } = board;
  return {
    ...rest,
    ...(frames && frames.length > 0 ? { frames } : {}),
    ...(notes && notes.length > 0 ? { notes } : {}),
  };
}

/** Moves stickies, frames and notes to the given top-left positions (whole pixels), in one edit. */
export function moveElements(board: Board, positions: ReadonlyMap<string, Position>): Board {
  if (positions.size === 0) return board;
  let next = moveNodes(board, positions);
  const moved = <T extends { id: string; position: Position }>(items: readonly T[] | undefined): T[] | undefined => {
    if (!items) return undefined;
    let changed = false;
    const out = items.map((item) => {
      const p = positions.get(item.id);
      if (!p) return item;
      const x = Math.round(p.x);
      const y = Math.round(p.y);
      if (x === item.position.x && y === item.position.y) return item;
      changed = true;
      return { ...item, position: { x, y } };
    });
    return changed ? out : undefined;
  };
  const frames = moved(next.frames);
  const notes = moved(next.notes);
  if (frames) next = { ...next, frames };
  if (notes) next = { ...next, notes };
  return next;
}

/** The position of a sticky, frame or note, by id. */
export function positionOf(board: Board, id: string): Position | undefined {
  return (
    board.nodes.find((n) => n.id === id)?.position ??
    board.frames?.find((f) => f.id === id)?.position ??
    board.notes?.find((n) => n.id === id)?.position
  );
}

/** What follows a frame being dragged: where each of its contents started, and which frame it follows. */
export type Followers = ReadonlyMap<string, { frameId: string; start: Position; frameStart: Position }>;

/**
 * The contents (`frameContents`, at any depth) of the frames among `ids`, as they are on `board`
 * now: taken once when a drag starts, so stickies the frame passes over on the way are not picked up.
 */
export function followersOf(board: Board, ids: Iterable<string>): Followers {
  const out = new Map<string, { frameId: string; start: Position; frameStart: Position }>();
  for (const id of ids) {
    const frame = board.frames?.find((f) => f.id === id);
    if (!frame) continue;
    for (const inner of frameContents(board, id)) {
      const start = positionOf(board, inner);
      if (start && !out.has(inner)) out.set(inner, { frameId: id, start, frameStart: frame.position });
    }
  }
  return out;
}

/**
 * Where the followers are once their frames are at `framePositions`: each moved by its frame's
 * delta. A follower that is itself dragged gets the same delta, so nothing moves twice.
 */
export function followerPositions(followers: Followers, framePositions: ReadonlyMap<string, Position>): Map<string, Position> {
  const out = new Map<string, Position>();
  for (const [id, { frameId, start, frameStart }] of followers) {
    const now = framePositions.get(frameId);
    if (!now) continue;
    out.set(id, { x: Math.round(start.x + now.x - frameStart.x), y: Math.round(start.y + now.y - frameStart.y) });
  }
  return out;
}

/**
 * `positions` applied, and every frame among them taking its contents along by the same delta:
 * a frame dragged on the canvas, as one edit (one undo step).
 */
export function moveWithContents(board: Board, positions: ReadonlyMap<string, Position>): Board {
  const followers = followersOf(board, positions.keys());
  if (followers.size === 0) return moveElements(board, positions);
  const all = new Map(followerPositions(followers, positions));
  for (const [id, p] of positions) all.set(id, p);
  return moveElements(board, all);
}
