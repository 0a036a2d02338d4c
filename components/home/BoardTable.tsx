"use client";
import type { Dispatch } from "react";
import type { BoardSummary } from "@/lib/client/apiClient";
import { BoardRow } from "./BoardRow";
import type { BoardListAction, BoardListState } from "./boardListState";
import styles from "./home.module.css";
import { useStrings } from "@/components/i18n/LocaleProvider";

/*
 * The list itself: the table of boards (one BoardRow each) and, while it loads, skeleton rows.
 * The rows' state (renaming, busy, errors) comes from the board list's reducer (boardListState.ts).
 */

export interface BoardTableProps {
  boards: readonly BoardSummary[];
  state: BoardListState;
  /** The clock relative times are computed against. */
  now: number;
  dispatch: Dispatch<BoardListAction>;
  onRename(board: BoardSummary, name: string): void;
  onDuplicate(board: BoardSummary): void;
}

export function BoardTable({ boards, state, now, dispatch, onRename, onDuplicate }: BoardTableProps) {
  const S = useStrings().home;
  return (
    <div className={styles.table} role="table" aria-label={S.listLabel} aria-rowcount={boards.length + 1}>
      <div className={styles.headRow} role="row">
        <span role="columnheader">{S.columnName}</span>
        <span role="columnheader">{S.columnEdited}</span>
        <span role="columnheader" className={styles.numeric}>
          {S.columnStickies}
        </span>
        <span role="columnheader" className={styles.actionsHead}>
          <span className={styles.visuallyHidden}>{S.columnActions}</span>
        </span>
      </div>
      <div role="rowgroup">
        {boards.map((board) => (
          <BoardRow
            key={board.id}
            board={board}
            now={now}
            renaming={state.renamingId === board.id}
            busy={state.rowBusy[board.id] ?? null}
            error={state.rowErrors[board.id] ?? null}
            fresh={state.freshId === board.id}
            onStartRename={() => dispatch({ type: "renameStarted", id: board.id })}
            onCancelRename={() => dispatch({ type: "renameCancelled", id: board.id })}
            onRename={(name) => onRename(board, name)}
            onDuplicate={() => onDuplicate(board)}
            onDelete={() => dispatch({ type: "deleteAsked", board })}
            onDismissError={() => dispatch({ type: "rowErrorDismissed", id: board.id })}
          />
        ))}
      </div>
    </div>
  );
}

/** Three grey rows while the list loads. */
export function SkeletonList() {
  const S = useStrings().home;
  return (
    <div className={styles.table} aria-busy="true" data-testid="boards-loading">
      <span className={styles.visuallyHidden} role="status">
        {S.loading}
      </span>
      {[0, 1, 2].map((i) => (
        <div key={i} className={styles.skeletonRow} aria-hidden="true">
          <span className={styles.skeletonIcon} />
          <span className={styles.skeletonBar} style={{ width: `${[46, 32, 40][i]}%` }} />
          <span className={styles.skeletonBar} style={{ width: 80 }} />
          <span className={styles.skeletonBar} style={{ width: 60 }} />
        </div>
      ))}
    </div>
  );
}
