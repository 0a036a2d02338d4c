import type { ELK as ElkEngine } from "elkjs/lib/elk-api";
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

/**
 * Left-to-right layered layout (elkjs): commands before aggregates before events before their
 * consumers, as an event-storming timeline reads. Returns the new top-left of every sticky;
 * hotspots and other unconnected stickies are placed too.
 */
export async function layoutBoard(board: Board, sizes: ReadonlyMap<string, Size>): Promise<Map<string, Position>> {
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
