"use client";
import { useEffect, useState } from "react";
import { useTimes } from "@/components/home/useTimes";
import { IconButton, RefreshIcon } from "@/components/ui";
import { runsApi, type RunHistoryEntry } from "@/lib/client/runsApi";
import type { RunViewActions, RunViewState } from "@/lib/editor/runStore";
import { Loaded, StatusChip } from "./common";
import { formatCount, formatDuration } from "./format";
import { useOnRunEnd, useOnRunResync, useResource } from "./hooks";
import { historySagas } from "./historyRow";
import { faultLabel } from "./runForm";
import { useRunView } from "./RunViewContext";
import styles from "./RunHistory.module.css";
import { useStrings } from "@/components/i18n/LocaleProvider";

const selectRunId = (s: RunViewState & RunViewActions) => s.runId;

/** The board's runs, newest first; clicking one opens it (its trace is replayed from the database). */
export function RunHistory({ boardId, onOpen }: { boardId: string; onOpen(runId: string): void }) {
  const S = useStrings().run;
  const times = useTimes();
  const onScreen = useRunView(selectRunId, null);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(t);
  }, []);
  const [anyRunning, setAnyRunning] = useState(false);
  const runs = useResource<RunHistoryEntry[]>(boardId, () => runsApi.history(boardId), anyRunning ? 3000 : null);
  const list = runs.data;
  useEffect(() => setAnyRunning(Boolean(list?.some((r) => r.status === "running"))), [list]);
  // A run started or opened here shows up (and its end too) without a manual refresh.
  const reload = runs.reload;
  const [seen, setSeen] = useState(onScreen);
  useEffect(() => {
    if (onScreen !== seen) {
      setSeen(onScreen);
      if (onScreen && !list?.some((r) => r.runId === onScreen)) reload();
    }
  }, [onScreen, seen, list, reload]);
  useOnRunEnd(onScreen, reload);
  // A replayed dead letter changes the run's summary (its sagas, even its status).
  useOnRunResync(reload);

  return (
    <section className={styles.panel} aria-label={S.historyLabel} data-testid="run-history">
      <header className={styles.head}>
        <h4 className={styles.title}>{S.historyLabel}</h4>
        <IconButton label={S.refresh} size="sm" onClick={runs.reload} disabled={runs.busy}>
          <RefreshIcon />
        </IconButton>
      </header>
      <Loaded resource={runs} failedTitle={S.historyLoadFailed} empty={!list || list.length === 0 ? S.historyEmpty : null} emptyTestId="run-history-empty">
        {() => (
          <ul className={styles.list}>
            {list!.map((r) => {
              const sagas = historySagas(r.summary?.sagas ?? r.counters?.sagas, S);
              const duration = r.summary?.durationMs ?? (r.finishedAt ? Date.parse(r.finishedAt) - Date.parse(r.createdAt) : r.status === "running" ? now - Date.parse(r.createdAt) : null);
              const when = times.relative(r.createdAt, now);
              const faults = r.scenario?.faults ?? [];
              return (
                <li key={r.runId}>
                  <button
                    type="button"
                    className={r.runId === onScreen ? styles.rowCurrent : styles.row}
                    onClick={() => onOpen(r.runId)}
                    aria-label={S.historyOpen(when, sagas?.warning ?? null)}
                    aria-current={r.runId === onScreen || undefined}
                    data-run={r.runId}
                  >
                    <StatusChip status={r.status} warning={sagas?.warning} />
                    <span className={styles.when} title={times.absolute(r.createdAt)}>
                      {when}
                    </span>
                    <span className={styles.what}>{r.scenario ? S.runOf(r.scenario.command, formatCount(r.scenario.count)) : r.runId}</span>
                    <span className={styles.faults}>
                      {r.summary?.broker ? (
                        <code className={styles.broker} title={S.historyBrokerTitle(r.summary.broker.kind, r.summary.broker.url)} data-testid="run-history-broker">
                          {S.historyBroker(r.summary.broker.kind)}
                        </code>
                      ) : null}
                      {faults.length === 0 ? (
                        <span className={styles.muted}>{S.historyNoFaults}</span>
                      ) : (
                        faults.map((f, i) => (
                          <code key={i} className={styles.fault}>
                            {faultLabel(f)}
                          </code>
                        ))
                      )}
                    </span>
                    <span className={sagas?.warning ? styles.sagasWarn : styles.sagas} data-testid="run-history-sagas" data-tone={sagas?.warning ? "warn" : undefined} title={sagas?.warning ?? undefined}>
                      {sagas?.text ?? ""}
                    </span>
                    <span className={styles.duration}>{formatDuration(duration)}</span>
                    {r.runId === onScreen ? <span className={styles.here}>{S.historyOnScreen}</span> : <span />}
                  </button>
                </li>
              );
            })}
          </ul>
        )}
      </Loaded>
    </section>
  );
}
