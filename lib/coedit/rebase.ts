import type { Board } from "../model/schema";
import { sameJson } from "./boardDoc";

/**
 * `mine`'s changes since `base`, made on `theirs`: the stickies and edges I added or changed are
 * mine, the ones I deleted are gone, the board's own keys I changed are mine; everything else is
 * theirs. For edits made on a page before it first synced, so that they do not write the page's
 * older copy over what others saved meanwhile.
 */
export function rebase(base: Board, mine: Board, theirs: Board): Board {
  const merge = <T extends { id: string }>(b: readonly T[], m: readonly T[], t: readonly T[]): T[] => {
    const baseById = new Map(b.map((x) => [x.id, x]));
    const mineById = new Map(m.map((x) => [x.id, x]));
    const deleted = new Set(b.filter((x) => !mineById.has(x.id)).map((x) => x.id));
    const changed = new Map(m.filter((x) => !sameJson(baseById.get(x.id), x)).map((x) => [x.id, x]));
    const out = t.filter((x) => !deleted.has(x.id)).map((x) => changed.get(x.id) ?? x);
    const present = new Set(out.map((x) => x.id));
    for (const x of m) if (changed.has(x.id) && !present.has(x.id)) out.push(x);
    return out;
  };
  const result: Board = { ...theirs, nodes: merge(base.nodes, mine.nodes, theirs.nodes), edges: merge(base.edges, mine.edges, theirs.edges) };
  for (const key of ["name", "description", "settings"] as const) {
    if (!sameJson(base[key], mine[key])) (result as unknown as Record<string, unknown>)[key] = mine[key];
  }
  const ids = new Set(result.nodes.map((n) => n.id));
  result.edges = result.edges.filter((e) => ids.has(e.source) && ids.has(e.target));
  return result;
}
