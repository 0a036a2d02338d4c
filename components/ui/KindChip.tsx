"use client";
import { KIND_META, type NodeKind } from "@/lib/model/kinds";
import { useStrings } from "@/components/i18n/LocaleProvider";
import styles from "./KindChip.module.css";

export interface KindChipProps {
  kind: NodeKind;
  /** Override the label (default: the kind's label in the UI's language, e.g. "Domain event"). */
  label?: string;
  /** Dashed border, as integration events are drawn. */
  dashed?: boolean;
  /** `swatch`: only the colour square; `chip` (default): square and label. */
  variant?: "chip" | "swatch";
}

/** A sticky kind's colour swatch and label, in the event-storming legend colours. */
export function KindChip({ kind, label, dashed = false, variant = "chip" }: KindChipProps) {
  const meta = KIND_META[kind];
  const kinds = useStrings().kinds;
  const swatch = (
    <span
      className={[styles.swatch, dashed ? styles.dashed : ""].filter(Boolean).join(" ")}
      style={{ background: meta.fill }}
      aria-hidden="true"
    />
  );
  if (variant === "swatch") return swatch;
  return (
    <span className={styles.chip} data-kind={kind}>
      {swatch}
      <span className={styles.label}>{label ?? kinds[kind]}</span>
    </span>
  );
}
