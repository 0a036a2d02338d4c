import { describe, expect, it } from "vitest";
import { MIGRATIONS, migrateBoard, type Migration } from "./migrations";
import { CURRENT_SCHEMA_VERSION } from "./schema";

describe("migrateBoard", () => {
  it("has a step for every version after the first", () => {
    for (let version = 2; version <= CURRENT_SCHEMA_VERSION; version++) {
      expect(MIGRATIONS[version]).toBeTypeOf("function");
    }
  });

  it("leaves a current document as it is", () => {
    const document = { format: "stormflow.board", schemaVersion: CURRENT_SCHEMA_VERSION };
    expect(migrateBoard(document, CURRENT_SCHEMA_VERSION)).toBe(document);
  });

  it("runs the steps in order and stamps each version, without mutating the input", () => {
    const table: Record<number, Migration> = {
      2: (doc) => ({ ...doc, trail: [...(doc.trail as string[]), "to2"] }),
      3: (doc) => ({ ...doc, trail: [...(doc.trail as string[]), "to3"] }),
    };
    const input = { schemaVersion: 1, trail: [] as string[] };
    expect(migrateBoard(input, 1, 3, table)).toEqual({ schemaVersion: 3, trail: ["to2", "to3"] });
    expect(migrateBoard({ schemaVersion: 2, trail: [] }, 2, 3, table)).toEqual({ schemaVersion: 3, trail: ["to3"] });
    expect(input).toEqual({ schemaVersion: 1, trail: [] });
  });

  it("refuses a gap in the table", () => {
    expect(() => migrateBoard({ schemaVersion: 1 }, 1, 2, {})).toThrow(/from schema version 1 to 2/);
  });
});
