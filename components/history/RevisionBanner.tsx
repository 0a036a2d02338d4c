"use client";
import { useState } from "react";
import { useTimes } from "@/components/home/useTimes";
import { Button, ConfirmDialog } from "@/components/ui";
import { useEditor } from "@/components/board/EditorContext";
import { useHistory } from "./HistoryContext";
import styles from "./history.module.css";
import { useStrings } from "@/components/i18n/LocaleProvider";

const selectRevision = (s: { revision: number }) => s.revision;

/**
 * Above the canvas while an old revision is on screen: which one, read-only, and the ways out
 * (back to the live board, or restore it after a confirmation). Always mounted as a status
 * region, so screen readers announce it when it fills.
 */
export function RevisionBanner() {
  const S = useStrings().history;
  const times = useTimes();
  const history = useHistory();
  const current = useEditor(selectRevision);
  const view = history.view;
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const confirm = async (revision: number) => {
    setBusy(true);
    setError(null);
    const outcome = await history.restore(revision);
    setBusy(false);
    if (outcome.ok) setAsking(false);
    else setError(outcome.message);
  };

  return (
    <>
      <div role="status" aria-live="polite" className={view || history.notice ? styles.bannerSlot : undefined} data-testid="revision-status">
        {view?.status === "loading" && <div className={styles.banner}>{S.viewLoading(view.revision)}</div>}
        {view?.status === "error" && (
          <div className={styles.bannerError}>
            <span className={styles.bannerText}>{S.viewFailed(view.revision, view.message)}</span>
            <Button size="sm" onClick={history.back}>
              {S.backToCurrent}
            </Button>
          </div>
        )}
        {view?.status === "ready" && (
          <div className={styles.banner} data-testid="revision-banner" data-revision={view.revision}>
            <span className={styles.bannerText}>
              <strong>{S.banner(view.revision, times.absolute(view.savedAt))}</strong>
              <span className={styles.bannerName} data-testid="revision-board-name">
                {S.bannerBoardName(view.board.name)}
              </span>
            </span>
            <Button size="sm" onClick={history.back}>
              {S.backToCurrent}
            </Button>
            <Button size="sm" variant="primary" onClick={() => setAsking(true)} disabled={view.revision === current}>
              {S.restoreThis}
            </Button>
          </div>
        )}
        {!view && history.notice && <div className={styles.bannerNotice}>{history.notice}</div>}
      </div>
      {view?.status === "ready" && (
        <ConfirmDialog
          open={asking}
          title={S.restoreTitle(view.revision)}
          confirmLabel={S.restoreConfirm}
          cancelLabel={S.cancel}
          tone="default"
          busy={busy}
          error={error}
          onConfirm={() => void confirm(view.revision)}
          onCancel={() => {
            setAsking(false);
            setError(null);
          }}
        >
          {S.restoreBody(view.revision, current)}
        </ConfirmDialog>
      )}
    </>
  );
}
