import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, inject, it } from "vitest";
import { migrate, readMigrations } from "./migrate";
import { createTestDatabase, type TestDatabase } from "./testing/testDatabase";

describe("migration runner", () => {
  let db: TestDatabase;
  afterEach(async () => db?.drop());

  it("applies every migration to an empty database, and a second run is a no-op", async () => {
    db = await createTestDatabase(inject("pgUrl"), { migrated: false });
    const files = readMigrations();
    expect(files.length).toBeGreaterThan(0);

    const first = await migrate(db.pool);
    expect(first.applied).toEqual(files.map((f) => f.name));
    expect(first.alreadyApplied).toBe(0);

    const second = await migrate(db.pool);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toBe(files.length);

    const rows = await db.pool.query(`SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name`);
    expect(rows.rows.map((r) => r.migration_name)).toEqual(files.map((f) => f.name));
    expect(rows.rows.map((r) => r.checksum)).toEqual(files.map((f) => f.checksum));
    expect(rows.rows.every((r) => r.finished_at instanceof Date)).toBe(true);
  });

  it("applies each file once when several processes start at the same time", async () => {
    db = await createTestDatabase(inject("pgUrl"), { migrated: false });
    const results = await Promise.all([migrate(db.pool), migrate(db.pool), migrate(db.pool)]);
    const appliedTotal = results.reduce((n, r) => n + r.applied.length, 0);
    expect(appliedTotal).toBe(readMigrations().length);
    const count = await db.pool.query(`SELECT count(*)::int AS n FROM "_prisma_migrations"`);
    expect(count.rows[0].n).toBe(readMigrations().length);
  });

  it("refuses a migration whose file changed after it was applied", async () => {
    db = await createTestDatabase(inject("pgUrl"), { migrated: false });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mig-"));
    fs.mkdirSync(path.join(dir, "20200101000000_one"));
    fs.writeFileSync(path.join(dir, "20200101000000_one/migration.sql"), "CREATE TABLE one (id int);");
    await migrate(db.pool, readMigrations(dir));
    fs.writeFileSync(path.join(dir, "20200101000000_one/migration.sql"), "CREATE TABLE one (id bigint);");
    await expect(migrate(db.pool, readMigrations(dir))).rejects.toMatchObject({ code: "migration_modified" });
  });

  it("rolls back a failing file completely and names it", async () => {
    db = await createTestDatabase(inject("pgUrl"), { migrated: false });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mig-"));
    fs.mkdirSync(path.join(dir, "20200101000000_bad"));
    fs.writeFileSync(path.join(dir, "20200101000000_bad/migration.sql"), "CREATE TABLE half (id int); SELECT nope FROM nowhere;");
    await expect(migrate(db.pool, readMigrations(dir))).rejects.toMatchObject({
      code: "migration_failed",
      message: expect.stringContaining("20200101000000_bad"),
    });
    const half = await db.pool.query(`SELECT to_regclass('half') AS t`);
    expect(half.rows[0].t).toBeNull();
  });
});
