/*
 * The types a migration step works on, apart from migrations.ts (the table and the runner) so that
 * a step (migrateV1.ts) depends on them without depending on the table that lists it.
 */

/** A board document before validation: plain JSON data of some schema version. */
export type BoardDocument = Record<string, unknown>;

/**
 * Upgrades a document by one schema version. It must not mutate its argument (the caller's
 * data) and need not set `schemaVersion`: `migrateBoard` does.
 */
export type Migration = (document: BoardDocument) => BoardDocument;
