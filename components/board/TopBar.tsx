"use client";
import Link from "next/link";
import { useState } from "react";
import type { SaveStatus } from "@/lib/editor/store";
import { useEditor, useEditorStore } from "./EditorContext";
import { InlineNameInput } from "./InlineNameInput";
import { Participants } from "./Participants";
import styles from "./board.module.css";

const SAVE_TEXT: Record<SaveStatus, string> = {
  saved: "Saved",
  dirty: "Unsaved changes",
  saving: "Saving…",
  error: "Not saved",
  conflict: "Conflict",
  offline: "Offline",
};

const selectName = (s: { board: { name: string } }) => s.board.name;
const selectStatus = (s: { saveStatus: SaveStatus }) => s.saveStatus;
const selectMessage = (s: { saveMessage: string | null }) => s.saveMessage ?? "";
type History = { past: unknown[]; future: unknown[]; shared: { canUndo: boolean; canRedo: boolean } | null };
const selectCanUndo = (s: History) => (s.shared ? s.shared.canUndo : s.past.length > 0);
const selectCanRedo = (s: History) => (s.shared ? s.shared.canRedo : s.future.length > 0);

export interface TopBarProps {
  onLayout(): void;
  onFit(): void;
  onSearch(): void;
  onDownload(): void;
  layoutBusy: boolean;
}

/** Board name (click to rename), save state, and the board-wide actions. */
export function TopBar({ onLayout, onFit, onSearch, onDownload, layoutBusy }: TopBarProps) {
  const store = useEditorStore();
  const name = useEditor(selectName);
  const status = useEditor(selectStatus);
  const message = useEditor(selectMessage);
  const canUndo = useEditor(selectCanUndo);
  const canRedo = useEditor(selectCanRedo);
  const [editing, setEditing] = useState<string | null>(null);

  const commitName = () => {
    const next = editing?.trim();
    setEditing(null);
    if (next && next.length <= 120 && next !== name) store.getState().commit({ ...store.getState().board, name: next });
  };

  return (
    <header className={styles.topBar}>
      <Link href="/" className={styles.home} title="All boards">
        ← Boards
      </Link>
      {editing !== null ? (
        <InlineNameInput label="Board name" maxLength={120} value={editing} onChange={setEditing} onCommit={commitName} onCancel={() => setEditing(null)} />
      ) : (
        <h1 className={styles.boardName} title="Click to rename" onClick={() => setEditing(name)} data-testid="board-name">
          {name}
        </h1>
      )}
      <span className={`${styles.saveState} ${styles[`save_${status}`]}`} data-testid="save-state" data-status={status} title={message || undefined}>
        {status === "offline" && message ? message : SAVE_TEXT[status]}
      </span>
      <Participants />
      <div className={styles.spacer} />
      <div className={styles.toolGroup}>
        <button type="button" className={styles.tool} onClick={() => store.getState().undo()} disabled={!canUndo} title="Undo (Ctrl/Cmd+Z)" aria-label="Undo">
          ↶
        </button>
        <button type="button" className={styles.tool} onClick={() => store.getState().redo()} disabled={!canRedo} title="Redo (Shift+Ctrl/Cmd+Z)" aria-label="Redo">
          ↷
        </button>
      </div>
      <button type="button" className={styles.tool} onClick={onSearch} title="Find a sticky (Ctrl/Cmd+K)">
        Search <kbd>⌘K</kbd>
      </button>
      <button type="button" className={styles.tool} onClick={onFit} title="Fit the board in view (Shift+1)">
        Fit
      </button>
      <button type="button" className={styles.tool} onClick={onLayout} disabled={layoutBusy} title="Auto-layout left to right (Shift+Ctrl/Cmd+L); undo restores">
        {layoutBusy ? "Laying out…" : "Auto-layout"}
      </button>
      <button type="button" className={styles.toolPrimary} onClick={onDownload} title="Download as .board.json">
        Download
      </button>
    </header>
  );
}
