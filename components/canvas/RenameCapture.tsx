"use client";
import { useEffect, useRef } from "react";
import { NEXT_KIND } from "@/lib/model/grammar";
import { useEditor, useEditorStore } from "@/components/board/EditorContext";
import { useStrings } from "@/components/i18n/LocaleProvider";

/** The attribute that finds the capture field, and says while an input method composes in it. */
const CAPTURE = "data-rename-capture";
const COMPOSING = "data-composing";

/**
 * Where what is typed for a new sticky's, frame's or note's name goes until its own field has the
 * focus (React Flow shows a new node a frame or two after the key that made it). Keys alone did
 * not do: an input method (Korean, Japanese) sends its text as composition and input events to
 * the focused editable element, and with the canvas focused there was none, so the first
 * syllables typed after F were lost. This field takes the focus at once, in the key's own
 * handler; what it holds is the store's `renameBuffer`, which the new field starts from
 * (useInlineEdit), and the focus moves on only between compositions, so no syllable is cut.
 */
export function RenameCapture() {
  const store = useEditorStore();
  const renaming = useEditor((s) => s.renaming);
  const label = useStrings().board.typingAhead;
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    // The name closed (Enter, Escape, its field took over): nothing is captured any more.
    if (renaming === null && ref.current && document.activeElement === ref.current) ref.current.blur();
  }, [renaming]);
  return (
    <textarea
      ref={ref}
      {...{ [CAPTURE]: "" }}
      aria-label={label}
      tabIndex={-1}
      // Out of sight, but focusable and editable (a hidden or display:none field takes no input).
      style={{ position: "absolute", left: 0, top: 0, width: 1, height: 1, opacity: 0, padding: 0, border: 0, resize: "none", pointerEvents: "none" }}
      onCompositionStart={(e) => e.currentTarget.setAttribute(COMPOSING, "true")}
      onCompositionEnd={(e) => e.currentTarget.removeAttribute(COMPOSING)}
      onBlur={(e) => {
        e.currentTarget.removeAttribute(COMPOSING);
        e.currentTarget.value = "";
      }}
      onInput={(e) => store.getState().setRenameBuffer(e.currentTarget.value)}
      onKeyDown={(e) => {
        const s = store.getState();
        const pending = s.renaming;
        // A syllable being composed: Enter and Tab are the input method's (they end the composition).
        if (pending === null || e.nativeEvent.isComposing || e.ctrlKey || e.metaKey || e.altKey) return;
        const note = s.board.notes?.some((n) => n.id === pending) ?? false;
        if (e.key === "Escape") return void (e.preventDefault(), s.endRename(false));
        // A note's text has lines: Enter is a line break, typed here as in its field.
        if (e.key === "Enter" && !note) return void (e.preventDefault(), s.endRename(true));
        if (e.key === "Tab" && !e.shiftKey) {
          const sticky = s.board.nodes.find((n) => n.id === pending);
          if (!sticky || NEXT_KIND[sticky.kind] === undefined) return void s.endRename(true);
          e.preventDefault();
          s.endRename(true);
          if (s.addNext(pending) !== null) focusRenameCapture();
        }
      }}
    />
  );
}

/** Puts the focus on the capture field, empty: call it in the handler of the key that made a new, named item. */
export function focusRenameCapture(): void {
  const field = document.querySelector<HTMLTextAreaElement>(`textarea[${CAPTURE}]`);
  if (!field) return;
  field.value = "";
  field.focus({ preventScroll: true });
}

/** Whether an input method is composing in the capture field (its text is not settled yet: the focus must not move). */
export function captureComposing(): boolean {
  return document.querySelector(`textarea[${CAPTURE}][${COMPOSING}]`) !== null;
}
