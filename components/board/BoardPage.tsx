"use client";
import { useEffect, useState } from "react";
import Link from "next/link";
import { ReactFlowProvider } from "@xyflow/react";
import { ApiError, boardsApi } from "@/lib/client/apiClient";
import { createEditorStore, type EditorStore } from "@/lib/editor/store";
import { EditorProvider } from "./EditorContext";
import { Workspace } from "./Workspace";
import { useStrings } from "@/components/i18n/LocaleProvider";
import styles from "./board.module.css";

type Loaded = { status: "loading" } | { status: "error"; message: string; notFound: boolean } | { status: "ready"; store: EditorStore };

/** A fresh sticky/edge id: a prefix and 8 random hex digits (ids are per board, so this is plenty). */
function newId(prefix: string): string {
  return `${prefix}-${crypto.randomUUID().slice(0, 8)}`;
}

/** `/boards/:id`: loads the board, then hands one editor store to the workspace. */
export function BoardPage({ id }: { id: string }) {
  const [loaded, setLoaded] = useState<Loaded>({ status: "loading" });
  const [attempt, setAttempt] = useState(0);
  const S = useStrings().board;

  useEffect(() => {
    let cancelled = false;
    boardsApi.get(id).then(
      (stored) => {
        if (cancelled) return;
        const store = createEditorStore({ boardId: stored.id, board: stored.board, revision: stored.revision }, { newId, now: () => Date.now() });
        setLoaded({ status: "ready", store });
      },
      (err: unknown) => {
        if (cancelled) return;
        const notFound = err instanceof ApiError && err.status === 404;
        setLoaded({ status: "error", message: err instanceof Error ? err.message : String(err), notFound });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [id, attempt]);

  if (loaded.status === "loading") {
    return (
      <div className={styles.centerMessage} aria-busy="true" data-testid="board-loading">
        <div className={styles.spinner} /> {S.loadingBoard}
      </div>
    );
  }
  if (loaded.status === "error") {
    return (
      <div className={styles.centerMessage} role="alert">
        <p>{loaded.notFound ? S.notFound : S.loadFailed(loaded.message)}</p>
        <p>
          <Link href="/">{S.allBoardsLink}</Link>
          {!loaded.notFound && (
            <button type="button" className={styles.tool} onClick={() => setAttempt((a) => a + 1)}>
              {S.retry}
            </button>
          )}
        </p>
      </div>
    );
  }
  return (
    <EditorProvider value={loaded.store}>
      <ReactFlowProvider>
        <Workspace />
      </ReactFlowProvider>
    </EditorProvider>
  );
}
