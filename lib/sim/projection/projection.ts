import { fieldRecord } from "../payload";
import type { EventInfo, ReadModelInfo } from "../../model";
import type { ReadModelRow, RowVersion } from "../ports/records";

/*
 * Read models. A row is keyed by the entity the flow is about (the subject id) and each field
 * keeps the version (the event's place in readAll order) that last set it: a field is taken
 * from an event only when that event is newer than the one that set it (`createdAt`: older, so
 * the first event wins). The merge is commutative and idempotent, so the live rows, built from
 * deliveries in whatever order the broker made them, equal a rebuild that reads the event store
 * from the start in order. The PostgreSQL adapter runs the same rule in SQL (`sim_lww_merge`).
 */

/** The field a read model sets from the event's creation time once, and never again. */
export const FIRST_WRITE_FIELDS: ReadonlySet<string> = new Set(["createdAt"]);

/** What one event contributes to a read model's row: payload fields of the same name, `id`, `status` and timestamps. */
export function projectionFields(
  readModel: Pick<ReadModelInfo, "fields">,
  event: Pick<EventInfo, "name">,
  payload: unknown,
  rowId: string,
  createdAt: string,
): Record<string, unknown> {
  const data = typeof payload === "object" && payload !== null && !Array.isArray(payload) ? (payload as Record<string, unknown>) : {};
  const out = fieldRecord();
  for (const field of readModel.fields) {
    if (field.name === "id") out.id = rowId;
    else if (Object.hasOwn(data, field.name)) out[field.name] = data[field.name];
    else if (field.name === "status") out.status = event.name;
    else if (field.name === "createdAt" || field.name === "updatedAt") out[field.name] = createdAt;
  }
  return out;
}

/** `<transactionId>:<globalPosition>` as a row version. */
export function versionOf(checkpoint: string): RowVersion {
  const [tx = "0", position = "0"] = checkpoint.split(":");
  return [Number(tx), Number(position)];
}

export function compareVersions(a: RowVersion, b: RowVersion): number {
  return a[0] !== b[0] ? a[0] - b[0] : a[1] - b[1];
}

/** Applies one event's fields to a row (null: a new row). Pure; see the rule at the top. */
export function mergeRow(
  row: ReadModelRow | null,
  update: { readonly readModel: string; readonly rowId: string; readonly fields: Readonly<Record<string, unknown>>; readonly version: RowVersion },
): ReadModelRow {
  const data = Object.assign(fieldRecord(), row?.data);
  const versions = Object.assign(fieldRecord<RowVersion>(), row?.versions);
  for (const [field, value] of Object.entries(update.fields)) {
    const current = versions[field];
    const take =
      current === undefined ||
      (FIRST_WRITE_FIELDS.has(field) ? compareVersions(update.version, current) < 0 : compareVersions(current, update.version) < 0);
    if (take) {
      data[field] = value;
      versions[field] = update.version;
    }
  }
  return { readModel: update.readModel, rowId: update.rowId, data, versions, eventCount: (row?.eventCount ?? 0) + 1 };
}
