"use client";
import { useEffect, useState, type KeyboardEvent } from "react";
import { useTimes } from "@/components/home/useTimes";
import { Button, IconButton, RefreshIcon } from "@/components/ui";
import { Empty, LoadError, Loading } from "@/components/run/common";
import { useEditor } from "@/components/board/EditorContext";
import type { RevisionInfo } from "@/lib/contracts/boards";
import { ComparePane } from "./ComparePane";
import { useHistory } from "./HistoryContext";
import { compareTargets } from "./revisionList";
import { useRevisionList } from "./useRevisionList";
import styles from "./history.module.css";
import { useStrings } from "@/components/i18n/LocaleProvider";

const selectBoardId = (s: { boardId: string }) => s.boardId;
const selectRevision = (s: { revision: number }) => s.revision;

/** The History tab: the board's revisions, newest first (click one to view it read-only), beside the comparison. */
export function HistoryPanel({ onReveal }: { onReveal(nodeIds: readonly string[]): void }) {
  const S = useStrings().history;
  const boardId = useEditor(selectBoardId);
  const current = useEditor(selectRevision);
  const revisions = useRevisionList(boardId, current);
  const history = useHistory();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(t);
  }, []);
  const list = revisions.list.revisions;
  const newest = Math.max(current, list[0]?.revision ?? 0);
  const viewing = history.view?.revision ?? null;

  return (
    <div className={styles.panel} data-testid="history-panel">
      <section className={styles.listSide} aria-label={S.panelLabel}>
        <header className={styles.head}>
          <h4 className={styles.title}>{S.tab}</h4>
          <IconButton label={S.refresh} size="sm" onClick={revisions.reload}>
            <RefreshIcon />
          </IconButton>
        </header>
        {revisions.loading ? (
          <Loading label={S.loading} />
        ) : revisions.error && list.length === 0 ? (
          <LoadError error={revisions.error} onRetry={revisions.reload} title={S.loadFailed} />
        ) : list.length === 0 ? (
          <Empty testId="history-empty">{S.empty}</Empty>
        ) : (
          <>
            <ul className={styles.list} aria-label={S.listLabel} onKeyDown={moveBetweenRows} data-testid="revision-list">
              {list.map((r) => (
                <RevisionRow
                  key={r.revision}
                  info={r}
                  now={now}
                  current={r.revision === newest}
                  viewing={r.revision === viewing}
                  onOpen={() => history.open(r.revision)}
                  compare={compareTargets(r.revision, newest)}
                  onCompare={(c) => history.compare(c)}
                />
              ))}
            </ul>
            {revisions.error && <p className={styles.inlineError} role="alert">{revisions.error.message}</p>}
            {revisions.list.next !== null && (
              <div className={styles.older}>
                <Button size="sm" onClick={revisions.loadOlder} busy={revisions.loadingOlder} data-testid="history-load-older">
                  {revisions.loadingOlder ? S.loadingOlder : S.loadOlder}
                </Button>
              </div>
            )}
          </>
        )}
      </section>
      <ComparePane revisions={list} newest={newest} onReveal={onReveal} />
    </div>
  );
}

function RevisionRow({
  info, now, current, viewing, onOpen, compare, onCompare,
}: {
  info: RevisionInfo;
  now: number;
  current: boolean;
  viewing: boolean;
  onOpen(): void;
  compare: { from: number; to: number } | null;
  onCompare(c: { from: number; to: number }): void;
}) {
  const S = useStrings().history;
  const times = useTimes();
  const when = times.relative(info.savedAt, now);
  const breaking = info.summary.breaking;
  // A board's first revision is #1 (stored as "Created with N stickies").
  const summary = S.summary(info.summary, info.revision === 1);
  return (
    <li className={viewing ? styles.rowViewing : styles.row} data-revision={info.revision} data-testid="revision-row">
      <button type="button" className={styles.rowMain} onClick={onOpen} aria-current={viewing || undefined} aria-label={S.viewRevision(info.revision, when)} data-row-main>
        <span className={styles.revNo}>{S.revisionNo(info.revision)}</span>
        <span className={styles.when} title={times.absolute(info.savedAt)}>
          {when}
        </span>
        <span className={styles.summary} title={summary}>
          {summary}
          {info.authors.length > 0 && <span className={styles.authors}>{S.by(info.authors)}</span>}
        </span>
        {breaking > 0 && (
          <span className={styles.breakingBadge} title={S.breakingBadgeTitle(breaking)} data-testid="breaking-badge">
            {S.breakingBadge(breaking)}
          </span>
        )}
        {current && <span className={styles.tag}>{S.current}</span>}
        {viewing && <span className={styles.tagViewing}>{S.viewing}</span>}
      </button>
      {compare && (
        <button
          type="button"
          className={styles.rowAction}
          onClick={() => onCompare(compare)}
          aria-label={current ? S.compareWithPreviousLabel(info.revision) : S.compareWithCurrentLabel(info.revision)}
        >
          {current ? S.compareWithPrevious : S.compareWithCurrent}
        </button>
      )}
    </li>
  );
}

/** Up and down arrows move between the rows' main buttons, as in a list box. */
function moveBetweenRows(e: KeyboardEvent<HTMLUListElement>) {
  if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
  const rows = [...e.currentTarget.querySelectorAll<HTMLButtonElement>("[data-row-main]")];
  const at = rows.findIndex((b) => b.closest("li")?.contains(document.activeElement));
  if (at < 0) return;
  const next = rows[e.key === "ArrowDown" ? Math.min(at + 1, rows.length - 1) : Math.max(at - 1, 0)];
  e.preventDefault();
  next?.focus();
}
