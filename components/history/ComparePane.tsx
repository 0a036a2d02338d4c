"use client";
import { useId, useState } from "react";
import { CloseIcon, IconButton, Select } from "@/components/ui";
import { LoadError, Loading } from "@/components/run/common";
import type { RevisionInfo } from "@/lib/contracts/boards";
import { COMPAT_MODES, isCompatMode } from "@/lib/model/compatModes";
import type { ContractChange } from "@/lib/model/diffBoards";
import { changePath, changeTitle, diffHeadline, fromTo, orderedChanges } from "./compareView";
import { useHistory } from "./HistoryContext";
import styles from "./history.module.css";
import { useStrings } from "@/components/i18n/LocaleProvider";
import type { HistoryStrings } from "./strings";

/** The mode picker's options, in the UI's language. */
const modeOptions = (S: HistoryStrings) => COMPAT_MODES.map((m) => ({ value: m, label: S.modes[m] }));

/** From, To and a mode; then the compatibility verdict and the contract changes, each one click from its sticky. */
export function ComparePane({ revisions, newest, onReveal }: { revisions: readonly RevisionInfo[]; newest: number; onReveal(nodeIds: readonly string[]): void }) {
  const S = useStrings().history;
  const history = useHistory();
  const ids = useId();
  const comparison = history.comparison;
  // Before a comparison is open the selects hold a draft (the newest save by default).
  const [draft, setDraft] = useState<{ from: number | null; to: number | null }>({ from: null, to: null });
  const from = comparison?.from ?? draft.from ?? Math.max(1, newest - 1);
  const to = comparison?.to ?? draft.to ?? newest;
  // Each select offers the loaded revisions, and the one compared even when it is not loaded.
  const numbers = [...new Set([...revisions.map((r) => r.revision), from, to])].sort((a, b) => b - a);
  const options = numbers.map((n) => ({ value: String(n), label: n === newest ? `${S.revisionNo(n)} (${S.current})` : S.revisionNo(n) }));
  const pick = (which: "from" | "to", value: string) => {
    const n = Number(value);
    if (comparison) history.compare({ ...comparison, [which]: n });
    else setDraft((d) => ({ ...d, [which]: n }));
  };

  return (
    <section className={styles.compareSide} aria-label={S.compareLabel} data-testid="compare-pane">
      <header className={styles.head}>
        <h4 className={styles.title}>{S.compare}</h4>
        {comparison && (
          <IconButton label={S.closeCompare} size="sm" onClick={() => history.compare(null)}>
            <CloseIcon />
          </IconButton>
        )}
      </header>
      <div className={styles.controls}>
        <label className={styles.control} htmlFor={`${ids}-from`}>
          {S.from}
        </label>
        <Select id={`${ids}-from`} className={styles.revSelect} compact options={options} value={String(from)} onChange={(e) => pick("from", e.target.value)} data-testid="compare-from" />
        <label className={styles.control} htmlFor={`${ids}-to`}>
          {S.to}
        </label>
        <Select id={`${ids}-to`} className={styles.revSelect} compact options={options} value={String(to)} onChange={(e) => pick("to", e.target.value)} data-testid="compare-to" />
        <label className={styles.control} htmlFor={`${ids}-mode`}>
          {S.mode}
        </label>
        <Select
          id={`${ids}-mode`}
          className={styles.modeSelect}
          compact
          options={modeOptions(S)}
          value={history.mode}
          onChange={(e) => isCompatMode(e.target.value) && history.setMode(e.target.value)}
          aria-describedby={`${ids}-hint`}
          data-testid="compare-mode"
        />
        {!comparison && (
          <button type="button" className={styles.compareButton} onClick={() => history.compare({ from, to })} disabled={revisions.length === 0}>
            {S.compare}
          </button>
        )}
      </div>
      <p id={`${ids}-hint`} className={styles.hint} data-testid="compare-hint">
        {S.modeHints[history.mode]}
      </p>
      <CompareResult onReveal={onReveal} />
    </section>
  );
}

function CompareResult({ onReveal }: { onReveal(nodeIds: readonly string[]): void }) {
  const S = useStrings().history;
  const { comparison, diff } = useHistory();
  if (!comparison) return <p className={styles.prompt}>{S.comparePrompt}</p>;
  if (comparison.from === comparison.to) return <p className={styles.prompt}>{S.sameRevision}</p>;
  if (diff.loading) return <Loading label={S.comparing} />;
  if (diff.error || !diff.data) return diff.error ? <LoadError error={diff.error} onRetry={diff.reload} title={S.compareFailed} /> : null;
  const changes = diff.data.changes;
  const headline = diffHeadline(changes, S);
  return (
    <div className={styles.result} data-testid="compare-result" aria-busy={diff.busy || undefined}>
      <p className={headline.compatible ? styles.verdictOk : styles.verdictBreaking} data-testid="compare-verdict" data-compatible={headline.compatible}>
        <strong>{headline.text}</strong>
        <span className={styles.verdictDetail}>
          {S.verdictDetail(diff.data.from, diff.data.to, S.modes[diff.data.mode], S.changeCount(changes.length))}
        </span>
      </p>
      {changes.length === 0 ? (
        <p className={styles.prompt}>{S.noChanges}</p>
      ) : (
        <>
          <p className={styles.legend}>{S.highlightLegend}</p>
          <ul className={styles.changes} aria-label={S.changesLabel}>
            {orderedChanges(changes).map((c, i) => (
              <li key={i}>
                <ChangeRow change={c} onReveal={onReveal} />
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function ChangeRow({ change, onReveal }: { change: ContractChange; onReveal(nodeIds: readonly string[]): void }) {
  const S = useStrings().history;
  const title = changeTitle(change, S);
  const values = fromTo(change);
  return (
    <button
      type="button"
      className={change.breaking ? styles.changeBreaking : styles.change}
      onClick={() => onReveal(change.nodeIds)}
      aria-label={S.revealChange(change.contract, title.change, change.breaking)}
      data-testid="compare-change"
      data-breaking={change.breaking}
    >
      <span className={styles.changeHead}>
        <span className={styles.contract}>{title.contract}</span>
        <span className={styles.kind}>{title.kind}</span>
        <span className={styles.changeKind}>{title.change}</span>
        {change.breaking && <span className={styles.breakingBadge}>{S.breaking}</span>}
        {change.against !== undefined && <span className={styles.kind}>{S.against(change.against)}</span>}
      </span>
      <span className={styles.changeBody}>
        <code className={styles.path}>{changePath(change, S)}</code>
        {values && <code className={styles.values}>{values}</code>}
        <span className={styles.reason}>{change.reason}</span>
        <span className={styles.consumers}>{S.consumers(change.consumers.map((c) => c.name))}</span>
      </span>
    </button>
  );
}
