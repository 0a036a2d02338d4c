import type { Board } from "../model/schema";

/**
 * True when `b` differs from `a` only in sticky positions: what a drag produces on every frame.
 * Validation and analysis ignore positions, so their results for `a` still hold for `b`.
 */
export function sameExceptPositions(a: Board, b: Board): boolean {
  if (a === b) return true;
  if (a.edges !== b.edges || a.nodes.length !== b.nodes.length || a.name !== b.name || a.settings !== b.settings || a.description !== b.description) return false;
  for (let i = 0; i < a.nodes.length; i++) {
    const x = a.nodes[i]!;
    const y = b.nodes[i]!;
    if (x === y) continue;
    for (const key of new Set([...Object.keys(x), ...Object.keys(y)])) {
      if (key !== "position" && (x as Record<string, unknown>)[key] !== (y as Record<string, unknown>)[key]) return false;
    }
  }
  return true;
}
