import type { InputHTMLAttributes, Ref, TextareaHTMLAttributes } from "react";
import styles from "./TextInput.module.css";

export interface TextInputProps extends InputHTMLAttributes<HTMLInputElement> {
  /** Marks the input invalid (red border, aria-invalid). */
  invalid?: boolean;
  /** Denser (28 px) for panels; default 36 px. */
  compact?: boolean;
  ref?: Ref<HTMLInputElement>;
}

/** A single-line text input. Give it a `<label>` or an `aria-label`. */
export function TextInput({ invalid = false, compact = false, className, type = "text", ...rest }: TextInputProps) {
  const classes = [styles.input, compact ? styles.compact : styles.regular, className].filter(Boolean).join(" ");
  return <input {...rest} type={type} className={classes} aria-invalid={invalid || undefined} />;
}

export interface TextAreaProps extends TextareaHTMLAttributes<HTMLTextAreaElement> {
  invalid?: boolean;
  compact?: boolean;
  ref?: Ref<HTMLTextAreaElement>;
}

/** A multi-line text input, vertically resizable. */
export function TextArea({ invalid = false, compact = false, className, rows = 3, ...rest }: TextAreaProps) {
  const classes = [styles.input, styles.textarea, compact ? styles.compact : styles.regular, className].filter(Boolean).join(" ");
  return <textarea {...rest} rows={rows} className={classes} aria-invalid={invalid || undefined} />;
}
