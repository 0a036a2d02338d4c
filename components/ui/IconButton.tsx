import type { ButtonHTMLAttributes, ReactNode, Ref } from "react";
import styles from "./IconButton.module.css";

export interface IconButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, "aria-label" | "children"> {
  /** The accessible name, also shown as a tooltip. Required: an icon alone names nothing. */
  label: string;
  /** The icon (decorative). */
  children: ReactNode;
  /** `ghost` (default) or `danger` (red on hover). */
  tone?: "ghost" | "danger";
  /** `sm` (22 px, for dense panels) or `md` (28 px, default). */
  size?: "sm" | "md";
  ref?: Ref<HTMLButtonElement>;
}

/** A square button showing only an icon; `label` is its aria-label and title. */
export function IconButton({ label, children, tone = "ghost", size = "md", className, type = "button", title, ...rest }: IconButtonProps) {
  const classes = [styles.iconButton, styles[tone], styles[size], className].filter(Boolean).join(" ");
  return (
    <button {...rest} type={type} aria-label={label} title={title ?? label} className={classes}>
      {children}
    </button>
  );
}
