"use client";
import { useCallback, useDeferredValue, useEffect, useId, useMemo, useState, type ReactNode } from "react";
import { useEditor, useEditorStore } from "@/components/board/EditorContext";
import { Alert, Button, IconButton, PlusIcon, Select, TextInput, TrashIcon } from "@/components/ui";
import selectStyles from "@/components/ui/Select.module.css";
import { ApiClientError, runsApi, type ApiIssue, type RunInfo } from "@/lib/client/runsApi";
import type { RunViewActions, RunViewState } from "@/lib/editor/runStore";
import type { EditorStore } from "@/lib/editor/store";
import { analyzeBoard, validateBoard, type Board } from "@/lib/model";
import { FAULT_MODES, type FaultMode, type RunCounters, type RunStatus, type RunSummary as FullSummary } from "@/lib/sim/ports/records";
import { MAX_CONCURRENCY, MAX_RUN_COUNT } from "@/lib/sim/scenario";
import { Empty, StatusChip } from "./common";
import { formatCount, formatDuration, progressFraction, shortId } from "./format";
import { errorText, useResource } from "./hooks";
import {
  DEFAULT_FORM,
  buildRunRequest,
  commandOptions,
  defaultValueFor,
  faultLabel,
  faultTargetGroups,
  formFieldPaths,
  issuesByPath,
  modeNeedsValue,
  type FaultRow,
  type RunFormValues,
} from "./runForm";
import { rememberedForm, rememberForm } from "./formMemory";
import { useRunView } from "./RunViewContext";
import { runStrings as S } from "./strings";
import styles from "./RunPanel.module.css";

type RunView = RunViewState & RunViewActions;
const selectBoard = (s: { board: Board }) => s.board;
const selectRunId = (s: RunView) => s.runId;
const selectStatus = (s: RunView) => s.status;
const selectCounters = (s: RunView) => s.counters;
const selectSummary = (s: RunView) => s.summary;
const selectConnected = (s: RunView) => s.connected;
const selectNotice = (s: RunView) => s.notice;

/** What the panel shows of a summary (the runs API sends its graph apart). */
type RunSummary = Omit<FullSummary, "graph">;

/** The count of each run started here, for the progress bar until the run record says it. */
const startedCounts = new Map<string, number>();
let nextFaultId = 1;

const TERMINAL: ReadonlySet<RunStatus> = new Set(["completed", "failed", "stopped", "error"]);
/** Whether the runtime has `POST /api/runs/:runId/stop`. */
const STOP_SUPPORTED = true;

/** The Run tab: scenario form with Start/Stop on the left, progress and summary of the run on screen on the right. */
export function RunPanel({ boardId, onStarted }: { boardId: string; onStarted(runId: string): void }) {
  const board = useEditor(selectBoard);
  const deferred = useDeferredValue(board);
  const analysis = useMemo(() => analyzeBoard(deferred), [deferred]);
  const boardErrors = useMemo(() => validateBoard(deferred).filter((i) => i.severity === "error").length, [deferred]);
  const commands = useMemo(() => commandOptions(analysis), [analysis]);
  const targets = useMemo(() => faultTargetGroups(analysis, deferred.nodes.map((node) => node.id)), [analysis, deferred]);

  const [values, setValues] = useState<RunFormValues>(() => rememberedForm(boardId, DEFAULT_FORM));
  useEffect(() => rememberForm(boardId, values), [boardId, values]);
  const [issues, setIssues] = useState<readonly ApiIssue[]>([]);
  const [startError, setStartError] = useState<ApiClientError | null>(null);
  const [stopError, setStopError] = useState<ApiClientError | null>(null);
  const [starting, setStarting] = useState<false | "saving" | "starting">(false);
  const editorStore = useEditorStore();
  const [stopping, setStopping] = useState(false);
  const formId = useId();

  // The run on screen: the store (fed by the socket) first, the run record as a fallback.
  const runId = useRunView(selectRunId, null);
  const storeStatus = useRunView(selectStatus, null);
  const storeCounters = useRunView(selectCounters, null);
  const storeSummary = useRunView(selectSummary, null);
  const connected = useRunView(selectConnected, false);
  const liveGoing = runId !== null && (storeStatus === null || storeStatus === "running");
  const info = useResource<RunInfo>(runId, () => runsApi.get(runId!), liveGoing && !connected ? 1500 : null);
  const shown = pickSource(storeStatus, storeCounters, storeSummary, connected, info.data);
  const going = runId !== null && (shown.status === null || shown.status === "running");
  const reloadInfo = info.reload;
  useEffect(() => {
    // A status change (the run finished) brings the summary: read the record once more.
    if (storeStatus && TERMINAL.has(storeStatus)) reloadInfo();
  }, [storeStatus, reloadInfo]);

  const allCommands = useMemo(() => [...commands.entry, ...commands.other].map((c) => c.value), [commands]);
  const command = allCommands.includes(values.command) ? values.command : (commands.entry[0]?.value ?? "");
  const { byPath, rest } = useMemo(() => issuesByPath(issues, formFieldPaths(values.faults.length)), [issues, values.faults.length]);

  const set = useCallback(<K extends keyof RunFormValues>(key: K, value: RunFormValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    setIssues((list) => list.filter((i) => i.path !== key));
  }, []);
  const setFault = (index: number, patch: Partial<FaultRow>) => {
    setValues((v) => ({ ...v, faults: v.faults.map((f, i) => (i === index ? { ...f, ...patch } : f)) }));
    setIssues((list) => list.filter((i) => !i.path.startsWith(`faults[${index}]`)));
  };
  const addFault = () => {
    const first = targets[0]?.options[0]?.value ?? "";
    setValues((v) => ({ ...v, faults: [...v.faults, { id: nextFaultId++, target: first, mode: "fail", value: "" }] }));
  };
  const removeFault = (index: number) => {
    setValues((v) => ({ ...v, faults: v.faults.filter((_, i) => i !== index) }));
    setIssues([]);
  };

  const start = async () => {
    setStartError(null);
    const built = buildRunRequest({ ...values, command }, allCommands);
    setIssues(built.issues);
    if (!built.request) return;
    // The API runs the board as saved: let a pending autosave land first.
    setStarting("saving");
    if (!(await waitForSave(editorStore))) {
      setStarting(false);
      setStartError(new ApiClientError(0, "not_saved", S.notSaved));
      return;
    }
    setStarting("starting");
    try {
      const { runId: started } = await runsApi.start(boardId, built.request);
      startedCounts.set(started, built.request.count);
      onStarted(started);
    } catch (err) {
      const e = err instanceof ApiClientError ? err : new ApiClientError(0, "client_error", String(err));
      setIssues(e.issues);
      setStartError(e);
    } finally {
      setStarting(false);
    }
  };
  const stop = async () => {
    if (!runId) return;
    setStopping(true);
    setStopError(null);
    try {
      await runsApi.stop(runId);
      reloadInfo();
    } catch (err) {
      setStopError(err instanceof ApiClientError ? err : new ApiClientError(0, "client_error", String(err)));
    } finally {
      setStopping(false);
    }
  };

  const blocked = boardErrors > 0 ? S.boardHasErrors(boardErrors) : allCommands.length === 0 ? S.noEntryCommand : going ? S.runningAlready : null;
  const inlineIssues = issues.filter((i) => byPath.has(i.path)).length;

  return (
    <div className={styles.wrap}>
      <div className={styles.panel} data-testid="run-panel">
        <form
          className={styles.form}
          aria-label={S.formLabel}
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (!blocked && !starting) void start();
          }}
        >
          <div className={styles.commandRow}>
            <Field label={S.command} error={byPath.get("command")} hint={commands.entry.length ? undefined : S.commandHint} wide>
              {(id, describedBy) => (
                <select
                  id={id}
                  aria-describedby={describedBy}
                  className={`${selectStyles.select} ${selectStyles.compact}`}
                  value={command}
                  onChange={(e) => set("command", e.target.value)}
                  disabled={allCommands.length === 0}
                  data-testid="run-command"
                >
                  {allCommands.length === 0 ? <option value="">{S.commandNone}</option> : null}
                  {commands.entry.length > 0 ? (
                    <optgroup label={S.commandEntryGroup}>
                      {commands.entry.map((c) => (
                        <option key={c.value} value={c.value}>
                          {c.label}
                        </option>
                      ))}
                    </optgroup>
                  ) : null}
                  {commands.other.length > 0 ? (
                    <optgroup label={S.commandOtherGroup}>
                      {commands.other.map((c) => (
                        <option key={c.value} value={c.value}>
                          {c.label}
                        </option>
                      ))}
                    </optgroup>
                  ) : null}
                </select>
              )}
            </Field>
            <div className={styles.actions}>
              <Button type="submit" variant="primary" size="sm" busy={starting !== false} disabled={blocked !== null} data-testid="run-start" aria-describedby={blocked ? `${boardId}-run-blocked` : undefined}>
                {starting === "saving" ? S.saving : starting ? S.starting : S.start}
              </Button>
              {STOP_SUPPORTED && going ? (
                <Button variant="danger" size="sm" busy={stopping} onClick={() => void stop()} data-testid="run-stop">
                  {stopping ? S.stopping : S.stop}
                </Button>
              ) : null}
            </div>
          </div>
          {blocked ? (
            <span id={`${boardId}-run-blocked`} className={styles.blocked} data-testid="run-blocked">
              {blocked}
            </span>
          ) : null}
          <div className={styles.row}>
            <NumberField formId={formId} name="count" label={S.count} hint={S.countHint(formatCount(MAX_RUN_COUNT))} inputMode="numeric" value={values.count} error={byPath.get("count")} onChange={(value) => set("count", value)} testId="run-count" />
            <NumberField formId={formId} name="concurrency" label={S.concurrency} hint={S.concurrencyHint(MAX_CONCURRENCY)} inputMode="numeric" value={values.concurrency} error={byPath.get("concurrency")} onChange={(value) => set("concurrency", value)} testId="run-concurrency" />
            <Field id={`${formId}-seed`} errorBelow label={S.seed} error={byPath.get("seed")} hint={S.seedHint}>
              {(id, describedBy) => (
                <TextInput
                  id={id}
                  compact
                  value={values.seed}
                  placeholder={S.seedPlaceholder}
                  invalid={byPath.has("seed")}
                  aria-describedby={describedBy}
                  onChange={(e) => set("seed", e.target.value)}
                  data-testid="run-seed"
                />
              )}
            </Field>
            <NumberField formId={formId} name="duplicateRate" label={S.duplicateRate} hint={S.duplicateRateHint} inputMode="decimal" value={values.duplicateRate} error={byPath.get("duplicateRate")} onChange={(value) => set("duplicateRate", value)} testId="run-duplicates" />
            <NumberField formId={formId} name="timeScale" label={S.timeScale} hint={S.timeScaleHint} inputMode="decimal" value={values.timeScale} error={byPath.get("timeScale")} onChange={(value) => set("timeScale", value)} testId="run-time-scale" />
          </div>
          <RowErrors
            items={[
              [`${formId}-count`, S.count, byPath.get("count")],
              [`${formId}-concurrency`, S.concurrency, byPath.get("concurrency")],
              [`${formId}-seed`, S.seed, byPath.get("seed")],
              [`${formId}-duplicateRate`, S.duplicateRate, byPath.get("duplicateRate")],
              [`${formId}-timeScale`, S.timeScale, byPath.get("timeScale")],
            ]}
          />

          <fieldset className={styles.faults}>
            <legend className={styles.legend}>{S.faults}</legend>
            {values.faults.length === 0 ? <p className={styles.muted}>{S.faultsNone}</p> : null}
            {byPath.get("faults") ? <p className={styles.error}>{byPath.get("faults")}</p> : null}
            <ul className={styles.faultList}>
              {values.faults.map((fault, i) => (
                <FaultEditor
                  key={fault.id}
                  index={i}
                  fault={fault}
                  targets={targets}
                  errors={[byPath.get(`faults[${i}]`), byPath.get(`faults[${i}].target`), byPath.get(`faults[${i}].mode`), byPath.get(`faults[${i}].value`)]}
                  onChange={(patch) => setFault(i, patch)}
                  onRemove={() => removeFault(i)}
                />
              ))}
            </ul>
            <Button size="sm" variant="ghost" icon={<PlusIcon />} onClick={addFault} data-testid="run-add-fault">
              {S.addFault}
            </Button>
          </fieldset>
          {startError && (rest.length > 0 || inlineIssues === 0) ? (
            <Alert title={startError.code === "invalid_board" ? S.boardErrorsTitle : S.startFailed} onDismiss={() => setStartError(null)}>
              {rest.length > 0 ? (
                <ul className={styles.issueList}>
                  {rest.map((issue, i) => (
                    <li key={`${issue.path}-${i}`}>
                      {issue.path ? <code className={styles.path}>{issue.path}</code> : null} {issue.message}
                    </li>
                  ))}
                </ul>
              ) : (
                errorText(startError)
              )}
            </Alert>
          ) : null}
          {stopError ? (
            <Alert title={S.stopFailed} onDismiss={() => setStopError(null)}>
              {errorText(stopError)}
            </Alert>
          ) : null}
        </form>

        <RunProgress
          runId={runId}
          info={info.data}
          status={shown.status}
          counters={shown.counters}
          summary={shown.summary}
          connected={connected}
        />
      </div>
    </div>
  );
}

/**
 * Resolves true once the board is saved (at once if it is), false when saving fails, meets a
 * conflict or takes longer than `timeoutMs`.
 */
function waitForSave(store: EditorStore, timeoutMs = 10_000): Promise<boolean> {
  const settled = (status: string) => (status === "saved" ? true : status === "error" || status === "conflict" ? false : null);
  const now = settled(store.getState().saveStatus);
  if (now !== null) return Promise.resolve(now);
  return new Promise((resolve) => {
    const timer = setTimeout(() => finish(false), timeoutMs);
    const unsubscribe = store.subscribe((state) => {
      const done = settled(state.saveStatus);
      if (done !== null) finish(done);
    });
    function finish(ok: boolean) {
      clearTimeout(timer);
      unsubscribe();
      resolve(ok);
    }
  });
}

/**
 * What the progress shows, from one source so status, counters and summary agree: the store
 * (fed by the socket), unless the run record knows more (the run ended and the socket has not
 * said so yet, or the socket is down and the record is being polled).
 */
function pickSource(
  status: RunStatus | null,
  counters: RunCounters | null,
  summary: RunSummary | null,
  connected: boolean,
  record: RunInfo | undefined,
): { status: RunStatus | null; counters: RunCounters | null; summary: RunSummary | null } {
  if (!record) return { status, counters, summary };
  const recordAhead = TERMINAL.has(record.status) && !(status && TERMINAL.has(status));
  if (recordAhead || !connected || !counters) {
    return { status: record.status, counters: record.counters ?? counters, summary: record.summary ?? summary };
  }
  return { status: status ?? record.status, counters, summary: summary ?? record.summary };
}

/** A labelled form field with its hint and inline error; `children` gets the control's id and aria-describedby. */
/**
 * A labelled form field; `children` gets the control's id and aria-describedby. The hint is a
 * tooltip (and read out); an error shows under the field, or, with `errorBelow`, in the row's
 * error list (a narrow field would wrap it over many lines), which must use `noteId(id)`.
 */
function Field({
  id: given,
  label,
  error,
  hint,
  wide,
  errorBelow,
  children,
}: {
  id?: string;
  label: string;
  error?: string;
  hint?: string;
  wide?: boolean;
  errorBelow?: boolean;
  children(id: string, describedBy: string | undefined): ReactNode;
}) {
  const own = useId();
  const id = given ?? own;
  const describedBy = error || hint ? `${noteId(id)}${hint ? ` ${id}-hint` : ""}` : undefined;
  return (
    <div className={wide ? styles.fieldWide : styles.field}>
      <label htmlFor={id} className={styles.label} title={hint}>
        {label}
      </label>
      {children(id, describedBy)}
      {hint ? (
        <span id={`${id}-hint`} className={styles.srOnly}>
          {hint}
        </span>
      ) : null}
      {error && !errorBelow ? (
        <span id={noteId(id)} className={styles.error} role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}

const noteId = (id: string) => `${id}-error`;

/** The errors of a row of narrow fields, one line each: "Count: must be …". */
function RowErrors({ items }: { items: readonly [id: string, label: string, error: string | undefined][] }) {
  const shown = items.filter((i) => i[2]);
  if (shown.length === 0) return null;
  return (
    <div className={styles.rowErrors} role="alert">
      {shown.map(([id, label, error]) => (
        <span key={id} id={noteId(id)} className={styles.error}>
          {label}: {error}
        </span>
      ))}
    </div>
  );
}

function FaultEditor({
  index,
  fault,
  targets,
  errors,
  onChange,
  onRemove,
}: {
  index: number;
  fault: FaultRow;
  targets: ReturnType<typeof faultTargetGroups>;
  errors: (string | undefined)[];
  onChange(patch: Partial<FaultRow>): void;
  onRemove(): void;
}) {
  const n = index + 1;
  const known = targets.some((g) => g.options.some((o) => o.value === fault.target));
  const message = errors.filter(Boolean).join("; ");
  const [, targetError, , valueError] = errors;
  return (
    <li className={styles.fault} data-testid="run-fault">
      <select
        aria-label={S.faultTarget(n)}
        className={`${selectStyles.select} ${selectStyles.compact} ${styles.faultTarget}`}
        value={fault.target}
        aria-invalid={targetError ? true : undefined}
        onChange={(e) => onChange({ target: e.target.value })}
      >
        {!fault.target ? <option value="">{targets.length ? S.faultTargetPick : S.faultTargetNone}</option> : null}
        {fault.target && !known ? <option value={fault.target}>{fault.target}</option> : null}
        {targets.map((g) => (
          <optgroup key={g.kind} label={S.faultGroup[g.kind]}>
            {g.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      <Select
        compact
        aria-label={S.faultMode(n)}
        title={S.faultModeHelp}
        className={styles.faultMode}
        value={fault.mode}
        options={FAULT_MODES.map((m) => ({ value: m, label: S.faultModes[m] }))}
        onChange={(e) => {
          const mode = e.target.value as FaultMode;
          onChange({ mode, value: modeNeedsValue(mode) ? defaultValueFor(mode) : "" });
        }}
      />
      {modeNeedsValue(fault.mode) ? (
        <span className={styles.faultValue}>
          <TextInput
            compact
            aria-label={S.faultValue(n)}
            inputMode="decimal"
            className={styles.num}
            value={fault.value}
            invalid={Boolean(valueError)}
            onChange={(e) => onChange({ value: e.target.value })}
          />
          <span className={styles.unit} aria-hidden="true">
            {S.faultValueUnit[fault.mode]}
          </span>
        </span>
      ) : (
        <span className={styles.faultValue} />
      )}
      <IconButton label={S.removeFault(n)} size="sm" tone="danger" onClick={onRemove}>
        <TrashIcon />
      </IconButton>
      {message ? (
        <span className={`${styles.error} ${styles.faultError}`} role="alert">
          {message}
        </span>
      ) : null}
    </li>
  );
}

/** Progress, live counters and, once finished, the summary with its invariants. */
function RunProgress({
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
  summary: RunSummary | null;
  connected: boolean;
}) {
  if (!runId) {
    return (
      <section className={styles.progress} aria-label={S.progressLabel}>
        <Empty testId="run-empty">{S.noRun}</Empty>
      </section>
    );
  }
  const total = info?.scenario?.count ?? summary?.count ?? startedCounts.get(runId) ?? 0;
  const command = info?.scenario?.command ?? summary?.command ?? "";
  const finished = counters?.instances.finished ?? (summary ? summary.count : 0);
  const fraction = status === "completed" ? 1 : progressFraction(finished, total);
  const sagas = counters?.sagas ?? summary?.sagas;
  const events = counters?.events ?? summary?.events;
  const conflicts = counters?.concurrencyConflicts ?? summary?.concurrencyConflicts;
  const going = status === null || status === "running";
  const notice = useRunView(selectNotice, null);

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
        {going ? <span className={connected ? styles.live : styles.offline}>{connected ? S.live : S.offline}</span> : null}
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

      {status === "error" && info?.error ? (
        <Alert title={S.runError}>{info.error}</Alert>
      ) : null}
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

function Summary({ summary }: { summary: RunSummary }) {
  const failed = summary.invariants.filter((i) => !i.ok).length;
  return (
    <section className={styles.summary} aria-label={S.summary} data-testid="run-summary">
      <header className={styles.summaryHead}>
        <h4 className={styles.groupTitle}>{S.invariants}</h4>
        <span className={failed ? styles.summaryBad : styles.summaryOk}>{failed ? S.someInvariantsFail(failed) : S.allInvariantsHold}</span>
        <span className={styles.summaryMeta}>
          {S.duration} <span className={styles.numText}>{formatDuration(summary.durationMs)}</span> · {S.seedUsed} <code>{summary.seed}</code>
        </span>
      </header>
      <ul className={styles.invariants}>
        {summary.invariants.map((inv) => (
          <li key={inv.name} className={styles.invariant} data-invariant={inv.name} data-ok={inv.ok}>
            <span className={inv.ok ? styles.invOk : styles.invBad} aria-label={inv.ok ? S.invariantOk : S.invariantFailed}>
              {inv.ok ? "✓" : "✕"}
            </span>
            <span className={styles.invName}>{S.invariantNames[inv.name] ?? inv.name}</span>
            <span className={styles.invDetail}>{inv.detail}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A number of the run form: its label, hint and error, as the form's other fields. */
function NumberField(props: {
  formId: string;
  name: "count" | "concurrency" | "duplicateRate" | "timeScale";
  label: string;
  hint: string;
  inputMode: "numeric" | "decimal";
  value: string;
  error: string | undefined;
  onChange(value: string): void;
  testId: string;
}) {
  return (
    <Field id={`${props.formId}-${props.name}`} errorBelow label={props.label} error={props.error} hint={props.hint}>
      {(id, describedBy) => (
        <TextInput
          id={id}
          compact
          inputMode={props.inputMode}
          className={styles.num}
          value={props.value}
          invalid={props.error !== undefined}
          aria-describedby={describedBy}
          onChange={(e) => props.onChange(e.target.value)}
          data-testid={props.testId}
        />
      )}
    </Field>
  );
}
