"use client";
import { useMemo } from "react";
import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { RefreshIcon } from "@/components/ui/icons";
import { BoardListToolbar } from "./BoardListToolbar";
import { BoardTable, SkeletonList } from "./BoardTable";
import { DeleteBoardDialog } from "./DeleteBoardDialog";
import { EmptyBoards } from "./EmptyBoards";
import { IssueList } from "./IssueList";
import { templateChoices } from "./templates";
import { useBoardList } from "./useBoardList";
import { useFileDrop } from "./useFileDrop";
import styles from "./home.module.css";
import { useStrings } from "@/components/i18n/LocaleProvider";

/**
 * The home page's board list: create (blank, template, import), rename, duplicate and delete.
 * Every request goes through `boardsApi`; the list reloads after each change. Its state and
 * requests are in useBoardList.ts (over boardListState.ts's reducer); this lays out the parts.
 */
export function BoardList() {
  const S = useStrings().home;
  const list = useBoardList();
  const { state, dispatch } = list;
  const templates = useMemo(() => templateChoices(), []);
  const drop = useFileDrop(state.creating === null, list.importFile);
  const boards = state.list.status === "ready" ? state.list.boards : null;

  return (
    <section
      className={[styles.boards, drop.dragging ? styles.dragging : ""].filter(Boolean).join(" ")}
      aria-labelledby="boards-heading"
      {...drop.handlers}
    >
      <BoardListToolbar
        count={boards ? boards.length : null}
        creating={state.creating}
        templates={templates}
        onImport={list.importFile}
        onTemplate={list.fromTemplate}
        onNewBoard={list.newBoard}
      />

      {state.problem ? (
        <Alert title={state.problem.title} onDismiss={() => dispatch({ type: "problemDismissed" })} dismissLabel={S.dismiss} className={styles.problem}>
          <IssueList problem={state.problem} />
        </Alert>
      ) : null}

      {state.list.status === "loading" ? <SkeletonList /> : null}

      {state.list.status === "error" ? (
        <Alert
          title={S.loadFailed}
          actions={
            <Button size="sm" icon={<RefreshIcon />} onClick={() => void list.load()}>
              {S.retry}
            </Button>
          }
        >
          {state.list.message}
        </Alert>
      ) : null}

      {boards && boards.length === 0 ? (
        <EmptyBoards creating={state.creating} templates={templates} onTemplate={list.fromTemplate} onNewBoard={list.newBoard} />
      ) : null}

      {boards && boards.length > 0 ? (
        <>
          <BoardTable boards={boards} state={state} now={list.now} dispatch={dispatch} onRename={list.rename} onDuplicate={list.duplicate} />
          <p className={styles.tip}>{S.dropTip}</p>
        </>
      ) : null}

      <DeleteBoardDialog state={state} dispatch={dispatch} onConfirm={list.confirmDelete} />
    </section>
  );
}

export default BoardList;
