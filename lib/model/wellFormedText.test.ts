import { describe, expect, it } from "vitest";
import { badTextReason, isWellFormedText } from "./wellFormedText";

describe("well-formed text", () => {
  it("accepts any script, emoji (surrogate pairs) and the empty string", () => {
    for (const text of ["", "Order", "주문 흐름 🚚", "é\u00e9\ufffd", "\ud83d\ude00", "tab\tand\nline"]) {
      expect(isWellFormedText(text), JSON.stringify(text)).toBe(true);
      expect(badTextReason(text)).toBeNull();
    }
  });

  it("refuses NUL and unpaired surrogates wherever they sit, naming the character and its index", () => {
    const cases: [string, string][] = [
      ["a\u0000b", "a NUL character (U+0000) at index 1"],
      ["\u0000", "a NUL character (U+0000) at index 0"],
      ["x\ud83d", "an unpaired surrogate (U+D83D) at index 1"],
      ["\ude00x", "an unpaired surrogate (U+DE00) at index 0"],
      // Reversed pair: low then high is two lone halves.
      ["\ude00\ud83d", "an unpaired surrogate (U+DE00) at index 0"],
      ["ok \ud83d\ude00 then \udbff", "an unpaired surrogate (U+DBFF) at index 11"],
    ];
    for (const [text, where] of cases) {
      expect(isWellFormedText(text), JSON.stringify(text)).toBe(false);
      expect(badTextReason(text)).toContain(where);
    }
  });
});
