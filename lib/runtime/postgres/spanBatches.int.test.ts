import { afterEach, describe, expect, inject, it } from "vitest";
import { migrate, readMigrations } from "../../db/migrate";
import { createTestDatabase, type TestDatabase } from "../../db/testing/testDatabase";
import type { TraceItem } from "../../sim/ports/trace";
import { createPostgresRuntimeStore } from "./postgresRuntimeStore";

function span(seq: number, extra: Partial<TraceItem> = {}): TraceItem {
  return {
    seq,
    traceId: `t-${seq % 3}`,
    spanId: `s-${seq}`,
    parentSpanId: seq > 1 ? `s-${seq - 1}` : null,
    name: `Span "${seq}" — 名前`,
    kind: "handle",
    startedAt: 1_796_140_069_343.0173 + seq,
    endedAt: 1_796_140_069_387.7417 + seq,
    status: seq % 5 === 0 ? "error" : "ok",
    attributes: { group: "email-service", attempt: seq, duplicate: seq % 2 === 0, error: null, text: "a\nb\u2028c \"q\" \\ </script>" },
    ...extra,
  };
}

describe("spans stored a batch per row", () => {
  let db: TestDatabase;
  afterEach(async () => db?.drop());

  it("reads back exactly what was written, from any seq, in pages, and skips a re-sent batch", async () => {
    db = await createTestDatabase(inject("pgUrl"));
    const store = createPostgresRuntimeStore(db.pool);
    const all = Array.from({ length: 1_200 }, (_, i) => span(i + 1));
    // Batches as the sink writes them: in seq order, of uneven sizes.
    for (const [from, to] of [[0, 1], [1, 500], [500, 777], [777, 1_200]] as const) await store.appendSpans("run-a", all.slice(from, to));
    await store.appendSpans("run-b", [span(1, { name: "other run" })]);

    expect(await store.lastSpanSeq("run-a")).toBe(1_200);
    expect(await store.readSpans("run-a", 0, 5_000)).toEqual(all);
    for (const after of [0, 1, 499, 500, 501, 776, 777, 1_199]) {
      expect(await store.readSpans("run-a", after, 7), String(after)).toEqual(all.slice(after, after + 7));
    }
    expect(await store.readSpans("run-a", 1_200, 10)).toEqual([]);
    expect(await store.readSpans("run-none", 0, 10)).toEqual([]);

    // A re-sent batch, and one that overlaps the stored end: only spans above it are kept.
    await store.appendSpans("run-a", all.slice(500, 777));
    await store.appendSpans("run-a", [...all.slice(1_190), span(1_201), span(1_202)]);
    expect((await store.readSpans("run-a", 1_195, 100)).map((s) => s.seq)).toEqual([1_196, 1_197, 1_198, 1_199, 1_200, 1_201, 1_202]);

    // The sim_spans view shows one row per span, as the table did.
    const view = await db.pool.query(`SELECT seq::int, kind, status, attributes->>'group' AS grp FROM sim_spans WHERE run_id = 'run-a' AND status = 'error' ORDER BY seq LIMIT 2`);
    expect(view.rows).toEqual([
      { seq: 5, kind: "handle", status: "error", grp: "email-service" },
      { seq: 10, kind: "handle", status: "error", grp: "email-service" },
    ]);
  });

  it("moves the spans of runs stored before the change into batches, unchanged", async () => {
    db = await createTestDatabase(inject("pgUrl"), { migrated: false });
    const files = readMigrations();
    const at = files.findIndex((f) => f.name.endsWith("_span_batches"));
    await migrate(db.pool, files.slice(0, at));
    const old = Array.from({ length: 1_003 }, (_, i) => span(i + 1));
    for (const s of old) {
      await db.pool.query(
        `INSERT INTO sim_spans (run_id, seq, trace_id, span_id, parent_span_id, name, kind, started_at, ended_at, status, attributes) VALUES ('old', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [s.seq, s.traceId, s.spanId, s.parentSpanId, s.name, s.kind, s.startedAt, s.endedAt, s.status, s.attributes],
      );
    }
    await migrate(db.pool, files);

    const store = createPostgresRuntimeStore(db.pool);
    expect(await store.readSpans("old", 0, 5_000)).toEqual(old);
    expect(await store.lastSpanSeq("old")).toBe(1_003);
    const batches = await db.pool.query(`SELECT first_seq::int, last_seq::int FROM sim_span_batches WHERE run_id = 'old' ORDER BY first_seq`);
    expect(batches.rows).toEqual([
      { first_seq: 1, last_seq: 500 },
      { first_seq: 501, last_seq: 1_000 },
      { first_seq: 1_001, last_seq: 1_003 },
    ]);
    // A resumed run numbers on after them.
    await store.appendSpans("old", [span(1_004)]);
    expect((await store.readSpans("old", 1_000, 10)).map((s) => s.seq)).toEqual([1_001, 1_002, 1_003, 1_004]);
  });
});
