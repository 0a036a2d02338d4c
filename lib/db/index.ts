export { openDatabase, connectPool, type Database, type OpenOptions } from "./database";
export { resolveDbTarget, parsePostgresUrl, type DbTarget } from "./config";
export { DbError, isDatabaseUnavailable, unavailableReason, type DbErrorCode } from "./errors";
export { migrate, readMigrations, MIGRATIONS_DIR, type MigrateResult } from "./migrate";
export { handleSignalsHere, startEmbedded, type EmbeddedHandle } from "./embedded";
export { createPrisma, type PrismaClient } from "./prisma";
export { pingDatabase } from "./ping";
export { listenChannel, type Notifications } from "./notifications";
