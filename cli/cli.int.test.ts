import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../lib/db/testing/testDatabase";
import { runCli } from "./testing/runCli";

describe("stormflow CLI", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(inject("externalPgUrl"), { migrated: false });
  });
  afterAll(async () => db.drop());

  it("prints help with every command and exits 0", async () => {
    const run = await runCli(["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Usage: stormflow <command>");
    expect(run.stdout).toMatch(/^\s+db\s+/m);
  });

  it("uses DATABASE_URL and migrates it", async () => {
    const run = await runCli(["db"], { env: { DATABASE_URL: db.url } });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("database: external (DATABASE_URL)");
    const t = await db.pool.query(`SELECT to_regclass('boards') AS t`);
    expect(t.rows[0].t).toBe("boards");
  });

  it("exits 2 on an unknown command, naming it", async () => {
    const run = await runCli(["frobnicate"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown command "frobnicate"');
  });

  it("exits 1 with one line when the database cannot be reached", async () => {
    const run = await runCli(["db"], { env: { DATABASE_URL: "postgres://u:p@127.0.0.1:1/x" } });
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe("stormflow: Cannot connect to PostgreSQL at 127.0.0.1:1: connection refused (is the server running?)");
  });
});
