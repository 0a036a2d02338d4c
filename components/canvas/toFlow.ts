import { boundedContexts, stickiesPerFrame } from "@/lib/model/boundedContexts";
import { isolateBidi } from "@/lib/model/bidi";
import type { Board } from "@/lib/model/schema";
import { drawnPosition } from "@/lib/editor/openingView";
import type { BoardFlowNode, FrameFlowNode, NoteFlowNode, StickyFlowEdge, StickyFlowNode } from "./flowTypes";

export interface ProblemIndex {
  count: ReadonlyMap<string, number>;
  text: ReadonlyMap<string, string>;
}

/*
 * Stacking, set here rather than by React Flow's "raise the selected node": frames lie behind
 * the edges (a negative z-index), outer frames behind the frames nested in them; stickies and
 * notes above, a selected one above the rest. React Flow's own raise (elevateNodesOnSelect,
 * +1000) is off on the canvas, because it lifted a selected frame over its own stickies.
 */
const FRAME_Z = -1000;
const SELECTED_Z = 1000;

/**
 * Board + selection → React Flow nodes: frames first, then stickies, then notes. A node object is
 * reused when its item, selection, problem count and measured size are unchanged, so React Flow
 * re-renders only what changed (a drag of one sticky on a 500-sticky board touches one node).
 */
export function toFlowNodes(
  board: Board,
  selected: ReadonlySet<string>,
  problems: ProblemIndex,
  previous: readonly BoardFlowNode[],
): BoardFlowNode[] {
  const before = new Map(previous.map((n) => [n.id, n]));
  const frames = board.frames ?? [];
  const contexts = frames.length > 0 ? boundedContexts(board) : null;
  // How deep a frame is nested, and how many stickies it holds: from the model's one rule.
  const depth = (id: string) => {
    let d = 0;
    for (let f = contexts?.frameOf(id); f && d < frames.length; f = contexts?.frameOf(f.id)) d++;
    return d;
  };
  const held = stickiesPerFrame(board);
  const frameNodes = frames.map((frame): FrameFlowNode => {
    const prev = before.get(frame.id);
    const isSelected = selected.has(frame.id);
    const stickies = held.get(frame.id) ?? 0;
    const zIndex = FRAME_Z + depth(frame.id);
    if (prev?.type === "frame" && prev.data.frame === frame && prev.selected === isSelected && prev.data.stickies === stickies && prev.zIndex === zIndex) return prev;
    return {
      id: frame.id,
      type: "frame",
      position: drawnPosition(frame.position),
      data: { frame, stickies },
      selected: isSelected,
      zIndex,
      width: frame.size.width,
      height: frame.size.height,
      measured: prev?.measured,
    };
  });
  const stickyNodes = board.nodes.map((node): StickyFlowNode => {
    const prev = before.get(node.id);
    const isSelected = selected.has(node.id);
    const count = problems.count.get(node.id) ?? 0;
    const problemText = problems.text.get(node.id) ?? "";
    // The text too: the same count can come with other problems, or in the other language.
    if (prev?.type === "sticky" && prev.data.node === node && prev.selected === isSelected && prev.data.problems === count && prev.data.problemText === problemText) return prev;
    return {
      id: node.id,
      type: "sticky",
      position: drawnPosition(node.position),
      data: { node, problems: count, problemText },
      selected: isSelected,
      zIndex: isSelected ? SELECTED_Z : 0,
      measured: prev?.measured,
      width: prev?.width,
      height: prev?.height,
    };
  });
  const noteNodes = (board.notes ?? []).map((note): NoteFlowNode => {
    const prev = before.get(note.id);
    const isSelected = selected.has(note.id);
    if (prev?.type === "note" && prev.data.note === note && prev.selected === isSelected) return prev;
    return {
      id: note.id,
      type: "note",
      position: drawnPosition(note.position),
      data: { note },
      selected: isSelected,
      zIndex: isSelected ? SELECTED_Z : 0,
      measured: prev?.measured,
      width: prev?.width,
      height: prev?.height,
    };
  });
  return [...frameNodes, ...stickyNodes, ...noteNodes];
}

export function toFlowEdges(
  board: Board,
  selected: ReadonlySet<string>,
  invalid: ReadonlyMap<string, string>,
  previous: readonly StickyFlowEdge[],
  /** The arrow's name for screen readers, from its two stickies' names, in the UI's language. */
  ariaOf: (from: string, to: string) => string,
): StickyFlowEdge[] {
  const before = new Map(previous.map((e) => [e.id, e]));
  const names = new Map<string, string>(board.nodes.map((node) => [node.id, node.name.trim()]));
  return board.edges.map((edge) => {
    const prev = before.get(edge.id);
    const isSelected = selected.has(edge.id);
    const reason = invalid.get(edge.id) ?? null;
    const ariaLabel = ariaOf(isolateBidi(names.get(edge.source) ?? edge.source), isolateBidi(names.get(edge.target) ?? edge.target));
    if (
      prev && prev.source === edge.source && prev.target === edge.target && prev.label === edge.label &&
      prev.selected === isSelected && prev.data?.invalid === reason && prev.ariaLabel === ariaLabel
    ) return prev;
    return { id: edge.id, type: "sticky", source: edge.source, target: edge.target, label: edge.label, ariaLabel, selected: isSelected, data: { invalid: reason } };
  });
}
