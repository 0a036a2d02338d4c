"use client";
import { useId, useState, type ChangeEvent, type KeyboardEvent, type ReactNode } from "react";
import { LabelText } from "@/components/ui/LabelText";
import { TextArea, TextInput, type TextInputProps } from "@/components/ui/TextInput";
import { isCanonicalNumber } from "./delivery";
import styles from "./inspector.module.css";
import { useStrings } from "@/components/i18n/LocaleProvider";

/** A labelled block: small-caps label, the control, and an optional hint or error under it. */
export function FormRow({
  label,
  htmlFor,
  hint,
  children,
  className,
}: {
  label: string;
  htmlFor?: string;
  hint?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  return (
    <div className={[styles.row, className].filter(Boolean).join(" ")}>
      <label className={styles.label} htmlFor={htmlFor}>
        <LabelText text={label} />
      </label>
      {children}
      {hint ? <div className={styles.hint}>{hint}</div> : null}
    </div>
  );
}

/** A section with a heading (small caps) and an optional count or action on the right. */
export function Section({ title, aside, children }: { title: string; aside?: ReactNode; children: ReactNode }) {
  return (
    <section className={styles.section}>
      <div className={styles.sectionHead}>
        <h3 className={styles.sectionTitle}>{title}</h3>
        {aside ? <div className={styles.sectionAside}>{aside}</div> : null}
      </div>
      {children}
    </section>
  );
}

export interface DraftInputProps extends Omit<TextInputProps, "value" | "onChange" | "defaultValue"> {
  /** The stored value. */
  value: string;
  /** An error for text that must not be stored (blank required name, a bad number), else null. */
  validate?(text: string): string | null;
  /** A warning shown under the input; the text is still stored. */
  warning?: string | null;
  /** Called on every valid change (the store merges them into one undo step by merge key). */
  onCommit(text: string): void;
  /** Show "n left" when fewer than this many characters remain below `maxLength`. */
  counterBelow?: number;
}

/**
 * A text input that stores valid text as you type and keeps invalid text to itself: the board
 * never holds a blank required name, and leaving the field (or Esc) restores the stored value.
 * External changes (undo, another selection) replace the draft.
 */
export function DraftInput({
  value,
  validate,
  warning,
  onCommit,
  counterBelow,
  onBlur,
  onKeyDown,
  maxLength,
  id,
  "aria-describedby": describedBy,
  ...rest
}: DraftInputProps) {
  const S = useStrings().inspector;
  const [draft, setDraft] = useState(value);
  const [base, setBase] = useState(value);
  const autoId = useId();
  const inputId = id ?? autoId;
  const messageId = `${inputId}-msg`;
  if (value !== base) {
    // Adjusting state while rendering (React's documented pattern): the store changed under us.
    setBase(value);
    setDraft(value);
  }
  const error = validate?.(draft) ?? null;
  const left = maxLength !== undefined && counterBelow !== undefined ? maxLength - draft.length : null;
  const message = error ?? warning ?? (left !== null && left < counterBelow! ? S.charsLeft(left) : null);

  return (
    <div className={styles.draft}>
      <TextInput
        {...rest}
        id={inputId}
        compact
        value={draft}
        maxLength={maxLength}
        invalid={error !== null}
        aria-describedby={[message ? messageId : null, describedBy].filter(Boolean).join(" ") || undefined}
        onChange={(event) => {
          const text = event.currentTarget.value;
          setDraft(text);
          if ((validate?.(text) ?? null) === null && text !== value) onCommit(text);
        }}
        onKeyDown={(event) => {
          if (event.key === "Enter" && !event.nativeEvent.isComposing) {
            event.preventDefault();
            if (error) setDraft(value);
          } else if (event.key === "Escape") {
            if (draft !== value) {
              event.preventDefault();
              event.stopPropagation();
              setDraft(value);
            } else {
              event.currentTarget.blur();
            }
          }
          onKeyDown?.(event);
        }}
        onBlur={(event) => {
          if (error) setDraft(value);
          onBlur?.(event);
        }}
      />
      {message ? (
        <span id={messageId} className={error ? styles.error : warning ? styles.warning : styles.counter} role={error ? "alert" : undefined}>
          {message}
        </span>
      ) : null}
    </div>
  );
}

export interface NumberDraftProps extends Omit<DraftInputProps, "value" | "validate" | "onCommit"> {
  /** The stored number; undefined shows an empty input (the placeholder: the value in effect). */
  value: number | undefined;
  /** Blank is `{ ok: true, value: undefined }`; a refused text carries the message shown under the input. */
  parse(text: string): { ok: true; value: number | undefined } | { ok: false; message: string };
  /** A new valid value, or undefined when emptied (the key goes away). */
  onCommit(value: number | undefined): void;
}

/**
 * A number input over {@link DraftInput}: out-of-range text is refused in place, a value is stored
 * as soon as the text prints as that number, and half-typed decimals (`0.`, `0.0` on the way to
 * `0.05`) wait for the next keystroke or for leaving the input, so the draft never jumps under the caret.
 */
export function NumberDraft({ value, parse, onCommit, onBlur, ...rest }: NumberDraftProps) {
  return (
    <DraftInput
      inputMode="decimal"
      autoComplete="off"
      spellCheck={false}
      {...rest}
      value={value === undefined ? "" : String(value)}
      validate={(text) => {
        const parsed = parse(text);
        return parsed.ok ? null : parsed.message;
      }}
      onCommit={(text) => {
        const parsed = parse(text);
        if (parsed.ok && isCanonicalNumber(text)) onCommit(parsed.value);
      }}
      onBlur={(event) => {
        const parsed = parse(event.currentTarget.value);
        if (parsed.ok && parsed.value !== value) onCommit(parsed.value);
        onBlur?.(event);
      }}
    />
  );
}

/**
 * What the optional text fields share: stored as typed, emptied the key goes away (undefined), and
 * Escape leaves the field (Enter too, on one line, unless an input method is composing).
 */
function optionalTextProps<E extends HTMLInputElement | HTMLTextAreaElement>(
  value: string | undefined,
  onCommit: (text: string | undefined) => void,
  leaveOnEnter: boolean,
) {
  return {
    compact: true,
    value: value ?? "",
    onChange: (event: ChangeEvent<E>) => {
      const text = event.currentTarget.value;
      onCommit(text === "" ? undefined : text);
    },
    onKeyDown: (event: KeyboardEvent<E>) => {
      if (event.key === "Escape" || (leaveOnEnter && event.key === "Enter" && !event.nativeEvent.isComposing)) event.currentTarget.blur();
    },
  };
}

/** An optional text (description, topic, label): stored as typed; emptied, the key goes away. */
export function OptionalTextArea({
  value,
  onCommit,
  ...rest
}: {
  value: string | undefined;
  onCommit(text: string | undefined): void;
  id?: string;
  placeholder?: string;
  maxLength?: number;
  rows?: number;
  "aria-label"?: string;
  "data-testid"?: string;
}) {
  return (
    <TextArea {...rest} {...optionalTextProps<HTMLTextAreaElement>(value, onCommit, false)} />
  );
}

/** A one-line optional text; emptied, the key goes away. */
export function OptionalTextInput({
  value,
  onCommit,
  ...rest
}: Omit<TextInputProps, "value" | "onChange"> & { value: string | undefined; onCommit(text: string | undefined): void }) {
  return (
    <TextInput {...rest} {...optionalTextProps<HTMLInputElement>(value, onCommit, true)} />
  );
}

/**
 * `obj` with `key` set to `value`, or without `key` when `value` is undefined. Returns `obj`
 * itself when nothing changes, so the store records no empty undo step.
 */
export function withKey<T extends object, K extends keyof T>(obj: T, key: K, value: T[K] | undefined): T {
  if (value === undefined) {
    if (!(key in obj)) return obj;
    const next = { ...obj };
    delete next[key];
    return next;
  }
  if (obj[key] === value) return obj;
  return { ...obj, [key]: value };
}
