"use client";
import styles from "./board.module.css";

export interface InlineNameInputProps {
  label: string;
  value: string;
  maxLength: number;
  onChange(value: string): void;
  /** Enter or leaving the field. */
  onCommit(): void;
  /** Escape. */
  onCancel(): void;
}

/** A name edited in place in the top bar (the board's, yours): Enter or blur keeps it, Escape drops it. */
export function InlineNameInput({ label, value, maxLength, onChange, onCommit, onCancel }: InlineNameInputProps) {
  return (
    <input
      className={styles.nameInput}
      aria-label={label}
      autoFocus
      maxLength={maxLength}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      onBlur={onCommit}
      onKeyDown={(e) => {
        if (e.key === "Enter") onCommit();
        if (e.key === "Escape") onCancel();
      }}
    />
  );
}
