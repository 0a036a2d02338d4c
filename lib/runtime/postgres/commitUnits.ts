import type pg from "pg";
import { isoTimestamp } from "../../eventstore/postgres/appendToStream";
import type { Int64String } from "../../eventstore/types";
import { checkOutboxIds, prepareAppend } from "../../eventstore/validate";
import type { UnitOutcome, WriteUnit } from "../../sim/ports/runtimeStore";
import { Batcher } from "./batcher";

/*
 * The runtime store's hot path on PostgreSQL: consumers' writes outside a transaction go out in
 * batches, one statement and one commit for many. A write unit (a processed record with an
 * append; see the commit_units migration) and a processed record with its read-model update
 * (sim_record_batch) each join the next batch. postgresRuntimeStore.ts hands them in.
 */

/** One processed record, with a read-model update when `readModel` is set. */
export interface RecordItem {
  readonly consumerGroup: string;
  readonly messageId: string;
  readonly runId: string;
  readonly readModel: string | null;
  readonly rowId: string | null;
  readonly fields: string | null;
  readonly version: string | null;
}

/** What the write batcher takes: a write unit (its JSON, its stream for ordering), a processed record, or outbox rows to mark published. */
type Write =
  | { readonly kind: "unit"; readonly json: string; readonly stream: string }
  | { readonly kind: "record"; readonly record: RecordItem }
  | { readonly kind: "published"; readonly ids: readonly string[] };

export interface WriteBatches {
  /** A write unit, checked as an append on its own would be before it joins a batch (a bad unit fails alone). */
  commit(unit: WriteUnit): Promise<UnitOutcome>;
  /** A processed record (and its read-model update); false when the record existed already. */
  submitRecord(record: RecordItem): Promise<boolean>;
  /**
   * The outbox's markPublished, batched: the relay marks what the broker confirmed, and that
   * commit joins the consumers' writes instead of being one of its own (its rows are not theirs:
   * no lock is shared). Resolves to how many of these rows it marked.
   */
  markPublished(ids: readonly Int64String[]): Promise<number>;
}

export function createWriteBatches(pool: pg.Pool): WriteBatches {
  // Write units and processed records with read-model updates go in the same statement when both
  // are waiting. Units are sorted by stream and records by row, so two batches never take the
  // same locks in opposite orders. Two batches are in flight at once: while one waits for its
  // commit to be flushed the next is being executed, and a run's throughput is its writes' (one
  // batch at a time left a core idle: 150 → 250 Order sagas/s on 2 cores, bench/run.ts).
  const writes = new Batcher<Write, UnitOutcome | boolean | number>((items) => onDeadlockAgain(() => writeBatch(items)), 500, 2);
  async function writeBatch(items: Write[]): Promise<(UnitOutcome | boolean | number)[]> {
    const units = items.flatMap((item, i) => (item.kind === "unit" ? [{ item, i }] : [])).sort((a, b) => (a.item.stream < b.item.stream ? -1 : a.item.stream > b.item.stream ? 1 : a.i - b.i));
    const records = items.flatMap((item, i) => (item.kind === "record" ? [{ item, i }] : [])).sort((a, b) => compareKeys(a.item.record, b.item.record) || a.i - b.i);
    const marks = items.flatMap((item, i) => (item.kind === "published" ? [{ item, i }] : []));
    // One statement for whatever is waiting, named per shape so each connection plans it once.
    const values: unknown[] = [];
    const param = (value: unknown, type: string) => `$${values.push(value)}::${type}`;
    const selected: string[] = [];
    let marking = "";
    if (marks.length > 0) {
      const ids = marks.flatMap((m) => m.item.ids).sort();
      marking = `WITH marked AS (UPDATE es_outbox SET published_at = CURRENT_TIMESTAMP WHERE id = ANY(${param(ids, "bigint[]")}) AND published_at IS NULL RETURNING id) `;
      selected.push(`(SELECT coalesce(array_agg(id::text), '{}') FROM marked) AS marked`);
    }
    if (units.length > 0) selected.push(`sim_commit_units(${param(`[${units.map((u) => u.item.json).join(",")}]`, "jsonb")}) AS units`);
    if (records.length > 0) {
      const r = records.map((x) => x.item.record);
      selected.push(
        `sim_record_batch(${[
          param(r.map((x) => x.consumerGroup), "text[]"),
          param(r.map((x) => x.messageId), "uuid[]"),
          param(r.map((x) => x.runId), "text[]"),
          param(r.map((x) => x.readModel), "text[]"),
          param(r.map((x) => x.rowId), "text[]"),
          param(r.map((x) => x.fields), "jsonb[]"),
          param(r.map((x) => x.version), "jsonb[]"),
        ].join(", ")}) AS applied`,
      );
    }
    const name = `sim_write_batch_${marks.length > 0 ? "p" : ""}${units.length > 0 ? "u" : ""}${records.length > 0 ? "r" : ""}`;
    const result = await pool.query({ name, text: `${marking}SELECT ${selected.join(", ")}`, values });
    const row = (result.rows[0] ?? {}) as { units?: UnitRow[]; applied?: boolean[]; marked?: string[] };
    const out: (UnitOutcome | boolean | number)[] = new Array(items.length);
    units.forEach((u, j) => (out[u.i] = toOutcome(row.units?.[j])));
    records.forEach((r, j) => (out[r.i] = row.applied?.[j] === true));
    const marked = new Set(row.marked ?? []);
    for (const m of marks) out[m.i] = m.item.ids.filter((id) => marked.delete(id)).length;
    return out;
  }
  return {
    commit: (unit) => writes.submit({ kind: "unit", json: unitJson(unit), stream: unit.append?.streamId ?? "" }) as Promise<UnitOutcome>,
    submitRecord: (record) => writes.submit({ kind: "record", record }) as Promise<boolean>,
    async markPublished(ids) {
      // Checked here, as the outbox's own markPublished checks them: a bad id fails alone.
      const wanted = checkOutboxIds(ids).map(String);
      return wanted.length === 0 ? 0 : ((await writes.submit({ kind: "published", ids: wanted })) as number);
    },
  };
}

interface UnitRow {
  s: "applied" | "duplicate" | "conflict" | "duplicate_event";
  v?: number;
  p?: string[];
  x?: string;
  b?: (string | null)[] | null;
  c?: string;
}

function toOutcome(row: UnitRow | undefined): UnitOutcome {
  if (!row) throw new Error("sim_commit_units returned fewer results than units");
  switch (row.s) {
    case "duplicate":
    case "duplicate_event":
      return { status: row.s };
    case "conflict":
      return { status: "conflict", actualVersion: Number(row.v ?? 0) };
    case "applied":
      return {
        status: "applied",
        append:
          row.x === undefined
            ? null
            : { nextVersion: Number(row.v), positions: row.p ?? [], transactionId: row.x, outboxIds: row.b ?? (row.p ?? []).map(() => null), createdAt: isoTimestamp(row.c ?? null) },
      };
  }
}

/** A unit as sim_commit_units reads it; the events' JSON as prepareAppend serialised it, spliced in as is. */
function unitJson(unit: WriteUnit): string {
  const parts: string[] = [];
  if (unit.processed) {
    parts.push(`"g":${JSON.stringify(unit.processed.consumerGroup)}`, `"m":${JSON.stringify(unit.processed.messageId)}`, `"r":${JSON.stringify(unit.processed.runId)}`);
  }
  if (unit.append) {
    const append = prepareAppend(unit.append.streamId, unit.append.events, unit.append.options);
    const expected = append.expectedVersion === "any" ? -1 : append.expectedVersion === "no_stream" ? 0 : append.expectedVersion;
    if (!unit.processed) parts.push(`"r":${JSON.stringify(append.runId)}`);
    parts.push(
      `"s":${JSON.stringify(append.streamId)}`,
      `"t":${JSON.stringify(append.streamType)}`,
      `"v":${expected}`,
      ...(append.claimMs !== null ? [`"l":${append.claimMs}`] : []),
      `"e":[${append.events
        .map((e) => `{"i":${JSON.stringify(e.eventId)},"y":${JSON.stringify(e.type)},"d":${e.dataJson},"md":${e.metadataJson},"o":${JSON.stringify(e.outbox?.topic ?? null)},"k":${JSON.stringify(e.outbox?.key ?? null)}}`)
        .join(",")}]`,
    );
  }
  return `{${parts.join(",")}}`;
}

/**
 * Runs a batch again when PostgreSQL chose it as a deadlock's victim: the statement is its own
 * transaction, so nothing of it was kept. Sorted batches take locks in one order, but a unit that
 * is not applied set-based falls back to unit-by-unit writes, whose processed records and streams
 * interleave; a concurrent writer (another batch, a worker process) can then close a cycle.
 */
async function onDeadlockAgain<T>(write: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (err) {
      if (attempt >= attempts || (err as { code?: unknown }).code !== "40P01") throw err;
    }
  }
}

function compareKeys(a: RecordItem, b: RecordItem): number {
  const x = `${a.readModel ?? ""}\u0000${a.rowId ?? ""}\u0000${a.consumerGroup}\u0000${a.messageId}`;
  const y = `${b.readModel ?? ""}\u0000${b.rowId ?? ""}\u0000${b.consumerGroup}\u0000${b.messageId}`;
  return x < y ? -1 : x > y ? 1 : 0;
}
