"use client";
import { useState } from "react";
import { boardsApi } from "@/lib/client/apiClient";
import { useEditor, useEditorStore } from "./EditorContext";
import { useStrings } from "@/components/i18n/LocaleProvider";
import styles from "./board.module.css";

// Two primitive selectors, not one joined string: a server message may itself contain the separator.
const selectStatus = (s: { saveStatus: string }) => s.saveStatus;
const selectMessage = (s: { saveMessage: string | null }) => s.saveMessage ?? "";

/**
 * Shown when a save failed. A conflict (the board was saved elsewhere) offers both ways out,
 * never losing either side silently: reload theirs (after downloading mine if wanted) or overwrite.
 */
export function ConflictBanner({ saver }: { saver: { flush(): Promise<void> } }) {
  const store = useEditorStore();
  const status = useEditor(selectStatus);
  const message = useEditor(selectMessage);
  const [busy, setBusy] = useState(false);
  const S = useStrings().board;
  if (status !== "conflict" && status !== "error") return null;

  const reload = async () => {
    setBusy(true);
    try {
      const theirs = await boardsApi.get(store.getState().boardId);
      store.getState().loadFromServer(theirs.board, theirs.revision);
    } finally {
      setBusy(false);
    }
  };
  const overwrite = async () => {
    setBusy(true);
    try {
      const theirs = await boardsApi.get(store.getState().boardId);
      store.setState({ revision: theirs.revision, saveStatus: "dirty", saveMessage: null });
      await saver.flush();
    } finally {
      setBusy(false);
    }
  };
  const retry = async () => {
    store.setState({ saveStatus: "dirty", saveMessage: null });
    await saver.flush();
  };

  return (
    <div className={styles.banner} role="alert" data-testid={status === "conflict" ? "conflict-banner" : "save-error-banner"}>
      <span>
        {status === "conflict"
          ? S.conflict
          : S.notSaved(message)}
      </span>
      {status === "conflict" ? (
        <>
          <button type="button" className={styles.tool} disabled={busy} onClick={() => void reload()}>
            {S.reloadTheirs}
          </button>
          <button type="button" className={styles.toolPrimary} disabled={busy} onClick={() => void overwrite()}>
            {S.overwrite}
          </button>
        </>
      ) : (
        <button type="button" className={styles.toolPrimary} onClick={() => void retry()}>
          {S.retry}
        </button>
      )}
    </div>
  );
}
