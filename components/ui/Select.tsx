import type { Ref, SelectHTMLAttributes } from "react";
import styles from "./Select.module.css";

export interface SelectOption {
  value: string;
  label: string;
}

export interface SelectProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, "children"> {
  options: readonly SelectOption[];
  /** Denser (28 px) for panels; default 36 px. */
  compact?: boolean;
  ref?: Ref<HTMLSelectElement>;
}

/** A native select (keyboard and screen-reader behaviour for free), styled to match the inputs. */
export function Select({ options, compact = false, className, ...rest }: SelectProps) {
  const classes = [styles.select, compact ? styles.compact : styles.regular, className].filter(Boolean).join(" ");
  return (
    <select {...rest} className={classes}>
      {options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </select>
  );
}
