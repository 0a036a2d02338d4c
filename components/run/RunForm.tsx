"use client";
import { useEffect, useId, useRef } from "react";
import { Alert, Button, PlusIcon, Toggle } from "@/components/ui";
import selectStyles from "@/components/ui/Select.module.css";
import type { ApiError } from "@/lib/client/http";
import { MAX_CONCURRENCY, MAX_FAULTS, MAX_RUN_COUNT } from "@/lib/contracts/runs";
import type { ApiIssue } from "@/lib/contracts/wire";
import { FaultEditor } from "./FaultEditor";
import { formatCount } from "./format";
import { Field, RowErrors, RowField } from "./formFields";
import { apiErrorText } from "./hooks";
import type { CommandOption, FaultRow, FaultTargetGroup, RunFormValues } from "./runForm";
import styles from "./RunPanel.module.css";
import { useStrings } from "@/components/i18n/LocaleProvider";
import type { RunStrings } from "./strings";

/** The row of short fields, in order: one declaration draws each field and its line in the row's error list. */
const rowFields = (S: RunStrings) => [
  { name: "count", label: S.count, hint: S.countHint(formatCount(MAX_RUN_COUNT)), inputMode: "numeric", testId: "run-count" },
  { name: "concurrency", label: S.concurrency, hint: S.concurrencyHint(MAX_CONCURRENCY), inputMode: "numeric", testId: "run-concurrency" },
  { name: "seed", label: S.seed, hint: S.seedHint, placeholder: S.seedPlaceholder, testId: "run-seed" },
  { name: "duplicateRate", label: S.duplicateRate, hint: S.duplicateRateHint, inputMode: "decimal", testId: "run-duplicates" },
  { name: "timeScale", label: S.timeScale, hint: S.timeScaleHint, inputMode: "decimal", testId: "run-time-scale" },
] as const satisfies readonly { name: keyof RunFormValues; label: string; hint: string; inputMode?: "numeric" | "decimal"; placeholder?: string; testId: string }[];

export interface RunFormProps {
  boardId: string;
  values: RunFormValues;
  command: string;
  /** The broker chosen ("" in process), and the real ones this server has (none: no choice shown). */
  broker: string;
  brokers: readonly { readonly id: string; readonly kind: string }[];
  commands: { entry: CommandOption[]; other: CommandOption[] };
  targets: readonly FaultTargetGroup[];
  /** Inline messages by the API's paths, and the issues no field shows. */
  byPath: ReadonlyMap<string, string>;
  rest: readonly ApiIssue[];
  /** Why Start is off (board errors, no entry command, a run going), or null. */
  blocked: string | null;
  starting: false | "saving" | "starting";
  going: boolean;
  stopping: boolean;
  startError: ApiError | null;
  stopError: ApiError | null;
  onSet<K extends keyof RunFormValues>(key: K, value: RunFormValues[K]): void;
  onFault(index: number, patch: Partial<FaultRow>): void;
  onAddFault(): void;
  onRemoveFault(index: number): void;
  onStart(): void;
  onStop(): void;
  onDismissStartError(): void;
  onDismissStopError(): void;
}

/** The Run tab's scenario form: command with Start/Stop, the row of short fields, the faults, and what the server refused. */
export function RunForm(p: RunFormProps) {
  const S = useStrings().run;
  const formId = useId();
  // A refused start shows its messages where they are: the first is brought into view (it may be
  // below the fold of the dock, under the fault list).
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (p.byPath.size === 0 && !p.startError) return;
    formRef.current?.querySelector('[role="alert"], [aria-invalid="true"]')?.scrollIntoView({ block: "nearest" });
  }, [p.byPath, p.startError]);
  const allCommands = [...p.commands.entry, ...p.commands.other];
  return (
    <form
      ref={formRef}
      className={styles.form}
      aria-label={S.formLabel}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!p.blocked && !p.starting) p.onStart();
      }}
    >
      <div className={styles.commandRow}>
        <Field label={S.command} error={p.byPath.get("command")} hint={p.commands.entry.length ? undefined : S.commandHint} wide>
          {(id, describedBy) => (
            <select
              id={id}
              aria-describedby={describedBy}
              className={`${selectStyles.select} ${selectStyles.compact}`}
              value={p.command}
              onChange={(e) => p.onSet("command", e.target.value)}
              disabled={allCommands.length === 0}
              data-testid="run-command"
            >
              {allCommands.length === 0 ? <option value="">{S.commandNone}</option> : null}
              <CommandGroup label={S.commandEntryGroup} options={p.commands.entry} />
              <CommandGroup label={S.commandOtherGroup} options={p.commands.other} />
            </select>
          )}
        </Field>
        <div className={styles.actions}>
          <Button type="submit" variant="primary" size="sm" busy={p.starting !== false} disabled={p.blocked !== null} data-testid="run-start" aria-describedby={p.blocked ? `${p.boardId}-run-blocked` : undefined}>
            {p.starting === "saving" ? S.saving : p.starting ? S.starting : S.start}
          </Button>
          {p.going ? (
            <Button variant="danger" size="sm" busy={p.stopping} onClick={p.onStop} data-testid="run-stop">
              {p.stopping ? S.stopping : S.stop}
            </Button>
          ) : null}
        </div>
      </div>
      {p.blocked ? (
        <span id={`${p.boardId}-run-blocked`} className={styles.blocked} data-testid="run-blocked">
          {p.blocked}
        </span>
      ) : null}
      {p.brokers.length > 0 ? (
        // A row of its own: beside the command, a broker's URL was cut to "NATS JetStream · nats" (two NATS looked alike).
        <Field label={S.broker} error={p.byPath.get("broker")} hint={S.brokerHint} wide>
          {(id, describedBy) => (
            <select
              id={id}
              aria-describedby={describedBy}
              className={`${selectStyles.select} ${selectStyles.compact}`}
              value={p.broker}
              onChange={(e) => p.onSet("broker", e.target.value)}
              title={brokerLabel(p.brokers, p.broker, S)}
              data-testid="run-broker"
            >
              <option value="">{S.brokerInProcess}</option>
              {p.brokers.map((b) => (
                <option key={b.id} value={b.id}>
                  {S.brokerOption(b.kind, b.id)}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
      {p.brokers.length > 0 && p.broker ? (
        <div className={styles.keepTopology}>
          <Toggle compact checked={p.values.keepTopology} onChange={(on) => p.onSet("keepTopology", on)} label={S.keepTopology} data-testid="run-keep-topology" aria-describedby={`${formId}-keep-hint`} />
          <span id={`${formId}-keep-hint`} className={styles.keepTopologyHint}>
            {S.keepTopologyHint}
          </span>
          {p.byPath.get("keepTopology") ? <span className={styles.error} role="alert">{p.byPath.get("keepTopology")}</span> : null}
        </div>
      ) : null}
      <div className={styles.row}>
        {rowFields(S).map((f) => (
          <RowField
            key={f.name}
            id={`${formId}-${f.name}`}
            label={f.label}
            hint={f.hint}
            inputMode={"inputMode" in f ? f.inputMode : undefined}
            placeholder={"placeholder" in f ? f.placeholder : undefined}
            value={p.values[f.name]}
            error={p.byPath.get(f.name)}
            onChange={(value) => p.onSet(f.name, value)}
            testId={f.testId}
          />
        ))}
      </div>
      <RowErrors items={rowFields(S).map((f) => [`${formId}-${f.name}`, f.label, p.byPath.get(f.name)] as const)} />

      <fieldset className={styles.faults}>
        <legend className={styles.legend}>{S.faults}</legend>
        {p.values.faults.length === 0 ? <p className={styles.muted}>{S.faultsNone}</p> : null}
        {p.byPath.get("faults") ? <p className={styles.error}>{p.byPath.get("faults")}</p> : null}
        <ul className={styles.faultList}>
          {p.values.faults.map((fault, i) => (
            <FaultEditor
              key={fault.id}
              index={i}
              fault={fault}
              targets={p.targets}
              errors={[p.byPath.get(`faults[${i}]`), p.byPath.get(`faults[${i}].target`), p.byPath.get(`faults[${i}].mode`), p.byPath.get(`faults[${i}].value`)]}
              onChange={(patch) => p.onFault(i, patch)}
              onRemove={() => p.onRemoveFault(i)}
            />
          ))}
        </ul>
        <Button size="sm" variant="ghost" icon={<PlusIcon />} onClick={p.onAddFault} disabled={p.values.faults.length >= MAX_FAULTS} data-testid="run-add-fault">
          {S.addFault}
        </Button>
      </fieldset>
      {p.startError && (p.rest.length > 0 || p.byPath.size === 0) ? (
        <Alert title={p.startError.code === "invalid_board" ? S.boardErrorsTitle : S.startFailed} onDismiss={p.onDismissStartError} dismissLabel={S.dismiss}>
          {p.rest.length > 0 ? (
            <ul className={styles.issueList}>
              {p.rest.map((issue, i) => (
                <li key={`${issue.path}-${i}`}>
                  {issue.path ? <code className={styles.path}>{issue.path}</code> : null} {issue.message}
                </li>
              ))}
            </ul>
          ) : (
            apiErrorText(p.startError)
          )}
        </Alert>
      ) : null}
      {p.stopError ? (
        <Alert title={S.stopFailed} onDismiss={p.onDismissStopError} dismissLabel={S.dismiss}>
          {apiErrorText(p.stopError)}
        </Alert>
      ) : null}
    </form>
  );
}

/** The broker chosen, as its option reads (a narrow form may cut it). */
function brokerLabel(brokers: RunFormProps["brokers"], chosen: string, S: RunStrings): string {
  const broker = brokers.find((b) => b.id === chosen);
  return broker ? S.brokerOption(broker.kind, broker.id) : S.brokerInProcess;
}

function CommandGroup({ label, options }: { label: string; options: readonly CommandOption[] }) {
  if (options.length === 0) return null;
  return (
    <optgroup label={label}>
      {options.map((c) => (
        <option key={c.value} value={c.value}>
          {c.label}
        </option>
      ))}
    </optgroup>
  );
}
