"use client";
import { useState } from "react";
import { Button, IconButton, RefreshIcon } from "@/components/ui";
import { ApiError, runsApi, type DeadLetter, type ReplayReport } from "@/lib/client/runsApi";
import { Empty, JsonBlock, Loaded } from "./common";
import { formatCount, formatIsoClock, shortId } from "./format";
import { apiErrorText, useOnRunEnd, useResource, useRunGoing } from "./hooks";
import styles from "./DlqPanel.module.css";
import { useStrings } from "@/components/i18n/LocaleProvider";
import { useRunViewStore } from "./RunViewContext";

type ReplayState = { busy: true } | { busy: false; report: ReplayReport } | { busy: false; error: ApiError };

/** The DLQ tab: the run's dead letters, each with Replay (same message id) and its outcome. */
export function DlqPanel({ runId }: { runId: string | null }) {
  return <Dlq key={runId ?? ""} runId={runId} />;
}

function Dlq({ runId }: { runId: string | null }) {
  const S = useStrings().run;
  const going = useRunGoing(runId);
  const letters = useResource<DeadLetter[]>(runId, () => runsApi.deadLetters(runId!), going ? 2000 : null);
  const runView = useRunViewStore();
  useOnRunEnd(runId, letters.reload);
  const [replays, setReplays] = useState<ReadonlyMap<string, ReplayState>>(new Map());
  const [open, setOpen] = useState<string | null>(null);

  if (!runId) return <Empty testId="dlq-empty">{S.noRunHere}</Empty>;

  const replay = async (messageId: string) => {
    setReplays((m) => new Map(m).set(messageId, { busy: true }));
    let state: ReplayState;
    try {
      state = { busy: false, report: await runsApi.replay(runId, messageId) };
    } catch (err) {
      state = { busy: false, error: err instanceof ApiError ? err : new ApiError(0, "client_error", String(err)) };
    }
    setReplays((m) => new Map(m).set(messageId, state));
    letters.reload();
    // What the replay did is in the run now (its spans, its summary): the canvas and the Run tab
    // read it as they read the rest of the run.
    runView?.getState().resync(runId);
  };

  const list = letters.data ?? [];
  return (
    <div className={styles.panel} data-testid="dlq">
      <div className={styles.toolbar}>
        <span className={styles.count}>{letters.data ? S.dlqCount(formatCount(list.length)) : ""}</span>
        <span className={styles.spacer} />
        <IconButton label={S.refresh} size="sm" onClick={letters.reload} disabled={letters.busy}>
          <RefreshIcon />
        </IconButton>
      </div>
      <div className={styles.scroller}>
        <Loaded resource={letters} failedTitle={S.dlqLoadFailed} empty={list.length === 0 ? S.dlqEmpty : null} emptyTestId="dlq-none">
          {() => (
            <table className={styles.table} data-testid="dlq-table">
              <thead>
                <tr>
                  <th>{S.dlqGroup}</th>
                  <th>{S.dlqMessage}</th>
                  <th>{S.dlqEventType}</th>
                  <th className={styles.right}>{S.dlqAttempts}</th>
                  <th>{S.dlqError}</th>
                  <th>{S.dlqTime}</th>
                  <th>{S.dlqReplayStatus}</th>
                  <th aria-label={S.replay} />
                </tr>
              </thead>
              <tbody>
                {list.map((d) => {
                  const key = `${d.consumerGroup}|${d.messageId}`;
                  const state = replays.get(d.messageId);
                  const isOpen = open === key;
                  return (
                    <DlqRow
                      key={key}
                      letter={d}
                      state={state}
                      open={isOpen}
                      onToggle={() => setOpen(isOpen ? null : key)}
                      onReplay={() => void replay(d.messageId)}
                    />
                  );
                })}
              </tbody>
            </table>
          )}
        </Loaded>
      </div>
    </div>
  );
}

function DlqRow({ letter: d, state, open, onToggle, onReplay }: { letter: DeadLetter; state: ReplayState | undefined; open: boolean; onToggle(): void; onReplay(): void }) {
  const S = useStrings().run;
  const result = state && !state.busy && "report" in state ? state.report.results.find((r) => r.consumerGroup === d.consumerGroup) : undefined;
  return (
    <>
      <tr data-message={d.messageId} data-group={d.consumerGroup} data-replay={d.replayStatus ?? "none"}>
        <td className={styles.group}>{d.consumerGroup}</td>
        <td>
          <button type="button" className={styles.idButton} onClick={onToggle} aria-expanded={open} title={d.messageId}>
            {shortId(d.messageId)}
          </button>
        </td>
        <td className={styles.type}>{d.message?.eventType ?? d.message?.eventName ?? "–"}</td>
        <td className={styles.num}>{formatCount(d.attempts)}</td>
        <td className={styles.error} title={d.lastError}>
          {d.lastError}
        </td>
        <td className={styles.time} title={d.deadLetteredAt}>
          {formatIsoClock(d.deadLetteredAt)}
        </td>
        <td>
          {d.replayStatus === "ok" ? (
            <span className={styles.ok}>{S.dlqReplayedOk}</span>
          ) : d.replayStatus === "error" ? (
            <span className={styles.bad}>{S.dlqReplayedError}</span>
          ) : (
            <span className={styles.muted}>{S.dlqNotReplayed}</span>
          )}
        </td>
        <td className={styles.right}>
          <Button size="sm" onClick={onReplay} busy={state?.busy} disabled={d.replayStatus === "ok"} aria-label={S.replayLabel(d.messageId)} data-testid="dlq-replay">
            {S.replay}
          </Button>
        </td>
      </tr>
      {state && !state.busy ? (
        <tr className={styles.resultRow}>
          <td colSpan={8} role="status">
            {"error" in state ? (
              <span className={styles.bad}>
                {S.replayFailed} {apiErrorText(state.error)}
              </span>
            ) : result ? (
              <>
                <span className={result.status === "ok" ? styles.ok : styles.bad}>{result.status === "ok" ? S.replayOk(result.consumerGroup) : S.replayError(result.consumerGroup, result.error ?? "")}</span>
                {/* Went through, but its saga could not take it: said, not left looking like a plain success. */}
                {result.note ? <span className={styles.note}> ⚠ {result.note}</span> : null}
              </>
            ) : (
              state.report.results.map((r) => (
                <span key={r.consumerGroup}>
                  <span className={r.status === "ok" ? styles.ok : styles.bad}>{r.status === "ok" ? S.replayOk(r.consumerGroup) : S.replayError(r.consumerGroup, r.error ?? "")}</span>
                  {r.note ? <span className={styles.note}> ⚠ {r.note}</span> : null}{" "}
                </span>
              ))
            )}
          </td>
        </tr>
      ) : null}
      {open ? (
        <tr className={styles.detailRow}>
          <td colSpan={8}>
            <div className={styles.jsonPair}>
              <div>
                <h5 className={styles.sub}>{S.payload}</h5>
                <JsonBlock value={d.message?.payload} label={S.payload} />
              </div>
              <div>
                <h5 className={styles.sub}>{S.headers}</h5>
                <JsonBlock value={d.message?.headers} label={S.headers} />
              </div>
            </div>
          </td>
        </tr>
      ) : null}
    </>
  );
}
