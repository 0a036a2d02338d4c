import type { ReadModelRowView } from "@/lib/client/runsApi";

/** One read model's rows as a table: the union of their fields as columns, in order of first appearance. */
export interface ReadModelTable {
  readModel: string;
  columns: string[];
  rows: ReadModelRowView[];
}

/** Splits a run's read-model rows by read model (in the order they come: by read model, then row id). */
export function readModelTables(rows: readonly ReadModelRowView[]): ReadModelTable[] {
  const tables = new Map<string, { columns: Set<string>; rows: ReadModelRowView[] }>();
  for (const row of rows) {
    let t = tables.get(row.readModel);
    if (!t) {
      t = { columns: new Set(), rows: [] };
      tables.set(row.readModel, t);
    }
    t.rows.push(row);
    for (const key of Object.keys(row.data ?? {})) t.columns.add(key);
  }
  return [...tables].map(([readModel, t]) => ({ readModel, columns: [...t.columns], rows: t.rows }));
}

/** A cell's text: strings as they are, numbers and booleans as written, objects as compact JSON (cut at `max`). */
export function cellText(value: unknown, max = 80): string {
  if (value === null || value === undefined) return "–";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  let text: string;
  try {
    text = JSON.stringify(value);
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Whether a cell reads as a number (right-aligned with tabular figures). */
export function isNumeric(value: unknown): boolean {
  return typeof value === "number" || typeof value === "bigint";
}

/** Rows whose id or any field contains `query` (case-insensitive); all rows for a blank query. */
export function filterRows(rows: readonly ReadModelRowView[], query: string): readonly ReadModelRowView[] {
  const q = query.trim().toLowerCase();
  if (!q) return rows;
  return rows.filter((r) => r.rowId.toLowerCase().includes(q) || Object.values(r.data ?? {}).some((v) => cellText(v, 10_000).toLowerCase().includes(q)));
}

/** The columns whose every present value is a number (right-aligned, header included). */
export function numericColumns(table: ReadModelTable): Set<string> {
  const out = new Set<string>();
  for (const c of table.columns) {
    let any = false;
    let all = true;
    for (const r of table.rows) {
      const v = r.data?.[c];
      if (v === null || v === undefined) continue;
      any = true;
      if (!isNumeric(v)) {
        all = false;
        break;
      }
    }
    if (any && all) out.add(c);
  }
  return out;
}

/** How a status-like value reads: failures red, successes green, the rest neutral (a tint, never the only cue). */
export function statusTone(value: unknown): "bad" | "good" | "neutral" {
  if (typeof value !== "string") return "neutral";
  if (/fail|cancel|reject|error|declin|refus|abort/i.test(value)) return "bad";
  if (/complet|confirm|success|succeed|paid|shipped|deliver|done|approv|accept/i.test(value)) return "good";
  return "neutral";
}
