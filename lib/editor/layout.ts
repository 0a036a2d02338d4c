import type { ELK as ElkEngine } from "elkjs/lib/elk-api";
import { boundedContexts } from "../model/boundedContexts";
import type { Board, Position } from "../model/schema";

export interface Size {
  width: number;
  height: number;
}

/**
 * The engine is loaded on first use: elkjs is about 1.5 MB of script, and parsing it with the
 * board page made a 500-sticky board open hundreds of milliseconds later, for a button most
 * visits never press.
 */
let engine: Promise<ElkEngine> | null = null;
function loadElk(): Promise<ElkEngine> {
  engine ??= import("elkjs/lib/elk.bundled.js").then(
    ({ default: ELK }) => new ELK(),
    (err: unknown) => {
      engine = null; // a failed chunk load is retried on the next press
      throw err;
    },
  );
  return engine;
}
const FALLBACK: Size = { width: 170, height: 70 };

/** How far right of the rightmost frame the laid-out stickies start. */
export const LAYOUT_GAP_FROM_FRAMES = 120;

/**
 * Left-to-right layered layout (elkjs): commands before aggregates before events before their
 * consumers, as an event-storming timeline reads. Returns the new top-left of every sticky it
 * moves; hotspots and other unconnected stickies are placed too.
 *
 * Frames are the facilitator's own layout, and which context a sticky is in is read from where it
 * stands (lib/model/boundedContexts.ts): a layout that moved framed stickies would silently move
 * them between contexts. So frames, notes and the stickies inside a frame stay where they are;
 * only the stickies outside every frame are laid out, and they are placed right of the rightmost
 * frame, so that none lands in a frame on the way.
 */
export async function layoutBoard(board: Board, sizes: ReadonlyMap<string, Size>): Promise<Map<string, Position>> {
  const map = boundedContexts(board);
  const free = board.nodes.filter((n) => map.frameOf(n.id) === undefined);
  const positions = await layoutStickies({ ...board, nodes: free }, sizes);
  const frames = board.frames ?? [];
  if (frames.length === 0 || positions.size === 0) return positions;
  const right = Math.max(...frames.map((f) => f.position.x + f.size.width)) + LAYOUT_GAP_FROM_FRAMES;
  const top = Math.min(...frames.map((f) => f.position.y));
  const left = Math.min(...[...positions.values()].map((p) => p.x));
  const upper = Math.min(...[...positions.values()].map((p) => p.y));
  for (const [id, p] of positions) positions.set(id, { x: p.x - left + right, y: p.y - upper + top });
  return positions;
}

async function layoutStickies(board: Pick<Board, "nodes" | "edges">, sizes: ReadonlyMap<string, Size>): Promise<Map<string, Position>> {
  const ids = new Set(board.nodes.map((n) => n.id));
  const graph = {
    id: "root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "RIGHT",
      "elk.spacing.nodeNode": "40",
      "elk.layered.spacing.nodeNodeBetweenLayers": "80",
      "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
      "elk.layered.crossingMinimization.semiInteractive": "true",
      "elk.separateConnectedComponents": "true",
      "elk.spacing.componentComponent": "60",
    },
    children: board.nodes.map((n) => ({ id: n.id, ...(sizes.get(n.id) ?? FALLBACK) })),
    edges: board.edges
      .filter((e) => ids.has(e.source) && ids.has(e.target) && e.source !== e.target)
      .map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  };
  const result = await (await loadElk()).layout(graph);
  const positions = new Map<string, Position>();
  for (const child of result.children ?? []) {
    positions.set(child.id, { x: Math.round(child.x ?? 0), y: Math.round(child.y ?? 0) });
  }
  return positions;
}
