"use client";
import { isolateBidi } from "@/lib/model/bidi";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import type { BoardSummary } from "@/lib/client/apiClient";
import { LIMITS } from "@/lib/model/limits";
import { IconButton } from "@/components/ui/IconButton";
import { CloseIcon, CopyIcon, PencilIcon, TrashIcon } from "@/components/ui/icons";
import { TextInput } from "@/components/ui/TextInput";
import { useTimes } from "./useTimes";
import styles from "./home.module.css";
import { useStrings } from "@/components/i18n/LocaleProvider";

export type RowBusy = "rename" | "duplicate" | "delete";

export interface BoardRowProps {
  board: BoardSummary;
  /** The clock relative times are computed against. */
  now: number;
  renaming: boolean;
  busy: RowBusy | null;
  error: string | null;
  /** Just created (by Duplicate): highlighted briefly. */
  fresh: boolean;
  onStartRename(): void;
  onCancelRename(): void;
  onRename(name: string): void;
  onDuplicate(): void;
  onDelete(): void;
  onDismissError(): void;
}

/** One board: a link over the whole row, and Rename / Duplicate / Delete. */
export function BoardRow(props: BoardRowProps) {
  const S = useStrings().home;
  const times = useTimes();
  const { board, now, renaming, busy, error, fresh } = props;
  const rowRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (fresh) rowRef.current?.scrollIntoView({ block: "nearest" });
  }, [fresh]);

  return (
    <div
      ref={rowRef}
      role="row"
      className={[styles.row, renaming ? styles.rowEditing : "", fresh ? styles.rowFresh : "", busy === "delete" ? styles.rowLeaving : ""]
        .filter(Boolean)
        .join(" ")}
      data-board-id={board.id}
      aria-busy={busy ? true : undefined}
    >
      <div role="cell" className={styles.nameCell}>
        <span className={board.nodeCount === 0 ? `${styles.boardGlyph} ${styles.boardGlyphEmpty}` : styles.boardGlyph} aria-hidden="true">
          <span />
          <span />
          <span />
        </span>
        {renaming ? (
          <RenameInput name={board.name} saving={busy === "rename"} onSave={props.onRename} onCancel={props.onCancelRename} />
        ) : (
          <Link href={`/boards/${encodeURIComponent(board.id)}`} className={styles.boardLink} title={isolateBidi(board.name)}>
            <bdi>{board.name}</bdi>
          </Link>
        )}
      </div>
      <div role="cell" className={styles.editedCell}>
        <time dateTime={board.updatedAt} title={times.absolute(board.updatedAt)}>
          {times.relative(board.updatedAt, now)}
        </time>
      </div>
      <div role="cell" className={`${styles.countCell} ${styles.numeric}`}>
        {S.stickyCount(board.nodeCount)}
      </div>
      <div role="cell" className={styles.actionsCell}>
        <div role="group" aria-label={S.actionsFor(isolateBidi(board.name))} className={styles.rowActions}>
          <IconButton label={S.rename} onClick={props.onStartRename} disabled={busy !== null || renaming}>
            <PencilIcon />
          </IconButton>
          <IconButton label={S.duplicate} onClick={props.onDuplicate} disabled={busy !== null}>
            {busy === "duplicate" ? <span className={styles.miniSpinner} aria-hidden="true" /> : <CopyIcon />}
          </IconButton>
          <IconButton label={S.delete} tone="danger" onClick={props.onDelete} disabled={busy !== null}>
            <TrashIcon />
          </IconButton>
        </div>
      </div>
      {error ? (
        <div role="cell" className={styles.rowError}>
          <span role="alert">{error}</span>
          <IconButton label={S.dismiss} size="sm" onClick={props.onDismissError}>
            <CloseIcon />
          </IconButton>
        </div>
      ) : null}
    </div>
  );
}

interface RenameInputProps {
  name: string;
  saving: boolean;
  onSave(name: string): void;
  onCancel(): void;
}

/** Inline rename: Enter saves, Esc cancels, leaving the field saves a valid change. */
function RenameInput({ name, saving, onSave, onCancel }: RenameInputProps) {
  const S = useStrings().home;
  const [value, setValue] = useState(name);
  const input = useRef<HTMLInputElement>(null);
  const done = useRef(false);

  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);

  const problem = value.trim() === "" ? S.renameEmpty : value.length > LIMITS.nameLength ? S.renameTooLong(LIMITS.nameLength) : null;

  const save = () => {
    if (problem || saving) return;
    onSave(value);
  };
  const cancel = () => {
    done.current = true;
    onCancel();
  };

  return (
    <div className={styles.renameBox}>
      <TextInput
        ref={input}
        compact
        value={value}
        maxLength={LIMITS.nameLength}
        disabled={saving}
        invalid={problem !== null}
        aria-label={S.renameLabel(name)}
        onChange={(event) => setValue(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === "Enter") {
            event.preventDefault();
            save();
          } else if (event.key === "Escape") {
            event.preventDefault();
            cancel();
          }
        }}
        onBlur={() => {
          if (done.current || saving) return;
          if (problem || value.trim() === name) cancel();
          else save();
        }}
      />
      <span className={problem ? styles.renameProblem : styles.renameHint}>{problem ?? S.renameHint}</span>
    </div>
  );
}
