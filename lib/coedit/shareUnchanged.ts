import type { Board } from "../model/schema";
import { sameJson } from "./boardDoc";

/**
 * `next` with every sticky and edge that did not change taken from `previous` (same object), and
 * `previous` itself when nothing changed: the canvas redraws only what someone else touched
 * (components/canvas/toFlow.ts keeps object identity per sticky).
 */
export function shareUnchanged(previous: Board, next: Board): Board {
  const oldNodes = new Map(previous.nodes.map((n) => [n.id, n]));
  const oldEdges = new Map(previous.edges.map((e) => [e.id, e]));
  let same = previous.nodes.length === next.nodes.length && previous.edges.length === next.edges.length;
  const nodes = next.nodes.map((n, i) => {
    const old = oldNodes.get(n.id);
    const kept = old && sameJson(old, n) ? old : n;
    if (kept !== previous.nodes[i]) same = false;
    return kept;
  });
  const edges = next.edges.map((e, i) => {
    const old = oldEdges.get(e.id);
    const kept = old && sameJson(old, e) ? old : e;
    if (kept !== previous.edges[i]) same = false;
    return kept;
  });
  const rest = (b: Board) => ({ ...b, nodes: [], edges: [] });
  if (same && sameJson(rest(previous), rest(next))) return previous;
  return { ...next, nodes, edges };
}
