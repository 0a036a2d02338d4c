import type { BoardDocument, Migration } from "./boardDocument";
import { ModelError } from "./errors";
import { migrateV1ToV2 } from "./migrateV1";
import { CURRENT_SCHEMA_VERSION } from "./schema";

export type { BoardDocument, Migration } from "./boardDocument";

/**
 * The migration steps, keyed by the version each one produces: `MIGRATIONS[2]` turns a v1
 * document into a v2 one (saga steps that orchestrate stickies; see migrateV1.ts). To add v3:
 * write the step, bump `CURRENT_SCHEMA_VERSION`, update the schema, and add a v2 fixture test
 * that parses into the v3 shape.
 */
export const MIGRATIONS: Readonly<Record<number, Migration>> = { 2: migrateV1ToV2 };

/**
 * Brings `document`, at schema version `fromVersion`, up to `toVersion` by running each step in
 * order. Tables are parameters so the mechanism can be tested before a real v2 exists.
 *
 * @throws ModelError `unsupported_version` if a step is missing from the table.
 */
export function migrateBoard(
  document: BoardDocument,
  fromVersion: number,
  toVersion: number = CURRENT_SCHEMA_VERSION,
  migrations: Readonly<Record<number, Migration>> = MIGRATIONS,
): BoardDocument {
  let current = document;
  for (let version = fromVersion + 1; version <= toVersion; version++) {
    const step = migrations[version];
    if (!step) {
      throw new ModelError(
        "unsupported_version",
        `Cannot upgrade this board from schema version ${version - 1} to ${version}: no migration is known.`,
      );
    }
    current = { ...step(current), schemaVersion: version };
  }
  return current;
}
