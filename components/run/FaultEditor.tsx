"use client";
import { IconButton, Select, TextInput, TrashIcon } from "@/components/ui";
import selectStyles from "@/components/ui/Select.module.css";
import { FAULT_MODES, type FaultMode } from "@/lib/contracts/runs";
import { defaultValueFor, modeNeedsValue, type FaultRow, type FaultTargetGroup } from "./runForm";
import styles from "./RunPanel.module.css";
import { useStrings } from "@/components/i18n/LocaleProvider";

/** One fault row of the Run form: target, mode, value, remove; its errors (row, target, mode, value) on one line under it. */
export function FaultEditor({
  index,
  fault,
  targets,
  errors,
  onChange,
  onRemove,
}: {
  index: number;
  fault: FaultRow;
  targets: readonly FaultTargetGroup[];
  errors: (string | undefined)[];
  onChange(patch: Partial<FaultRow>): void;
  onRemove(): void;
}) {
  const S = useStrings().run;
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
                {S.faultTargetLabel(o)}
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
