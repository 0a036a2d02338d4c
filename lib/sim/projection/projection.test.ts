import { describe, expect, it } from "vitest";
import { seededRandom } from "../hash";
import type { ReadModelRow, RowVersion } from "../ports/records";
import { mergeRow, projectionFields, versionOf } from "./projection";

const update = (fields: Record<string, unknown>, version: RowVersion) => ({ readModel: "View", rowId: "r1", fields, version });

describe("read-model projection", () => {
  it("takes payload fields of the same name, the row id, the event name as status and the event time", () => {
    const fields = projectionFields(
      { fields: ["id", "total", "status", "createdAt", "updatedAt", "missing"].map((name) => ({ name, type: "string" as const })) },
      { name: "OrderPlaced" },
      { total: 12, other: 1 },
      "row-1",
      "2026-01-01T00:00:00.000Z",
    );
    expect(fields).toEqual({ id: "row-1", total: 12, status: "OrderPlaced", createdAt: "2026-01-01T00:00:00.000Z", updatedAt: "2026-01-01T00:00:00.000Z" });
  });

  it("merges last-writer-wins by version (createdAt: first writer), counting events", () => {
    let row: ReadModelRow | null = null;
    row = mergeRow(row, update({ status: "B", createdAt: "t2" }, [5, 20]));
    row = mergeRow(row, update({ status: "A", createdAt: "t1", total: 1 }, [5, 10]));
    expect(row.data).toEqual({ status: "B", createdAt: "t1", total: 1 });
    expect(row.eventCount).toBe(2);
  });

  it("gives the same row whatever order the events arrive in", () => {
    const events = Array.from({ length: 8 }, (_, i) => update({ status: `s${i}`, [`f${i % 3}`]: i, createdAt: `t${i}` }, versionOf(`${100 + (i % 4)}:${i}`)));
    const inOrder = events.reduce<ReadModelRow | null>((row, e) => mergeRow(row, e), null)!;
    const random = seededRandom("shuffle");
    for (let trial = 0; trial < 20; trial++) {
      const shuffled = [...events].sort(() => random() - 0.5);
      const row = shuffled.reduce<ReadModelRow | null>((r, e) => mergeRow(r, e), null)!;
      expect(row.data).toEqual(inOrder.data);
      expect(row.versions).toEqual(inOrder.versions);
    }
  });
});
