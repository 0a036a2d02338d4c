"use client";
import { useEffect } from "react";
import type { Position } from "@/lib/model/schema";
import type { EditorStore } from "@/lib/editor/store";
import { NEXT_KIND } from "@/lib/model/grammar";
import { focusRenameCapture } from "@/components/canvas/RenameCapture";
import { hasTextSelection, isControlOutsideCanvas, isTypingTarget, readOnlyAction, shortcutFor, type ShortcutAction } from "./shortcuts";

export interface ShortcutHandlers {
  search(): void;
  fitView(): void;
  layout(): void;
  /** Flow position under the pointer when it is over the canvas, else null. */
  pointer(): Position | null;
  /** The measured size of a sticky or note on the canvas (a frame drawn around a selection needs it). */
  sizeOf(id: string): { width: number; height: number } | undefined;
  /** A new frame's name and a new note's text, in the UI's language. */
  readonly newNames: { readonly frame: string; readonly note: string };
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
      // node once measured). Keys pressed in between are the name's, as they would be in its input:
      // characters and Backspace are kept for it, Enter keeps what was typed, Escape drops it, Tab
      // keeps it and adds the next sticky. Nothing typed at workshop speed goes to the board.
      const pending = store.getState().renaming;
      if (pending !== null && !e.ctrlKey && !e.metaKey && !e.altKey && !(e as KeyboardEvent & { isComposing?: boolean }).isComposing) {
        const s = store.getState();
        if (e.key === "Escape") return void (e.preventDefault(), s.endRename(false));
        // A note's text has lines: Enter is a line break there, as in its field (Ctrl/Cmd+Enter ends it).
        const note = s.board.notes?.some((n) => n.id === pending) ?? false;
        if (e.key === "Enter" && note) return void (e.preventDefault(), s.typeIntoRename("\n"));
        if (e.key === "Enter") return void (e.preventDefault(), s.endRename(true));
        if (e.key === "Tab" && !e.shiftKey) {
          const sticky = s.board.nodes.find((n) => n.id === pending);
          // A frame or note has no next sticky: its name is kept and Tab moves the focus on, as in its field.
          if (!sticky || NEXT_KIND[sticky.kind] === undefined) return void s.endRename(true);
          e.preventDefault();
          s.endRename(true);
          return void (s.addNext(pending) !== null && focusRenameCapture());
        }
        if (e.key === "Backspace" || e.key === "Delete") return void (e.preventDefault(), s.typeIntoRename(null));
        if (e.key.length === 1 || /^\p{L}$/u.test(e.key)) return void (e.preventDefault(), s.typeIntoRename(e.key));
      }
      const pointer = handlers.pointer();
      const { selectedNodes, selectedEdges, board } = store.getState();
      const one = selectedNodes.size === 1 && selectedEdges.size === 0 ? [...selectedNodes][0]! : null;
      const sticky = one === null ? undefined : board.nodes.find((n) => n.id === one);
      const found = shortcutFor(e, pointer !== null, {
        textSelected: hasTextSelection(window.getSelection()),
        onControl: isControlOutsideCanvas(e.target),
        oneSelected: one !== null,
        nextFromSelected: sticky !== undefined && NEXT_KIND[sticky.kind] !== undefined,
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
        case "selectAll": return s.selectAll();
        case "deselect": return s.select([]);
        case "search": return handlers.search();
        case "fitView": return handlers.fitView();
        case "layout": return handlers.layout();
        // A new item's name is typed at once: what comes before its field shows goes to the capture field (IME text too).
        case "drop": return void (pointer && (s.addNode(action.kind, { x: pointer.x - 80, y: pointer.y - 30 }), focusRenameCapture()));
        case "addFrame": return void (pointer && (s.addFrame({ x: pointer.x - 40, y: pointer.y - 40 }, handlers.sizeOf, handlers.newNames.frame), focusRenameCapture()));
        case "addNote": return void (pointer && (s.addNote({ x: pointer.x - 20, y: pointer.y - 20 }, handlers.newNames.note), focusRenameCapture()));
        case "rename": return s.startRename([...s.selectedNodes][0]!);
        case "addNext": return void (s.addNext([...s.selectedNodes][0]!) !== null && focusRenameCapture());
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [store, handlers, leaveReadOnly]);
}
