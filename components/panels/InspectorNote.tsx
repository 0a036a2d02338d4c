"use client";
import { useStrings } from "@/components/i18n/LocaleProvider";
import { useState } from "react";
import { LIMITS } from "@/lib/model/limits";
import type { Note } from "@/lib/model/schema";
import { TextArea } from "@/components/ui/TextInput";
import { useEditorStore } from "@/components/board/EditorContext";
import { FormRow } from "./InspectorControls";
import styles from "./inspector.module.css";

/** One free text note: its text, stored as typed; a blank text stays in the field, refused, and the note keeps its last one. */
export function InspectorNote({ note }: { note: Note }) {
  const F = useStrings().frames;
  const store = useEditorStore();
  const [draft, setDraft] = useState(note.text);
  const [base, setBase] = useState(note.text);
  if (note.text !== base) {
    // The store changed under us (undo, an edit on the canvas): show it.
    setBase(note.text);
    setDraft(note.text);
  }
  const blank = draft.trim() === "";
  return (
    <>
      <header className={styles.header}>
        <span className={styles.kindBar} style={{ background: "#ced4da" }} aria-hidden="true" />
        <div className={styles.headerLine}>
          <span className={styles.headerTitle}>{F.noteKind}</span>
          <code className={styles.nodeId} title={note.id}>
            {note.id}
          </code>
        </div>
      </header>
      <div className={styles.body}>
        <FormRow label={F.text} htmlFor={`inspector-note-${note.id}`} hint={blank ? <span role="alert">{F.textRequired}</span> : undefined}>
          <TextArea
            compact
            id={`inspector-note-${note.id}`}
            data-testid="inspector-note-text"
            value={draft}
            rows={6}
            maxLength={LIMITS.descriptionLength}
            invalid={blank}
            onChange={(event) => {
              const text = event.currentTarget.value;
              setDraft(text);
              if (text.trim() !== "") store.getState().patchNote(note.id, (n) => ({ ...n, text }), `text:${note.id}`);
            }}
            onBlur={() => setDraft(note.text)}
          />
        </FormRow>
      </div>
    </>
  );
}
