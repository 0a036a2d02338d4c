import type { ButtonHTMLAttributes, ReactNode, Ref } from "react";
import styles from "./Button.module.css";

export type ButtonVariant = "primary" | "secondary" | "ghost" | "danger";

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  /** `primary`: the page's main action; `secondary` (default): bordered; `ghost`: text only; `danger`: destructive. */
  variant?: ButtonVariant;
  /** `sm` for toolbars and panels, `md` (default) elsewhere. */
  size?: "sm" | "md";
  /** An icon before the label (decorative; the label names the button). */
  icon?: ReactNode;
  /** Shows a spinner, sets aria-busy and disables the button while work is under way. */
  busy?: boolean;
  ref?: Ref<HTMLButtonElement>;
}

/** A button with a visible label. `type` defaults to "button" (never an accidental submit). */
export function Button({
  variant = "secondary",
  size = "md",
  icon,
  busy = false,
  disabled,
  className,
  children,
  type = "button",
  ...rest
}: ButtonProps) {
  const classes = [styles.button, styles[variant], styles[size], className].filter(Boolean).join(" ");
  return (
    <button {...rest} type={type} className={classes} disabled={disabled || busy} aria-busy={busy || undefined}>
      {busy ? <span className={styles.spinner} aria-hidden="true" /> : icon ? <span className={styles.icon}>{icon}</span> : null}
      {children}
    </button>
  );
}
