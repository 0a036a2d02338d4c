import { openDatabase, resolveDbTarget } from "../../lib/db";
import type { Command } from "../command";

/** `stormflow db`: which database the CLI (and the app) use, and its migrations. */
export const dbCommand: Command = {
  name: "db",
  summary: "Show which PostgreSQL Stormflow uses and apply its migrations",
  usage: "stormflow db",
  async run(args) {
    if (args.length > 0) return { usage: `db takes no arguments (got ${args.join(" ")})` };
    const target = resolveDbTarget();
    const db = await openDatabase({ mode: "reuse" });
    try {
      const where = target.kind === "embedded" ? `embedded PostgreSQL in ${target.dataDir}` : "DATABASE_URL";
      console.log(`database: ${db.kind} (${where})`);
      console.log(`migrations: ${db.migrations.alreadyApplied + db.migrations.applied.length} applied` +
        (db.migrations.applied.length ? ` (${db.migrations.applied.length} just now)` : ""));
      return { code: 0 };
    } finally {
      await db.close();
    }
  },
};
