import type { EventInfo } from "./analysisTypes";
import { nameKey } from "./names";
import type { Board, Frame, Position } from "./schema";

/*
 * Bounded contexts, from the board's frames. Membership is geometry, derived here and nowhere
 * else: the canvas (which frame a sticky is in, what moves with a frame), the inspector, the
 * design document, AsyncAPI, Mermaid and the SVG all read these functions.
 *
 * - A sticky or a note is in a frame when its anchor, a point `ANCHOR_INSET` inside its top-left
 *   corner, lies inside the frame's rectangle (edges included). The corner rather than the
 *   centre, because a sticky's size depends on its text and the model knows no text metrics.
 * - A frame is inside another when its whole rectangle is.
 * - Where frames nest, the innermost one (smallest area, then board order) is the context.
 * - One name, one thing: frames whose names have the same `nameKey` are one context (a context
 *   may be drawn as two frames), named by its first frame's trimmed name.
 */

/**
 * The colours a frame can be given from the palette (light, so stickies stay readable on them);
 * the file takes any `#rrggbb`. The first is what a frame without `color` is drawn in.
 */
export const FRAME_COLORS = ["#e7f5ff", "#ebfbee", "#fff9db", "#fff0f6", "#f3f0ff", "#f1f3f5"] as const;

/** The fill of a frame without a `color`. */
export function frameColor(frame: Pick<Frame, "color">): string {
  return frame.color ?? FRAME_COLORS[0];
}

/**
 * The least relative luminance (WCAG) a frame is filled with: about the palette's own
 * (`FRAME_COLORS`, 0.89-0.94). Under a darker fill the grey arrows (#868e96) and the stickies'
 * dark text would sink into the frame: a black frame hid the arrows drawn over it.
 */
export const FRAME_FILL_MIN_LUMINANCE = 0.85;

/**
 * What a frame is filled with, on the canvas and in the SVG: its colour ({@link frameColor}) as
 * it is when it is light enough, else that colour mixed with white just enough to reach
 * {@link FRAME_FILL_MIN_LUMINANCE} (a light tint of the same hue, `#rrggbb` lower case). Any
 * `#rrggbb` is a valid colour; this keeps every one of them readable behind arrows and stickies.
 */
export function frameFill(frame: Pick<Frame, "color">): string {
  const color = frameColor(frame);
  const rgb = [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16));
  if (rgb.some((c) => Number.isNaN(c)) || luminance(rgb) >= FRAME_FILL_MIN_LUMINANCE) return color;
  // The least white (in 1/256 steps) that lifts the colour to the minimum; white itself always does.
  let low = 0;
  let high = 256;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (luminance(towardWhite(rgb, mid / 256)) >= FRAME_FILL_MIN_LUMINANCE) high = mid;
    else low = mid + 1;
  }
  return `#${towardWhite(rgb, low / 256).map((c) => c.toString(16).padStart(2, "0")).join("")}`;
}

/** `rgb` (0-255 channels) mixed with white by `share` (0-1), rounded to whole channels. */
function towardWhite(rgb: readonly number[], share: number): number[] {
  return rgb.map((c) => Math.round(c + (255 - c) * share));
}

/** WCAG relative luminance of sRGB channels 0-255. */
function luminance(rgb: readonly number[]): number {
  const [r, g, b] = rgb.map((c) => {
    const v = c / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** How far inside a sticky's or note's top-left corner its anchor lies, in canvas pixels. */
export const ANCHOR_INSET = 20;

/** A bounded context: one or more frames of the same name. */
export interface BoundedContext {
  /** `nameKey` of the name: what makes two frames one context. */
  readonly key: string;
  /** The first frame's name, trimmed. */
  readonly name: string;
  /** The first frame's description, trimmed, or null. */
  readonly description: string | null;
  /** Ids of its frames, in board order. */
  readonly frameIds: readonly string[];
}

/** The contexts of a board and what each sticky, note and frame sits in. */
export interface ContextMap {
  /** Every context, in board order of its first frame. */
  readonly contexts: readonly BoundedContext[];
  /** The context of a sticky, a note or a frame (the frame around it, not itself), if any. */
  contextOf(id: string): BoundedContext | undefined;
  /** The innermost frame around a sticky, a note or a frame, if any. */
  frameOf(id: string): Frame | undefined;
}

/** The contexts of `board` (see the rules at the top of this file). */
export function boundedContexts(board: Pick<Board, "nodes" | "frames" | "notes">): ContextMap {
  const frames = board.frames ?? [];
  const contexts: BoundedContext[] = [];
  const byKey = new Map<string, BoundedContext & { frameIds: string[] }>();
  const contextOfFrame = new Map<string, BoundedContext>();
  for (const frame of frames) {
    const key = nameKey(frame.name);
    let context = byKey.get(key);
    if (!context) {
      context = { key, name: frame.name.trim(), description: frame.description?.trim() || null, frameIds: [] };
      byKey.set(key, context);
      contexts.push(context);
    }
    context.frameIds.push(frame.id);
    contextOfFrame.set(frame.id, context);
  }
  // Smallest first, so the first frame that holds a point is the innermost (sort is stable: board order breaks ties).
  const innermostFirst = [...frames].sort((a, b) => area(a) - area(b));
  const frameOf = new Map<string, Frame>();
  if (frames.length > 0) {
    for (const item of [...board.nodes, ...(board.notes ?? [])]) {
      const anchor = anchorOf(item.position);
      const frame = innermostFirst.find((candidate) => holdsPoint(candidate, anchor));
      if (frame) frameOf.set(item.id, frame);
    }
    for (const inner of frames) {
      const frame = innermostFirst.find((candidate) => encloses(frames, candidate, inner));
      if (frame) frameOf.set(inner.id, frame);
    }
  }
  return {
    contexts,
    frameOf: (id) => frameOf.get(id),
    contextOf: (id) => {
      const frame = frameOf.get(id);
      return frame ? contextOfFrame.get(frame.id) : undefined;
    },
  };
}

/**
 * What moves with a frame: the ids of the stickies, notes and frames inside it, at any depth
 * (a sticky in a nested frame is inside the outer one too). The frame itself is not listed.
 */
export function frameContents(board: Pick<Board, "nodes" | "frames" | "notes">, frameId: string): string[] {
  const frame = board.frames?.find((candidate) => candidate.id === frameId);
  if (!frame) return [];
  const inside: string[] = [];
  for (const item of [...board.nodes, ...(board.notes ?? [])]) {
    if (holdsPoint(frame, anchorOf(item.position))) inside.push(item.id);
  }
  for (const other of board.frames ?? []) {
    if (encloses(board.frames ?? [], frame, other)) inside.push(other.id);
  }
  return inside;
}

/**
 * How many stickies each frame holds, at any depth (the stickies {@link frameContents} moves with
 * it), by frame id; frames holding none are absent. One pass over the stickies for all frames.
 */
export function stickiesPerFrame(board: Pick<Board, "nodes" | "frames">): Map<string, number> {
  const counts = new Map<string, number>();
  const frames = board.frames ?? [];
  if (frames.length === 0) return counts;
  for (const node of board.nodes) {
    const anchor = anchorOf(node.position);
    for (const frame of frames) if (holdsPoint(frame, anchor)) counts.set(frame.id, (counts.get(frame.id) ?? 0) + 1);
  }
  return counts;
}

/** Where an event is produced and consumed, in contexts. */
export interface EventContexts {
  /** The context of the event's first sticky, else of its first producer that has one. */
  readonly producing: BoundedContext | null;
  /** The contexts of its consumers, each once, in the order of the consumers. */
  readonly consuming: readonly BoundedContext[];
}

/**
 * The producing and consuming contexts of an analysed event. An event sticky placed in a frame
 * is that context's event (event storming puts it on the producer's side); an event drawn
 * outside every frame takes its producer's context.
 */
export function eventContexts(map: ContextMap, event: Pick<EventInfo, "nodeIds" | "producers" | "consumers">): EventContexts {
  const own = event.nodeIds.map((id) => map.contextOf(id)).find((context) => context !== undefined);
  const producing = own ?? event.producers.map((producer) => map.contextOf(producer.nodeId)).find((context) => context !== undefined) ?? null;
  const consuming: BoundedContext[] = [];
  for (const consumer of event.consumers) {
    const context = map.contextOf(consumer.nodeId);
    if (context && !consuming.includes(context)) consuming.push(context);
  }
  return { producing, consuming };
}

function anchorOf(position: Position): Position {
  return { x: position.x + ANCHOR_INSET, y: position.y + ANCHOR_INSET };
}

function area(frame: Frame): number {
  return frame.size.width * frame.size.height;
}

function holdsPoint(frame: Frame, point: Position): boolean {
  return (
    point.x >= frame.position.x &&
    point.x <= frame.position.x + frame.size.width &&
    point.y >= frame.position.y &&
    point.y <= frame.position.y + frame.size.height
  );
}

function holdsFrame(outer: Frame, inner: Frame): boolean {
  return (
    holdsPoint(outer, inner.position) &&
    holdsPoint(outer, { x: inner.position.x + inner.size.width, y: inner.position.y + inner.size.height })
  );
}

/**
 * Is `inner` inside `outer`? Its whole rectangle must be; of two frames drawn on the same
 * rectangle, the later in board order is inside the earlier, so no two frames hold each other.
 */
function encloses(frames: readonly Frame[], outer: Frame, inner: Frame): boolean {
  if (outer === inner || !holdsFrame(outer, inner)) return false;
  if (!holdsFrame(inner, outer)) return true;
  return frames.indexOf(outer) < frames.indexOf(inner);
}
