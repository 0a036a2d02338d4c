"use client";
import { useId, type ReactNode } from "react";
import { TextInput } from "@/components/ui";
import styles from "./RunPanel.module.css";

/**
 * A labelled form field; `children` gets the control's id and aria-describedby. The hint is a
 * tooltip (and read out); an error shows under the field, or, with `errorBelow`, in the row's
 * error list (a narrow field would wrap it over many lines), which must use `noteId(id)`.
 */
export function Field({
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

export const noteId = (id: string) => `${id}-error`;

/** The errors of a row of narrow fields, one line each: "Count: must be …". */
export function RowErrors({ items }: { items: readonly [id: string, label: string, error: string | undefined][] }) {
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

/** A text field of the run form's row (a number, or the seed): its label, hint and error, as the form's other fields; the error goes to the row's list. */
export function RowField(props: {
  id: string;
  label: string;
  hint: string;
  inputMode?: "numeric" | "decimal";
  placeholder?: string;
  value: string;
  error: string | undefined;
  onChange(value: string): void;
  testId: string;
}) {
  return (
    <Field id={props.id} errorBelow label={props.label} error={props.error} hint={props.hint}>
      {(id, describedBy) => (
        <TextInput
          id={id}
          compact
          inputMode={props.inputMode}
          className={props.inputMode ? styles.num : undefined}
          value={props.value}
          placeholder={props.placeholder}
          invalid={props.error !== undefined}
          aria-describedby={describedBy}
          onChange={(e) => props.onChange(e.target.value)}
          data-testid={props.testId}
        />
      )}
    </Field>
  );
}
