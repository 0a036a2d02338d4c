import type { InputHTMLAttributes } from "react";
import styles from "./Toggle.module.css";

export interface ToggleProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "type" | "onChange" | "checked" | "size"> {
  checked: boolean;
  onChange(checked: boolean): void;
  /** The switch's name; shown next to it unless `hideLabel`, where it is only the aria-label. */
  label: string;
  hideLabel?: boolean;
  /** Smaller track for dense panels. */
  compact?: boolean;
}

/** An on/off switch: a real checkbox with role="switch", so Space toggles it and screen readers say "on/off". */
export function Toggle({ checked, onChange, label, hideLabel = false, compact = false, className, disabled, ...rest }: ToggleProps) {
  const classes = [styles.toggle, compact ? styles.compact : "", disabled ? styles.disabled : "", className].filter(Boolean).join(" ");
  return (
    <label className={classes} title={hideLabel ? label : undefined}>
      <span className={styles.switch}>
        <input
          {...rest}
          type="checkbox"
          role="switch"
          className={styles.input}
          checked={checked}
          disabled={disabled}
          aria-checked={checked}
          aria-label={hideLabel ? label : undefined}
          onChange={(event) => onChange(event.currentTarget.checked)}
        />
        <span className={styles.track} aria-hidden="true">
          <span className={styles.thumb} />
        </span>
      </span>
      {hideLabel ? null : <span className={styles.label}>{label}</span>}
    </label>
  );
}
