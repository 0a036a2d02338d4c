"use client";
import type { ReactNode } from "react";
import { Alert, Button } from "@/components/ui";
import type { ApiError } from "@/lib/client/runsApi";
import type { RunStatus } from "@/lib/contracts/runs";
import { formatCount } from "./format";
import { apiErrorText } from "./hooks";
import styles from "./common.module.css";
import { useStrings } from "@/components/i18n/LocaleProvider";

/** What a panel says when it has nothing to show, and what to do next. */
export function Empty({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <div className={styles.empty} data-testid={testId}>
      {children}
    </div>
  );
}

/** A quiet loading line (the panels load in well under a second). */
export function Loading({ label }: { label?: string }) {
  const S = useStrings().run;
  return (
    <div className={styles.loading} role="status" aria-live="polite">
      <span className={styles.spinner} aria-hidden="true" />
      {label ?? S.loading}
    </div>
  );
}

/** A load that failed, with Retry. */
export function LoadError({ error, onRetry, title }: { error: ApiError; onRetry(): void; title?: string }) {
  const S = useStrings().run;
  return (
    <div className={styles.pad}>
      <Alert
        title={title ?? S.loadFailed}
        actions={
          <Button size="sm" onClick={onRetry}>
            {S.retry}
          </Button>
        }
      >
        {apiErrorText(error)}
      </Alert>
    </div>
  );
}

/**
 * The states every loaded list of the run panels goes through, in one place: loading, failed with
 * nothing to show (the error, with Retry), empty (`empty` says what to do next), or the content.
 * Data already shown stays on screen while a refresh fails.
 */
export function Loaded({
  resource,
  failedTitle,
  empty,
  emptyTestId,
  children,
}: {
  resource: { loading: boolean; error: ApiError | null; data: unknown; reload(): void };
  failedTitle: string;
  /** What to say when there is nothing to show; null when there is. */
  empty: ReactNode | null;
  emptyTestId?: string;
  children(): ReactNode;
}) {
  if (resource.loading) return <Loading />;
  if (resource.error && !resource.data) return <LoadError error={resource.error} onRetry={resource.reload} title={failedTitle} />;
  if (empty !== null) return <Empty testId={emptyTestId}>{empty}</Empty>;
  return <>{children()}</>;
}

/** A run's status as a small coloured chip. */
export function StatusChip({ status, warning = null }: { status: RunStatus | null; warning?: string | null }) {
  const S = useStrings().run;
  const s = status ?? "running";
  // A warning (a completed run whose sagas failed) takes the warning tone, with a mark and the words in its tooltip.
  return (
    <span className={`${styles.chip} ${warning ? styles.warn : (styles[`status-${s}`] ?? "")}`} data-status={s} data-tone={warning ? "warn" : undefined} title={warning ?? undefined}>
      {s === "running" ? <span className={styles.pulse} aria-hidden="true" /> : null}
      {warning ? <span aria-hidden="true">⚠</span> : null}
      {S.status[s]}
    </span>
  );
}

/** JSON, indented, in a scrollable monospace block. */
export function JsonBlock({ value, label }: { value: unknown; label?: string }) {
  let text: string;
  try {
    text = JSON.stringify(value, null, 2) ?? "undefined";
  } catch {
    text = String(value);
  }
  return (
    <pre className={styles.json} aria-label={label} tabIndex={0}>
      {text}
    </pre>
  );
}

/**
 * The foot of a paged list: how many items are shown, and "Load more" while the store holds
 * more (`more`); `busy` while a page is on its way.
 */
export function LoadMore({ shown, more, busy, onMore, testId }: { shown: number; more: boolean; busy: boolean; onMore(): void; testId: string }) {
  const S = useStrings().run;
  return (
    <div className={styles.loadMore} data-testid={testId}>
      <span className={styles.loadMoreCount} data-testid={`${testId}-count`} data-shown={shown}>
        {S.shownOf(formatCount(shown), more)}
      </span>
      {more ? (
        <Button size="sm" onClick={onMore} busy={busy}>
          {S.loadMore}
        </Button>
      ) : null}
    </div>
  );
}
