import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../db/testing/testDatabase";
import type { RuntimeStore } from "../sim/ports/runtimeStore";
import { createMemoryRuntimeStore } from "./memory/memoryRuntimeStore";
import { createPostgresRuntimeStore } from "./postgres/postgresRuntimeStore";

/**
 * `readModelPage` of both runtime stores: keyset pages that together are exactly
 * `readModelRows(runId)`, in the same byte order, whatever the ids (upper case before lower case,
 * `_` after `Z`, accented letters after ASCII), and never another run's rows.
 */
describe("readModelPage, in memory and on PostgreSQL", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(inject("pgUrl"));
  });
  afterAll(async () => db?.drop());

  const RUN = "run-a";
  const ids = ["b", "B", "a", "_x", "Z", "é", "z", "a-1", "a1", "10", "9", "ab", "aB"];

  async function fill(store: RuntimeStore) {
    let n = 0;
    for (const readModel of ["OrderView", "AuditView", "order_view"]) {
      for (const rowId of ids) {
        const update = { consumerGroup: `g-${readModel}`, readModel, rowId, fields: { n: ++n }, version: [1, n] as const };
        await store.project({ ...update, runId: RUN, messageId: crypto.randomUUID() });
        // Another run's rows with the same keys must never show up in RUN's pages.
        await store.project({ ...update, runId: "run-b", messageId: crypto.randomUUID() });
      }
    }
  }

  for (const [name, make] of [
    ["memory", () => createMemoryRuntimeStore()],
    ["postgres", () => createPostgresRuntimeStore(db.pool)],
  ] as const) {
    it(`${name}: pages of every size cover readModelRows exactly once, in its order`, async () => {
      const store = make();
      await fill(store);
      const all = await store.readModelRows(RUN);
      expect(all).toHaveLength(3 * ids.length);
      for (const limit of [1, 2, 5, 13, 100]) {
        const seen: typeof all = [];
        let after: { readModel: string; rowId: string } | null = null;
        for (;;) {
          const page = await store.readModelPage(RUN, after, limit);
          expect(page.length).toBeLessThanOrEqual(limit);
          seen.push(...page);
          if (page.length < limit) break;
          after = { readModel: page.at(-1)!.readModel, rowId: page.at(-1)!.rowId };
        }
        expect(seen, `limit ${limit}`).toEqual(all);
      }
    });
  }

  it("both stores order the rows the same way (byte order)", async () => {
    const memory = createMemoryRuntimeStore();
    await fill(memory);
    // Filled again if the test above ran: the same keys, one more event each.
    const postgres = createPostgresRuntimeStore(db.pool);
    await fill(postgres);
    const keys = (rows: { readModel: string; rowId: string }[]) => rows.map((r) => `${r.readModel}/${r.rowId}`);
    expect(keys(await postgres.readModelPage(RUN, null, 1000))).toEqual(keys(await memory.readModelPage(RUN, null, 1000)));
    expect(keys(await memory.readModelPage(RUN, null, 4))).toEqual(["AuditView/10", "AuditView/9", "AuditView/B", "AuditView/Z"]);
  });
});
