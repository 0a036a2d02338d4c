import type pg from "pg";
import { isoTimestamp } from "../../eventstore/postgres/appendToStream";
import { prepareAppend } from "../../eventstore/validate";
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

/** What the write batcher takes: a write unit (its JSON, its stream for ordering) or a processed record. */
type Write = { readonly kind: "unit"; readonly json: string; readonly stream: string } | { readonly kind: "record"; readonly record: RecordItem };

export interface WriteBatches {
  /** A write unit, checked as an append on its own would be before it joins a batch (a bad unit fails alone). */
  commit(unit: WriteUnit): Promise<UnitOutcome>;
  /** A processed record (and its read-model update); false when the record existed already. */
  submitRecord(record: RecordItem): Promise<boolean>;
}

export function createWriteBatches(pool: pg.Pool): WriteBatches {
  // Write units and processed records with read-model updates go in the same statement when both
  // are waiting. Units are sorted by stream and records by row, so two batches never take the
  // same locks in opposite orders.
  const writes = new Batcher<Write, UnitOutcome | boolean>(async (items) => {
    const units = items.flatMap((item, i) => (item.kind === "unit" ? [{ item, i }] : [])).sort((a, b) => (a.item.stream < b.item.stream ? -1 : a.item.stream > b.item.stream ? 1 : a.i - b.i));
    const records = items.flatMap((item, i) => (item.kind === "record" ? [{ item, i }] : [])).sort((a, b) => compareKeys(a.item.record, b.item.record) || a.i - b.i);
    const unitsJson = `[${units.map((u) => u.item.json).join(",")}]`;
    const recordArrays = [
      records.map((r) => r.item.record.consumerGroup),
      records.map((r) => r.item.record.messageId),
      records.map((r) => r.item.record.runId),
      records.map((r) => r.item.record.readModel),
      records.map((r) => r.item.record.rowId),
      records.map((r) => r.item.record.fields),
      records.map((r) => r.item.record.version),
    ];
    const result =
      records.length === 0
        ? await pool.query({ name: "sim_commit_units", text: `SELECT sim_commit_units($1::jsonb) AS units`, values: [unitsJson] })
        : units.length === 0
          ? await pool.query({
              name: "sim_record_batch",
              text: `SELECT sim_record_batch($1::text[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::jsonb[]) AS applied`,
              values: recordArrays,
            })
          : await pool.query({
              name: "sim_commit_units_and_records",
              text: `SELECT sim_commit_units($1::jsonb) AS units,
                            sim_record_batch($2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::jsonb[], $8::jsonb[]) AS applied`,
              values: [unitsJson, ...recordArrays],
            });
    const row = (result.rows[0] ?? {}) as { units?: UnitRow[]; applied?: boolean[] };
    const out: (UnitOutcome | boolean)[] = new Array(items.length);
    units.forEach((u, j) => (out[u.i] = toOutcome(row.units?.[j])));
    records.forEach((r, j) => (out[r.i] = row.applied?.[j] === true));
    return out;
  });
  return {
    commit: (unit) => writes.submit({ kind: "unit", json: unitJson(unit), stream: unit.append?.streamId ?? "" }) as Promise<UnitOutcome>,
    submitRecord: (record) => writes.submit({ kind: "record", record }) as Promise<boolean>,
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

function compareKeys(a: RecordItem, b: RecordItem): number {
  const x = `${a.readModel ?? ""}\u0000${a.rowId ?? ""}\u0000${a.consumerGroup}\u0000${a.messageId}`;
  const y = `${b.readModel ?? ""}\u0000${b.rowId ?? ""}\u0000${b.consumerGroup}\u0000${b.messageId}`;
  return x < y ? -1 : x > y ? 1 : 0;
}
