/** The part of a React Flow node or edge change that selection cares about. */
export interface ChangeLike {
  type: string;
  id?: string;
  selected?: boolean;
}

/**
 * `current` with the user's `select` changes applied (a click, Ctrl/Cmd-click, box select or a
 * click on the empty pane), or null when they change nothing.
 *
 * The store's selection follows these changes, never React Flow's `onSelectionChange`: that one
 * also reports the selection the store itself pushed a render earlier, and two quick changes
 * (two stickies added by keys in a row) then bounced between store and canvas until React gave
 * up ("Maximum update depth exceeded") and the page died with the edits unsaved.
 */
export function applySelectChanges(current: ReadonlySet<string>, changes: readonly ChangeLike[]): Set<string> | null {
  let next: Set<string> | null = null;
  for (const change of changes) {
    if (change.type !== "select" || change.id === undefined) continue;
    if ((change.selected ?? false) === (next ?? current).has(change.id)) continue;
    next ??= new Set(current);
    if (change.selected) next.add(change.id);
    else next.delete(change.id);
  }
  return next;
}
