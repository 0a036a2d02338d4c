import type { ReactNode } from "react";
import { IconButton } from "./IconButton";
import { AlertIcon, CloseIcon } from "./icons";
import styles from "./Alert.module.css";

export interface AlertProps {
  /** `error` (default) is announced immediately (role="alert"); `info` politely (role="status"). */
  tone?: "error" | "info";
  title: string;
  children?: ReactNode;
  /** Shows a close button. */
  onDismiss?(): void;
  dismissLabel?: string;
  /** Extra actions (e.g. a Retry button), shown under the text. */
  actions?: ReactNode;
  className?: string;
}

/** An inline message box: a title, details, optional actions and a close button. */
export function Alert({ tone = "error", title, children, onDismiss, dismissLabel = "Dismiss", actions, className }: AlertProps) {
  return (
    <div role={tone === "error" ? "alert" : "status"} className={[styles.alert, styles[tone], className].filter(Boolean).join(" ")}>
      <span className={styles.icon}>
        <AlertIcon />
      </span>
      <div className={styles.text}>
        <p className={styles.title}>{title}</p>
        {children ? <div className={styles.details}>{children}</div> : null}
        {actions ? <div className={styles.actions}>{actions}</div> : null}
      </div>
      {onDismiss ? (
        <IconButton label={dismissLabel} size="sm" onClick={onDismiss} className={styles.close}>
          <CloseIcon />
        </IconButton>
      ) : null}
    </div>
  );
}
