"use client";
import { nameInputReason } from "@/lib/model/wellFormedText";
import Link from "next/link";
import { useState } from "react";
import type { SaveStatus } from "@/lib/editor/store";
import { useEditor, useEditorStore } from "./EditorContext";
import { InlineNameInput } from "./InlineNameInput";
import { Participants } from "./Participants";
import { LanguageSwitch } from "@/components/i18n/LanguageSwitch";
import { useStrings } from "@/components/i18n/LocaleProvider";
import styles from "./board.module.css";

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
  const S = useStrings().board;

  const commitName = () => {
    const next = editing?.trim();
    setEditing(null);
    if (next && nameInputReason(next) === null && next.length <= 120 && next !== name) store.getState().commit({ ...store.getState().board, name: next });
  };

  return (
    <header className={styles.topBar}>
      <Link href="/" className={styles.home} title={S.allBoards}>
        {S.boards}
      </Link>
      {editing !== null ? (
        <InlineNameInput label={S.boardName} maxLength={120} value={editing} onChange={setEditing} onCommit={commitName} onCancel={() => setEditing(null)} />
      ) : (
        <h1 className={styles.boardName} title={S.clickToRename} onClick={() => setEditing(name)} data-testid="board-name">
          <bdi>{name}</bdi>
        </h1>
      )}
      <span className={`${styles.saveState} ${styles[`save_${status}`]}`} data-testid="save-state" data-status={status} title={message || undefined}>
        {status === "offline" && message ? message : S.saveStatus[status]}
      </span>
      <Participants />
      <div className={styles.spacer} />
      <div className={styles.toolGroup}>
        <button type="button" className={styles.tool} onClick={() => store.getState().undo()} disabled={!canUndo} title={S.undoTitle} aria-label={S.undo}>
          ↶
        </button>
        <button type="button" className={styles.tool} onClick={() => store.getState().redo()} disabled={!canRedo} title={S.redoTitle} aria-label={S.redo}>
          ↷
        </button>
      </div>
      <button type="button" className={styles.tool} onClick={onSearch} title={S.searchTitle}>
        {S.search} <kbd>⌘K</kbd>
      </button>
      <button type="button" className={styles.tool} onClick={onFit} title={S.fitTitle}>
        {S.fit}
      </button>
      <button type="button" className={styles.tool} onClick={onLayout} disabled={layoutBusy} title={S.layoutTitle}>
        {layoutBusy ? S.layingOut : S.layout}
      </button>
      <button type="button" className={styles.toolPrimary} onClick={onDownload} title={S.downloadTitle}>
        {S.download}
      </button>
      <LanguageSwitch />
    </header>
  );
}
