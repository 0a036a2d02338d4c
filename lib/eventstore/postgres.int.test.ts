import { afterAll, beforeAll } from "vitest";
import { eventStoreContract } from "./testing/contract";
import { createPostgresEventStore } from "./postgres";
import { startIsolatedPostgres, type IsolatedPostgres } from "./testing/isolatedPostgres";

let db: IsolatedPostgres;
beforeAll(async () => {
  db = await startIsolatedPostgres();
});
afterAll(async () => db?.stop());

eventStoreContract("PostgreSQL", async () => {
  await db.reset();
  return createPostgresEventStore(db.pool);
});
