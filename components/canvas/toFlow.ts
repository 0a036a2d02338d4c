import type { Board } from "@/lib/model/schema";
import type { StickyFlowEdge, StickyFlowNode } from "./flowTypes";

export interface ProblemIndex {
  count: ReadonlyMap<string, number>;
  text: ReadonlyMap<string, string>;
}

/**
 * Board + selection → React Flow nodes. A node object is reused when its sticky, selection,
 * problem count and measured size are unchanged, so React Flow re-renders only what changed
 * (a drag of one sticky on a 500-sticky board touches one node).
 */
export function toFlowNodes(
  board: Board,
  selected: ReadonlySet<string>,
  problems: ProblemIndex,
  previous: readonly StickyFlowNode[],
): StickyFlowNode[] {
  const before = new Map(previous.map((n) => [n.id, n]));
  return board.nodes.map((node) => {
    const prev = before.get(node.id);
    const isSelected = selected.has(node.id);
    const count = problems.count.get(node.id) ?? 0;
    if (prev && prev.data.node === node && prev.selected === isSelected && prev.data.problems === count) return prev;
    return {
      id: node.id,
      type: "sticky",
      position: node.position,
      data: { node, problems: count, problemText: problems.text.get(node.id) ?? "" },
      selected: isSelected,
      measured: prev?.measured,
      width: prev?.width,
      height: prev?.height,
    };
  });
}

export function toFlowEdges(
  board: Board,
  selected: ReadonlySet<string>,
  invalid: ReadonlyMap<string, string>,
  previous: readonly StickyFlowEdge[],
): StickyFlowEdge[] {
  const before = new Map(previous.map((e) => [e.id, e]));
  return board.edges.map((edge) => {
    const prev = before.get(edge.id);
    const isSelected = selected.has(edge.id);
    const reason = invalid.get(edge.id) ?? null;
    if (
      prev && prev.source === edge.source && prev.target === edge.target && prev.label === edge.label &&
      prev.selected === isSelected && prev.data?.invalid === reason
    ) return prev;
    return { id: edge.id, type: "sticky", source: edge.source, target: edge.target, label: edge.label, selected: isSelected, data: { invalid: reason } };
  });
}
