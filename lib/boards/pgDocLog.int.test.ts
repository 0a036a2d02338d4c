import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { insertBoard } from "../coedit/testing/harness";
import { createTestDatabase, type TestDatabase } from "../db/testing/testDatabase";
import { orderFlowTemplate } from "../model/template";
import { pgDocLog } from "./pgDocLog";

describe("pgDocLog", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(inject("pgUrl"));
  }, 60_000);
  afterAll(async () => {
    await db.drop();
  });

  it("appendAll stores updates in the order given, with ascending seqs, in one transaction with append", async () => {
    const { id } = await insertBoard(db.pool, orderFlowTemplate());
    const log = pgDocLog(db);
    const updates = Array.from({ length: 50 }, (_, i) => new Uint8Array([i, 255 - i, i % 7]));
    const { first, seqs, empty } = await log.transaction(async (tx) => {
      await tx.lock(id);
      const first = await tx.append(id, new Uint8Array([9, 9]));
      const seqs = await tx.appendAll(id, updates);
      const empty = await tx.appendAll(id, []);
      return { first, seqs, empty };
    });
    expect(empty).toEqual([]);
    expect(seqs).toHaveLength(50);
    expect(seqs[0]).toBeGreaterThan(first);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    const read = await log.transaction(async (tx) => {
      await tx.lock(id);
      return tx.readSince(id, first);
    });
    expect(read.updates.map((u) => u.seq)).toEqual(seqs);
    expect(read.updates.map((u) => [...u.update])).toEqual(updates.map((u) => [...u]));
  });

  it("appendAll keeps nothing when its transaction fails", async () => {
    const { id } = await insertBoard(db.pool, orderFlowTemplate());
    const log = pgDocLog(db);
    await expect(
      log.transaction(async (tx) => {
        await tx.lock(id);
        await tx.appendAll(id, [new Uint8Array([1]), new Uint8Array([2])]);
        throw new Error("after the append");
      }),
    ).rejects.toThrow("after the append");
    const { rows } = await db.pool.query(`SELECT 1 FROM board_doc_updates WHERE board_id = $1`, [id]);
    expect(rows).toHaveLength(0);
  });

  it("saveBoard keeps the saved revision with who edited it and what changed, within the retention", async () => {
    const board = orderFlowTemplate();
    const { id } = await insertBoard(db.pool, board);
    const log = pgDocLog(db, { keepRevisions: 2 });
    const renamed = { ...board, name: "Renamed" };
    const moved = { ...renamed, nodes: renamed.nodes.map((n, i) => (i === 0 ? { ...n, position: { x: n.position.x + 10, y: n.position.y } } : n)) };
    const revisions: number[] = [];
    for (const [next, authors] of [[renamed, ["Ana", "민지"]], [moved, []], [renamed, ["Ana"]]] as const) {
      revisions.push(await log.transaction(async (tx) => {
        await tx.lock(id);
        return tx.saveBoard(id, next, 0, authors);
      }));
    }
    expect(revisions).toEqual([2, 3, 4]);
    const { rows } = await db.pool.query<{ revision: number; authors: string[]; summary: { text: string; moved: number; renamed: boolean }; name: string }>(
      `SELECT revision, authors, summary, document->>'name' AS name FROM board_revisions WHERE board_id = $1 ORDER BY revision`,
      [id],
    );
    // Two kept: revision 2 went when 4 was saved.
    expect(rows.map((r) => [r.revision, r.authors, r.name, r.summary.moved])).toEqual([
      [3, [], "Renamed", 1],
      [4, ["Ana"], "Renamed", 1],
    ]);
    expect(rows[0]!.summary.text).toBe("1 moved");
  });
});
