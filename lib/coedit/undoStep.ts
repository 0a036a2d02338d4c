import * as Y from "yjs";

/** What Y.UndoManager's undo and redo return: the step they applied. */
type Step = NonNullable<ReturnType<Y.UndoManager["undo"]>>;

/**
 * Y.UndoManager's undo (or redo), then a repair of a value it can lose on a board.
 *
 * Yjs's undo restores the value a key had before the user's edit unless it "conflicts with a
 * change from another client". That check also fires when the other client's change lost: two
 * people moved the same sticky at once, this user's position won, the other one was deleted on
 * arrival; undoing this user's move then deletes its position and, seeing the other (deleted)
 * position next to the old one, does not restore the old one. The sticky is left with no
 * position at all (yjs#514; #472 and #642 leave keys out of a sticky an undo brings back the same
 * way). The board is then invalid: the canvas cannot draw it and the server refuses the edit,
 * which makes the session drop everything not yet sent and show an error.
 *
 * So, after the step, every plain value the step meant to bring back (one the user's edit had
 * replaced or deleted) whose key now has no value is set again, as a separate transaction with
 * `repairOrigin` (not an undo step of its own): in a map the step brought back, always; in a map
 * that stayed, only when the step itself took the key's value away (a key someone else deleted
 * before the undo stays deleted). A sticky the step did not bring back stays deleted.
 *
 * Yjs's undo can also throw halfway (a TypeError in redoItem, reading `redone` of a struct that
 * garbage collection replaced). What it did before throwing is kept, and sent; then every key of
 * a map still there that had a value before the step and has none now gets that value back, so
 * the board stays one the canvas draws and the server takes. The error is not passed on: it is
 * written to the console, and the user can go on editing (that undo step is gone).
 *
 * Returns whether the step changed anything (as undo and redo do).
 */
export function undoStep(undo: Y.UndoManager, direction: "undo" | "redo", repairOrigin: unknown): boolean {
  const before = liveValues(undo.scope);
  let step: Step | null;
  try {
    step = direction === "undo" ? undo.undo() : undo.redo();
  } catch (err) {
    console.warn(`co-editing: ${direction} failed halfway (${err instanceof Error ? err.message : String(err)}); the board keeps what it did, with the values it emptied put back`);
    restoreEmptied(undo.doc, before, repairOrigin);
    return true;
  }
  if (!step) return false;
  restoreLostValues(undo.doc, step, before, repairOrigin);
  return true;
}

/** Every map in scope (the roots and the maps inside them) and the values its keys have. */
function liveValues(scope: readonly unknown[]): Map<Y.Map<unknown>, Map<string, unknown>> {
  const live = new Map<Y.Map<unknown>, Map<string, unknown>>();
  const visit = (map: Y.Map<unknown>) => {
    live.set(map, new Map(map.entries()));
    for (const value of map.values()) if (value instanceof Y.Map) visit(value);
  };
  for (const type of scope) if (type instanceof Y.Map) visit(type);
  return live;
}

/** Every plain value in `before` whose map is still there and whose key has no value now, set again. */
function restoreEmptied(doc: Y.Doc, before: Map<Y.Map<unknown>, Map<string, unknown>>, origin: unknown): void {
  doc.transact(() => {
    for (const [map, values] of before) {
      if (map._item?.deleted) continue;
      for (const [key, value] of values) if (!(value instanceof Y.AbstractType) && !map.has(key)) map.set(key, value);
    }
  }, origin);
}

function restoreLostValues(doc: Y.Doc, step: Step, before: Map<Y.Map<unknown>, Map<string, unknown>>, origin: unknown): void {
  doc.transact((tr) => {
    const lost = new Map<Y.Map<unknown>, Map<string, unknown>>();
    Y.iterateDeletedStructs(tr, step.deletions, (struct) => {
      if (!(struct instanceof Y.Item) || struct.parentSub === null || !(struct.content instanceof Y.ContentAny)) return;
      // Restored by the step, or made and deleted within it (never a value to bring back).
      if (struct.redone !== null || Y.isDeleted(step.insertions, struct.id)) return;
      const parent = struct.parent;
      if (!(parent instanceof Y.Map)) return;
      const target = current(doc, parent);
      if (!target || target.has(struct.parentSub)) return;
      if (target === parent && !before.get(parent)?.has(struct.parentSub)) return;
      const values = lost.get(target) ?? new Map<string, unknown>();
      if (!values.has(struct.parentSub)) values.set(struct.parentSub, struct.content.getContent()[0]);
      lost.set(target, values);
    });
    for (const [map, values] of lost) for (const [key, value] of values) map.set(key, value);
  }, origin);
}

/** The map itself, or the copy a step brought it back as; null when it stays deleted. */
function current(doc: Y.Doc, map: Y.Map<unknown>): Y.Map<unknown> | null {
  let item = map._item;
  if (!item || !item.deleted) return map;
  while (item.redone !== null) item = Y.getItem(doc.store, item.redone) as Y.Item;
  if (item.deleted || !(item.content instanceof Y.ContentType)) return null;
  return item.content.type instanceof Y.Map ? (item.content.type as Y.Map<unknown>) : null;
}
