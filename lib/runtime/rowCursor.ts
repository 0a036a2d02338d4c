import type { ReadModelKey } from "../sim/ports/runtimeStore";

/**
 * The `after`/`next` cursor of read-model pages: the last row's (read model, row id), as
 * base64url JSON. Opaque to clients (they pass back what they got); decoded strictly here, so a
 * forged cursor is a 400, never a query with something unexpected in it.
 */
export function encodeRowCursor(key: ReadModelKey): string {
  return Buffer.from(JSON.stringify([key.readModel, key.rowId]), "utf8").toString("base64url");
}

/** The key in `cursor`, or null when it is not a cursor this server wrote. */
export function decodeRowCursor(cursor: string): ReadModelKey | null {
  if (cursor.length > 2_000 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  if (!Array.isArray(value) || value.length !== 2 || !value.every((v) => typeof v === "string" && !v.includes("\u0000"))) return null;
  return { readModel: value[0] as string, rowId: value[1] as string };
}
