"use client";
import type { ReactNode } from "react";
import { Alert } from "@/components/ui";
import type { RunCounters, RunInfo, RunStatus } from "@/lib/contracts/runs";
import type { RunViewActions, RunViewState } from "@/lib/editor/runStore";
import { isGoing, type RunSummaryView } from "@/lib/editor/runSource";
import { Empty, StatusChip } from "./common";
import { formatCount, formatDuration, progressFraction, shortId } from "./format";
import { faultLabel } from "./runForm";
import { useRunView } from "./RunViewContext";
import styles from "./RunPanel.module.css";
import { useStrings } from "@/components/i18n/LocaleProvider";

type RunView = RunViewState & RunViewActions;
const selectNotice = (s: RunView) => s.notice;
const selectRequestedCount = (s: RunView) => s.requestedCount;

/** Progress, live counters and, once finished, the summary with its invariants. */
export function RunProgress({
  runId,
  info,
  status,
  counters,
  summary,
  connected,
}: {
  runId: string | null;
  info: RunInfo | undefined;
  status: RunStatus | null;
  counters: RunCounters | null;
  summary: RunSummaryView | null;
  connected: boolean;
}) {
  const S = useStrings().run;
  const notice = useRunView(selectNotice, null);
  const requested = useRunView(selectRequestedCount, null);
  if (!runId) {
    return (
      <section className={styles.progress} aria-label={S.progressLabel}>
        <Empty testId="run-empty">{S.noRun}</Empty>
      </section>
    );
  }
  const total = info?.scenario?.count ?? summary?.count ?? requested ?? 0;
  const command = info?.scenario?.command ?? summary?.command ?? "";
  const finished = counters?.instances.finished ?? (summary ? summary.count : 0);
  const fraction = status === "completed" ? 1 : progressFraction(finished, total);
  const sagas = counters?.sagas ?? summary?.sagas;
  const events = counters?.events ?? summary?.events;
  const conflicts = counters?.concurrencyConflicts ?? summary?.concurrencyConflicts;

  return (
    <section className={styles.progress} aria-label={S.progressLabel} data-testid="run-progress" data-status={status ?? "running"}>
      <header className={styles.progressHead}>
        <StatusChip status={status} />
        {command ? <span className={styles.runTitle}>{S.runOf(command, formatCount(total))}</span> : null}
        <span className={styles.runId} title={runId}>
          {S.runId} {shortId(runId)}
        </span>
        {info?.scenario && info.scenario.faults.length > 0 ? (
          <span className={styles.faultTags}>
            {info.scenario.faults.map((f, i) => (
              <code key={i} className={styles.faultTag}>
                {faultLabel(f)}
              </code>
            ))}
          </span>
        ) : null}
        {isGoing(status) ? <span className={connected ? styles.live : styles.offline}>{connected ? S.live : S.offline}</span> : null}
        {notice ? (
          <span className={styles.offline} role="status" title={notice} data-testid="run-stream-notice">
            {notice}
          </span>
        ) : null}
      </header>

      <div className={styles.barRow}>
        <div
          className={styles.bar}
          role="progressbar"
          aria-label={S.progressLabel}
          aria-valuemin={0}
          aria-valuemax={total || undefined}
          aria-valuenow={total ? Math.min(finished, total) : undefined}
          data-testid="run-progressbar"
        >
          <div className={`${styles.barFill} ${status ? (styles[`fill-${status}`] ?? "") : ""}`} style={{ width: `${fraction * 100}%` }} />
        </div>
        <span className={styles.barText}>{total ? S.instances(formatCount(finished), formatCount(total)) : S.instancesUnknown(formatCount(finished))}</span>
      </div>

      <div className={styles.counterGroups} data-testid="run-counters">
        <CounterGroup title={S.groupSagas}>
          <Counter label={S.counters.sagasStarted} value={sagas?.started} />
          <Counter label={S.counters.sagasCompleted} value={sagas?.completed} tone="ok" testId="counter-sagas-completed" />
          <Counter label={S.counters.sagasCompensated} value={sagas?.compensated} tone="violet" testId="counter-sagas-compensated" />
          <Counter label={S.counters.sagasFailed} value={sagas?.failed} tone={sagas?.failed ? "bad" : undefined} testId="counter-sagas-failed" />
        </CounterGroup>
        <CounterGroup title={S.groupEvents}>
          <Counter label={S.counters.appended} value={events?.appended} testId="counter-events-appended" />
          <Counter label={S.counters.published} value={events?.published} />
          <Counter label={S.counters.delivered} value={events?.delivered} />
          <Counter label={S.counters.duplicatesSkipped} value={events?.duplicatesSkipped} />
        </CounterGroup>
        <CounterGroup title={S.groupDelivery}>
          <Counter label={S.counters.retried} value={events?.retried} tone={events?.retried ? "warn" : undefined} />
          <Counter label={S.counters.deadLettered} value={events?.deadLettered} tone={events?.deadLettered ? "bad" : undefined} testId="counter-dead-letters" />
          <Counter label={S.counters.concurrencyConflicts} value={conflicts} />
          {counters ? <Counter label={S.counters.commandsRejected} value={counters.commands.rejected} tone={counters.commands.rejected ? "warn" : undefined} /> : null}
        </CounterGroup>
      </div>

      {status === "error" && info?.error ? <Alert title={S.runError}>{info.error}</Alert> : null}
      {summary ? <Summary summary={summary} /> : null}
    </section>
  );
}

function CounterGroup({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className={styles.counterGroup}>
      <h4 className={styles.groupTitle}>{title}</h4>
      <dl className={styles.counters}>{children}</dl>
    </div>
  );
}

function Counter({ label, value, tone, testId }: { label: string; value: number | undefined; tone?: "ok" | "bad" | "warn" | "violet"; testId?: string }) {
  return (
    <div className={styles.counter}>
      <dt>{label}</dt>
      <dd className={tone ? styles[`tone-${tone}`] : undefined} data-testid={testId}>
        {formatCount(value)}
      </dd>
    </div>
  );
}

function Summary({ summary }: { summary: RunSummaryView }) {
  const S = useStrings().run;
  const failed = summary.invariants.filter((i) => !i.ok).length;
  return (
    <section className={styles.summary} aria-label={S.summary} data-testid="run-summary">
      <header className={styles.summaryHead}>
        <h4 className={styles.groupTitle}>{S.invariants}</h4>
        <span className={failed ? styles.summaryBad : styles.summaryOk}>{failed ? S.someInvariantsFail(failed) : S.allInvariantsHold}</span>
        <span className={styles.summaryMeta}>
          {S.duration} <span className={styles.numText}>{formatDuration(summary.durationMs)}</span> · {S.seedUsed} <code>{summary.seed}</code>
          {summary.broker ? (
            <>
              {" "}
              · <span data-testid="run-summary-broker">{S.ranOn(summary.broker.kind, summary.broker.url, summary.broker.resources.length)}</span>
            </>
          ) : null}
        </span>
      </header>
      <ul className={styles.invariants}>
        {summary.invariants.map((inv) => (
          <li key={inv.name} className={styles.invariant} data-invariant={inv.name} data-ok={inv.ok}>
            <span className={inv.ok ? styles.invOk : styles.invBad} aria-label={inv.ok ? S.invariantOk : S.invariantFailed}>
              {inv.ok ? "✓" : "✕"}
            </span>
            <span className={styles.invName}>{S.invariantNames[inv.name] ?? inv.name}</span>
            <span className={styles.invDetail}>{S.invariantDetail(inv)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
