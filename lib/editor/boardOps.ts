import type { Board, BoardNode, Edge, Position } from "../model/schema";

/**
 * Pure edits of a board. Each returns a new board (unchanged parts keep their identity, so the
 * canvas re-renders only what moved) or the same board when nothing changed.
 */

export function addNodes(board: Board, nodes: BoardNode[], edges: Edge[] = []): Board {
  if (nodes.length === 0 && edges.length === 0) return board;
  return { ...board, nodes: [...board.nodes, ...nodes], edges: [...board.edges, ...edges] };
}

/** Removes nodes and edges; edges attached to a removed node go with it. */
export function removeElements(board: Board, nodeIds: ReadonlySet<string>, edgeIds: ReadonlySet<string>): Board {
  if (nodeIds.size === 0 && edgeIds.size === 0) return board;
  const nodes = board.nodes.filter((n) => !nodeIds.has(n.id));
  const edges = board.edges.filter((e) => !edgeIds.has(e.id) && !nodeIds.has(e.source) && !nodeIds.has(e.target));
  if (nodes.length === board.nodes.length && edges.length === board.edges.length) return board;
  return { ...board, nodes, edges };
}

/** Replaces one node by `update(node)`; the kind and id cannot change. */
export function updateNode(board: Board, id: string, update: (node: BoardNode) => BoardNode): Board {
  const index = board.nodes.findIndex((n) => n.id === id);
  if (index < 0) return board;
  const current = board.nodes[index]!;
  const next = update(current);
  if (next === current) return board;
  const nodes = board.nodes.slice();
  nodes[index] = { ...next, id: current.id, kind: current.kind } as BoardNode;
  return { ...board, nodes };
}

export function moveNodes(board: Board, positions: ReadonlyMap<string, Position>): Board {
  if (positions.size === 0) return board;
  let changed = false;
  const nodes = board.nodes.map((n) => {
    const p = positions.get(n.id);
    if (!p || (p.x === n.position.x && p.y === n.position.y)) return n;
    changed = true;
    return { ...n, position: { x: p.x, y: p.y } };
  });
  return changed ? { ...board, nodes } : board;
}

export function addEdge(board: Board, edge: Edge): Board {
  const duplicate = board.edges.some((e) => e.source === edge.source && e.target === edge.target);
  return duplicate ? board : { ...board, edges: [...board.edges, edge] };
}

/**
 * Copies of `nodes` (and the edges among them) with fresh ids, shifted by `offset`: what paste
 * and duplicate insert.
 */
/** How far a paste that would land exactly on earlier stickies is cascaded, as design tools do. */
export const PASTE_CASCADE = 24;

/**
 * `offset`, moved down-right by {@link PASTE_CASCADE} until no pasted sticky would sit exactly
 * where one already is: pasting twice at the same spot gives a visible second copy, not a hidden one.
 */
export function cascadeOffset(board: Board, nodes: readonly BoardNode[], offset: Position): Position {
  const taken = new Set(board.nodes.map((n) => `${n.position.x},${n.position.y}`));
  const lands = (o: Position) => nodes.some((n) => taken.has(`${n.position.x + o.x},${n.position.y + o.y}`));
  let at = offset;
  // Bounded: a board has finitely many stickies, and a paste must never hang the page.
  for (let i = 0; i < 1000 && lands(at); i++) at = { x: at.x + PASTE_CASCADE, y: at.y + PASTE_CASCADE };
  return at;
}

export function cloneElements(
  nodes: readonly BoardNode[],
  edges: readonly Edge[],
  offset: Position,
  newId: (prefix: string) => string,
): { nodes: BoardNode[]; edges: Edge[] } {
  const idMap = new Map<string, string>();
  const clonedNodes = nodes.map((n) => {
    const id = newId(n.id.split("-")[0] || "node");
    idMap.set(n.id, id);
    return { ...structuredClone(n), id, position: { x: n.position.x + offset.x, y: n.position.y + offset.y } } as BoardNode;
  });
  const clonedEdges = edges
    .filter((e) => idMap.has(e.source) && idMap.has(e.target))
    .map((e) => ({ ...e, id: newId("e"), source: idMap.get(e.source)!, target: idMap.get(e.target)! }));
  return { nodes: clonedNodes, edges: clonedEdges };
}
