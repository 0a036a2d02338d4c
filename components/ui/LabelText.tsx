import styles from "./LabelText.module.css";

/** A trailing unit in parentheses: `(ms)`, `(s)`, `(%)` (not any word in parentheses: "(default)" is set in capitals like the rest). */
const UNIT = /^(.*\S)(\s*\((?:ms|µs|s|min|h|px|%|kb|mb|bytes)\))$/u;

/** `text` split into the label and its trailing unit, or null when it ends in no unit. */
export function splitUnit(text: string): { label: string; unit: string } | null {
  const match = UNIT.exec(text);
  return match ? { label: match[1]!, unit: match[2]! } : null;
}

/**
 * A label's text for places that set labels in capitals (CSS `text-transform: uppercase`): its
 * unit keeps its case (`First wait (ms)` shows FIRST WAIT (ms), not (MS): a millisecond is not a
 * megasecond, and Korean labels, which have no capitals, showed only the unit shouting).
 */
export function LabelText({ text }: { text: string }) {
  const split = splitUnit(text);
  if (!split) return <>{text}</>;
  return (
    <>
      {split.label}
      <span className={styles.unit}>{split.unit}</span>
    </>
  );
}
