"use client";
import { useEffect, useRef, useState, type FocusEvent } from "react";
import { useEditor, useEditorStore } from "@/components/board/EditorContext";
import { captureComposing } from "./RenameCapture";

type TextField = HTMLInputElement | HTMLTextAreaElement;

/**
 * Text edited in place on the canvas (a frame's name, a note's text), the way a sticky's name is
 * (StickyNode.tsx): it opens on a double-click, or when the store says so (a new frame or note,
 * Enter/F2 on the selected one), takes what was typed before its field had the focus (the store's
 * `renameBuffer`: keys, or an input method's text caught by RenameCapture), and holds the focus
 * for the few frames React Flow takes to show a new node.
 */
export function useInlineEdit(id: string, current: string, readOnly: boolean) {
  const store = useEditorStore();
  const renaming = useEditor((s) => s.renaming === id);
  const typedAhead = useEditor((s) => (s.renaming === id ? s.renameBuffer : null));
  const [editing, setEditing] = useState<string | null>(null);
  const field = useRef<TextField | null>(null);
  // Set once the edit has ended (the keys that end it blur at once; the blur must not end it twice).
  const ended = useRef(false);
  const isEditing = editing !== null;

  useEffect(() => {
    if (typedAhead !== null && document.activeElement !== field.current) setEditing(typedAhead);
  }, [typedAhead]);
  useEffect(() => {
    if (renaming && !readOnly) setEditing((text) => text ?? store.getState().renameBuffer ?? current);
    // Ended before the field had the focus (Escape or Enter typed at once): close it.
    if (!renaming && field.current && document.activeElement !== field.current && !ended.current) {
      ended.current = true;
      setEditing(null);
    }
  }, [renaming, readOnly, current, store]);
  useEffect(() => {
    if (isEditing) ended.current = false;
  }, [isEditing]);
  useEffect(() => {
    if (!isEditing) return;
    let frames = 0;
    let raf = 0;
    const hold = () => {
      const el = field.current;
      if (!el || ended.current) return;
      // An input method composing a syllable in the capture field (RenameCapture): moving the
      // focus now would cut it; the field shows the text meanwhile, and takes over once it settles.
      if (captureComposing()) return void (raf = requestAnimationFrame(hold));
      if (document.activeElement !== el) el.focus();
      if (++frames < 60) raf = requestAnimationFrame(hold);
    };
    raf = requestAnimationFrame(hold);
    return () => cancelAnimationFrame(raf);
  }, [isEditing]);

  /** Ends the edit without saving. */
  const stop = () => {
    ended.current = true;
    setEditing(null);
    if (store.getState().renaming === id) store.getState().endRename();
    field.current?.blur();
  };
  /**
   * Ends the edit, handing what was typed to `save` (once, however many ways it ends). Saved
   * before the store's rename closes: a new item's first name joins its creation's undo step.
   */
  const finish = (save: (text: string) => void) => {
    if (ended.current) return;
    ended.current = true;
    const text = editing;
    if (text !== null) save(text);
    stop();
  };
  const onFocus = (e: FocusEvent<TextField>) => {
    // Typed before the focus came: go on after it; else select the text, to type over.
    const el = e.currentTarget;
    const s = store.getState();
    if (s.renaming === id && s.renameBuffer !== null) {
      // The buffer may be newer than the field (the capture field's last input came with this focus change).
      // Written into the field at once, not at React's next render: a key typed in between must land after it.
      const text = s.renameBuffer;
      if (el.value !== text) el.value = text;
      setEditing(text);
      s.clearRenameBuffer();
      el.setSelectionRange(text.length, text.length);
    } else el.select();
  };
  const start = () => {
    if (!readOnly) setEditing(current);
  };
  return { editing, setEditing, field, start, stop, finish, onFocus };
}
