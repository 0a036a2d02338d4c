"use client";
import { useStrings } from "@/components/i18n/LocaleProvider";
import { memo } from "react";
import type { NodeProps } from "@xyflow/react";
import { LIMITS } from "@/lib/model/limits";
import { useEditorStore } from "@/components/board/EditorContext";
import type { NoteFlowNode } from "./flowTypes";
import { useReadOnly } from "./canvasMode";
import { useInlineEdit } from "./useInlineEdit";
import styles from "./frame.module.css";

/**
 * A free text note: plain text on a faint tint, no kind, no handles, no connections. Edited in
 * place (double-click, or Enter when selected); Ctrl/Cmd+Enter, Escape or a click away finishes
 * and keeps the text (a paragraph must not be lost to Escape); a note emptied keeps its old text.
 */
function NoteNodeView({ id, data, selected }: NodeProps<NoteFlowNode>) {
  const S = useStrings().frames;
  const { note } = data;
  const readOnly = useReadOnly();
  const store = useEditorStore();
  const edit = useInlineEdit(id, note.text, readOnly);
  const save = (text: string) => {
    if (text.trim() !== "" && text !== note.text) store.getState().patchNote(id, (n) => ({ ...n, text }));
  };
  return (
    <div
      className={`${styles.note} ${selected ? styles.selected : ""}`}
      data-note-id={id}
      onDoubleClick={(e) => {
        e.stopPropagation();
        edit.start();
      }}
    >
      {edit.editing !== null ? (
        <textarea
          ref={edit.field as React.RefObject<HTMLTextAreaElement>}
          className={`${styles.noteInput} nodrag nowheel`}
          aria-label={S.noteTextLabel}
          title={S.noteEditHint}
          maxLength={LIMITS.descriptionLength}
          rows={Math.min(16, Math.max(2, edit.editing.split("\n").length))}
          value={edit.editing}
          onChange={(e) => edit.setEditing(e.target.value)}
          onFocus={edit.onFocus}
          onBlur={() => edit.finish(save)}
          onKeyDown={(e) => {
            e.stopPropagation();
            if (e.nativeEvent.isComposing) return;
            if (e.key === "Escape" || (e.key === "Enter" && (e.ctrlKey || e.metaKey))) {
              e.preventDefault();
              edit.finish(save);
            }
          }}
        />
      ) : (
        <div className={styles.noteText} data-testid="note-text">
          {note.text}
        </div>
      )}
    </div>
  );
}

export const NoteNode = memo(NoteNodeView);
