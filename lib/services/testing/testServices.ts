import { BoardHistory } from "../../boards/boardHistory";
import { BoardStore } from "../../boards/boardStore";
import type { Database } from "../../db/database";
import { createPrisma } from "../../db/prisma";
import { createTestDatabase } from "../../db/testing/testDatabase";
import { RunService } from "../../runtime/runService";
import { createPostgresRuntime } from "../../runtime/runtime";
import { setServices, type Services } from "../registry";

/** Wires the services as server.ts does, over a fresh test database; returns them and a teardown. */
export async function wireTestServices(serverUrl: string): Promise<{ services: Services; teardown(): Promise<void> }> {
  const test = await createTestDatabase(serverUrl);
  const db: Database = {
    kind: "external",
    url: test.url,
    pool: test.pool,
    migrations: { applied: [], alreadyApplied: 0 },
    close: async () => undefined,
  };
  const prisma = createPrisma(test.pool);
  const runtime = createPostgresRuntime(test.pool);
  const boards = new BoardStore(prisma);
  const services: Services = { version: "test", db, prisma, boards, history: new BoardHistory(prisma, boards), runs: new RunService(runtime), brokers: [] };
  setServices(services);
  return {
    services,
    async teardown() {
      await runtime.close();
      await prisma.$disconnect();
      await test.drop();
    },
  };
}
