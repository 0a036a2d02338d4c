"use client";
import { useEffect } from "react";
import type { Position } from "@/lib/model/schema";
import type { EditorStore } from "@/lib/editor/store";
import { hasTextSelection, isControlOutsideCanvas, isTypingTarget, readOnlyAction, shortcutFor, type ShortcutAction } from "./shortcuts";

export interface ShortcutHandlers {
  search(): void;
  fitView(): void;
  layout(): void;
  /** Flow position under the pointer when it is over the canvas, else null. */
  pointer(): Position | null;
}

/**
 * Keyboard shortcuts of the board page; keys typed into fields are left alone. With `leaveReadOnly`
 * (an old revision on screen, `store` its own), only the keys that look remain, and Escape leaves.
 */
export function useBoardShortcuts(store: EditorStore, handlers: ShortcutHandlers, leaveReadOnly: (() => void) | null = null): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTypingTarget(e.target) || e.repeat) return;
      // A new sticky's name opens a frame or two after the key that made it (React Flow shows a
      // node once measured): Escape or Enter in between leaves the name as it is, as in the input.
      if (store.getState().renaming !== null && (e.key === "Escape" || e.key === "Enter")) {
        e.preventDefault();
        return store.getState().endRename();
      }
      const pointer = handlers.pointer();
      const { selectedNodes, selectedEdges } = store.getState();
      const found = shortcutFor(e, pointer !== null, {
        textSelected: hasTextSelection(window.getSelection()),
        onControl: isControlOutsideCanvas(e.target),
        oneStickySelected: selectedNodes.size === 1 && selectedEdges.size === 0,
      });
      const action = leaveReadOnly ? readOnlyAction(found) : found;
      if (!action) return;
      if (leaveReadOnly && action.type === "deselect") {
        // Escape inside a dialog (the restore confirmation) closes the dialog, not the revision.
        if (e.target instanceof Element && e.target.closest("dialog")) return;
        e.preventDefault();
        return leaveReadOnly();
      }
      e.preventDefault();
      perform(action, pointer);
    };
    const perform = (action: ShortcutAction, pointer: Position | null) => {
      const s = store.getState();
      switch (action.type) {
        case "undo": return s.undo();
        case "redo": return s.redo();
        case "copy": return s.copySelection();
        case "paste": return s.paste(pointer ?? undefined);
        case "duplicate": return s.duplicateSelection();
        case "delete": return s.deleteSelection();
        case "selectAll": return s.select(s.board.nodes.map((n) => n.id));
        case "deselect": return s.select([]);
        case "search": return handlers.search();
        case "fitView": return handlers.fitView();
        case "layout": return handlers.layout();
        case "drop": return void (pointer && s.addNode(action.kind, { x: pointer.x - 80, y: pointer.y - 30 }));
        case "rename": return s.startRename([...s.selectedNodes][0]!);
        case "addNext": return void s.addNext([...s.selectedNodes][0]!);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [store, handlers, leaveReadOnly]);
}
