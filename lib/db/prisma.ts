import type pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";

export type { PrismaClient };

/**
 * A Prisma client over the app's own pg pool (Prisma 7 connects only through a driver
 * adapter), so Prisma and the event store's raw SQL share one set of connections.
 */
export function createPrisma(pool: pg.Pool): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg(pool) });
}
