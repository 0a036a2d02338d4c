import { PARTICIPANT_KINDS } from "../model/analyze";
import { checkConnection } from "../model/grammar";
import { EDGE_ID_PREFIX, nodeIdPrefix } from "../model/ids";
import { sagaArrowTo } from "../model/sagaEdges";
import type { Board, BoardNode, Edge, Frame, Note, Position, SagaStep } from "../model/schema";

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

/** What copy, paste and duplicate carry: stickies, the edges among them, frames and notes. */
export interface Elements {
  readonly nodes: readonly BoardNode[];
  readonly edges: readonly Edge[];
  readonly frames?: readonly Frame[];
  readonly notes?: readonly Note[];
}

/** How far a paste that would land exactly on earlier stickies is cascaded, as design tools do. */
export const PASTE_CASCADE = 24;

/** Every sticky, frame and note of `elements`, in that order. */
function placed(elements: Pick<Elements, "nodes" | "frames" | "notes">): { readonly position: Position }[] {
  return [...elements.nodes, ...(elements.frames ?? []), ...(elements.notes ?? [])];
}

/**
 * `offset`, moved down-right by {@link PASTE_CASCADE} until no pasted sticky, frame or note would
 * sit exactly where one already is: pasting twice at the same spot gives a visible second copy,
 * not a hidden one.
 */
export function cascadeOffset(board: Board, elements: Pick<Elements, "nodes" | "frames" | "notes">, offset: Position): Position {
  const taken = new Set(placed(board).map((n) => `${n.position.x},${n.position.y}`));
  const items = placed(elements);
  const lands = (o: Position) => items.some((n) => taken.has(`${n.position.x + o.x},${n.position.y + o.y}`));
  let at = offset;
  // Bounded: a board has finitely many stickies, and a paste must never hang the page.
  for (let i = 0; i < 1000 && lands(at); i++) at = { x: at.x + PASTE_CASCADE, y: at.y + PASTE_CASCADE };
  return at;
}

/**
 * Copies of `elements` with fresh ids (a sticky's from its kind's prefix, a frame's and a note's
 * from `framePrefix` and `notePrefix`), shifted by `offset`; edges are copied when both their ends
 * are: what paste and duplicate insert.
 */
export function cloneElements(
  elements: Elements,
  offset: Position,
  newId: (prefix: string) => string,
  prefixes: { frame: string; note: string } = { frame: "frame", note: "note" },
): { nodes: BoardNode[]; edges: Edge[]; frames: Frame[]; notes: Note[] } {
  const idMap = new Map<string, string>();
  const shift = (p: Position): Position => ({ x: p.x + offset.x, y: p.y + offset.y });
  const nodes = elements.nodes.map((n) => {
    const id = newId(nodeIdPrefix(n.kind));
    idMap.set(n.id, id);
    return { ...structuredClone(n), id, position: shift(n.position) } as BoardNode;
  });
  const frames = (elements.frames ?? []).map((f) => ({ ...structuredClone(f), id: newId(prefixes.frame), position: shift(f.position) }));
  const notes = (elements.notes ?? []).map((n) => ({ ...n, id: newId(prefixes.note), position: shift(n.position) }));
  const edges = elements.edges
    .filter((e) => idMap.has(e.source) && idMap.has(e.target))
    .map((e) => ({ ...e, id: newId(EDGE_ID_PREFIX), source: idMap.get(e.source)!, target: idMap.get(e.target)! }));
  return { nodes, edges, frames, notes };
}

/** `board` with `elements` appended (stickies, edges, frames, notes), as one edit. */
export function addElements(board: Board, elements: { nodes: BoardNode[]; edges: Edge[]; frames: Frame[]; notes: Note[] }): Board {
  let next = addNodes(board, elements.nodes, elements.edges);
  if (elements.frames.length > 0) next = { ...next, frames: [...(next.frames ?? []), ...elements.frames] };
  if (elements.notes.length > 0) next = { ...next, notes: [...(next.notes ?? []), ...elements.notes] };
  return next;
}

// ---------------------------------------------------------------------------
// Saga participants
// ---------------------------------------------------------------------------

/**
 * Whether an edge from the saga sticky `sagaId` reaches participant `targetId` or a sticky merged
 * with it (same kind, same name): the model's rule for the arrow a step travels (sagaEdges.ts).
 */
export function sagaReaches(board: Board, sagaId: string, targetId: string): boolean {
  return sagaArrowTo(board, sagaId, targetId) !== null;
}

/**
 * `board` with an edge from the saga to `participantId`, unless an edge already reaches it (or a
 * sticky merged with it) or the grammar refuses the pair. `newEdgeId` is called only when an edge
 * is added. Never removes an edge.
 */
export function connectSagaTo(board: Board, sagaId: string, participantId: string, newEdgeId: () => string): Board {
  const saga = board.nodes.find((n) => n.id === sagaId);
  const participant = board.nodes.find((n) => n.id === participantId);
  if (!saga || !participant || saga.kind !== "saga" || !(PARTICIPANT_KINDS as readonly string[]).includes(participant.kind)) return board;
  if (!checkConnection(saga.kind, participant.kind).ok) return board;
  if (sagaReaches(board, sagaId, participantId)) return board;
  return addEdge(board, { id: newEdgeId(), source: sagaId, target: participantId });
}

/** `board` with `update` applied to the steps of saga `sagaId` (the same board when nothing changes). */
function updateSteps(board: Board, sagaId: string, update: (steps: SagaStep[]) => SagaStep[]): Board {
  return updateNode(board, sagaId, (n) => {
    if (n.kind !== "saga") return n;
    const steps = update(n.steps);
    return steps === n.steps ? n : { ...n, steps };
  });
}

/**
 * Sets the participant of step `index` of saga `sagaId` (`undefined` removes it) and, when a
 * participant is set, connects the saga to it (see {@link connectSagaTo}; also when the step
 * already named it but no edge showed it): one edit, so one undo step. No such step: no change.
 */
export function setStepParticipant(
  board: Board,
  sagaId: string,
  index: number,
  participantId: string | undefined,
  newEdgeId: () => string,
): Board {
  const saga = board.nodes.find((n) => n.id === sagaId);
  if (saga?.kind !== "saga" || !saga.steps[index]) return board;
  const next = updateSteps(board, sagaId, (steps) => {
    const step = steps[index];
    if (!step || step.participant === participantId) return steps;
    const { participant: _, ...rest } = step;
    const copy = steps.slice();
    copy[index] = participantId === undefined ? rest : { ...rest, participant: participantId };
    return copy;
  });
  return participantId === undefined ? next : connectSagaTo(next, sagaId, participantId, newEdgeId);
}

/** Appends `step` to saga `sagaId` and connects the saga to its participant, if it has one. */
export function addSagaStep(board: Board, sagaId: string, step: SagaStep, newEdgeId: () => string): Board {
  const next = updateSteps(board, sagaId, (steps) => [...steps, step]);
  if (next === board || step.participant === undefined) return next;
  return connectSagaTo(next, sagaId, step.participant, newEdgeId);
}

