import { describe, expect, it } from "vitest";
import { decodeRowCursor, encodeRowCursor } from "./rowCursor";

describe("read-model page cursor", () => {
  it("round-trips any read model and row id, in URL-safe characters", () => {
    for (const key of [{ readModel: "OrderView", rowId: "0b5e…" }, { readModel: "주문", rowId: 'a"b/c?d&e=f 😀' }, { readModel: "", rowId: "" }]) {
      const cursor = encodeRowCursor(key);
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeRowCursor(cursor)).toEqual(key);
    }
  });

  it("refuses what this server did not write", () => {
    const b64 = (text: string) => Buffer.from(text).toString("base64url");
    for (const cursor of ["", "not a cursor", "abc=", b64("[1,2]"), b64('["a"]'), b64('["a","b","c"]'), b64('{"readModel":"a","rowId":"b"}'), b64('["a\\u0000","b"]'), b64("nope"), "A".repeat(2001)]) {
      expect(decodeRowCursor(cursor), cursor.slice(0, 40)).toBeNull();
    }
  });
});
