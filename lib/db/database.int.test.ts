import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, inject, it } from "vitest";
import { resolveDbTarget } from "./config";
import { openDatabase, type Database } from "./database";
import { createPrisma } from "./prisma";
import { createTestDatabase, type TestDatabase } from "./testing/testDatabase";

describe("openDatabase", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });

  it("uses the server named by DATABASE_URL, migrated, and reports it as external", async () => {
    const scratch: TestDatabase = await createTestDatabase(inject("externalPgUrl"), { migrated: false });
    cleanups.push(() => scratch.drop());
    const db: Database = await openDatabase({ target: resolveDbTarget({ DATABASE_URL: scratch.url }) });
    cleanups.push(() => db.close());
    expect(db.kind).toBe("external");
    const tables = await db.pool.query(`SELECT to_regclass('boards') AS t`);
    expect(tables.rows[0].t).toBe("boards");
  });

  it("serves Prisma models over the shared pool: schema.prisma matches the SQL migrations", async () => {
    const scratch = await createTestDatabase(inject("pgUrl"));
    cleanups.push(() => scratch.drop());
    const prisma = createPrisma(scratch.pool);
    cleanups.push(() => prisma.$disconnect());
    const made = await prisma.board.create({ data: { name: "Drift check", document: { nodes: [] }, nodeCount: 0 } });
    const read = await prisma.board.findUniqueOrThrow({ where: { id: made.id } });
    expect(read).toMatchObject({ name: "Drift check", revision: 1, nodeCount: 0 });
    expect(read.updatedAt).toBeInstanceOf(Date);
  });

  it("says in one line that nothing listens at the DATABASE_URL host and port", async () => {
    await expect(openDatabase({ target: resolveDbTarget({ DATABASE_URL: "postgres://u:p@127.0.0.1:1/x" }) })).rejects.toMatchObject({
      code: "unreachable",
      message: "Cannot connect to PostgreSQL at 127.0.0.1:1: connection refused (is the server running?)",
    });
  });

  it("names host, port and the cause on a wrong password", async () => {
    const url = new URL(inject("pgUrl"));
    url.password = "definitely-wrong";
    await expect(openDatabase({ target: resolveDbTarget({ DATABASE_URL: url.toString() }) })).rejects.toMatchObject({
      code: "auth_failed",
      message: expect.stringMatching(new RegExp(`^Cannot connect to PostgreSQL at 127\\.0\\.0\\.1:${url.port}: .*password authentication failed`)),
    });
  });

  it("refuses a DATABASE_URL that is not a postgres URL", () => {
    expect(() => resolveDbTarget({ DATABASE_URL: "not a url" })).toThrow(/DATABASE_URL is not a URL/);
    expect(() => resolveDbTarget({ DATABASE_URL: "mysql://x@y/z" })).toThrow(/must start with postgres:\/\//);
  });

  it("keeps the embedded data across a restart, and a second owner of the folder is refused", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sf-embedded-"));
    cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
    const target = { kind: "embedded" as const, dataDir, ephemeral: false };

    const first = await openDatabase({ target });
    await first.pool.query(`INSERT INTO boards (id, name, document) VALUES (gen_random_uuid(), 'kept', '{}')`);
    await expect(openDatabase({ target })).rejects.toMatchObject({ code: "data_dir_in_use" });
    const joined = await openDatabase({ target, mode: "reuse" });
    expect((await joined.pool.query(`SELECT name FROM boards`)).rows).toEqual([{ name: "kept" }]);
    await joined.close();
    await first.close();

    const again = await openDatabase({ target });
    cleanups.push(() => again.close());
    expect((await again.pool.query(`SELECT name FROM boards`)).rows).toEqual([{ name: "kept" }]);
    expect(again.migrations.applied).toEqual([]);
  });
});
