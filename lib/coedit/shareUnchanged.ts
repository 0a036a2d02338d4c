import type { Board } from "../model/schema";
import { sameJson } from "./boardDoc";

/**
 * `next` with every sticky, edge, frame and note that did not change taken from `previous` (same
 * object), and `previous` itself when nothing changed: the canvas redraws only what someone else
 * touched (components/canvas/toFlow.ts keeps object identity per sticky and frame).
 */
export function shareUnchanged(previous: Board, next: Board): Board {
  let same = true;
  /** `items` with unchanged ones taken from `before`; clears `same` when the list differs in any way. */
  const share = <T extends { id: string }>(before: readonly T[] | undefined, items: readonly T[] | undefined): T[] | undefined => {
    if (items === undefined) {
      if (before !== undefined) same = false;
      return undefined;
    }
    if (before === undefined || before.length !== items.length) same = false;
    const old = new Map((before ?? []).map((item) => [item.id, item]));
    return items.map((item, i) => {
      const prior = old.get(item.id);
      const kept = prior && sameJson(prior, item) ? prior : item;
      if (kept !== before?.[i]) same = false;
      return kept;
    });
  };
  const nodes = share(previous.nodes, next.nodes)!;
  const edges = share(previous.edges, next.edges)!;
  const frames = share(previous.frames, next.frames);
  const notes = share(previous.notes, next.notes);
  const rest = ({ nodes: _n, edges: _e, frames: _f, notes: _o, ...b }: Board) => b;
  if (same && sameJson(rest(previous), rest(next))) return previous;
  return { ...next, nodes, edges, ...(frames ? { frames } : {}), ...(notes ? { notes } : {}) };
}
