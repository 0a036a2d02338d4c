import { describe, expect, it } from "vitest";
import { findJsonSyntaxError } from "./jsonSyntax";

describe("findJsonSyntaxError", () => {
  it.each([
    "{}",
    "[]",
    ' { "a" : [1, -2.5e+3, true, false, null, "x\\n\\u00e9"] } ',
    '"just a string"',
    "0",
  ])("finds nothing wrong in %s", (text) => {
    expect(() => JSON.parse(text)).not.toThrow();
    expect(findJsonSyntaxError(text)).toBeNull();
  });

  it.each([
    ["", 0, "the end of the text"],
    ['{"a":}', 5, 'expected a value'],
    ['{"a":1', 6, "expected ',' or '}'"],
    ["[1,2,]", 5, "expected a value"],
    ['{"a" 1}', 5, "expected ':'"],
    ["{a:1}", 1, "property name in double quotes"],
    ['{"a":1}x', 7, "after the end of the JSON value"],
    ['["a\nb"]', 3, "control character"],
    ['["\\x"]', 2, "invalid escape"],
    ["[01]", 2, "expected ',' or ']'"],
    ['["abc', 1, "unterminated string"],
    ["[-]", 1, "invalid number"],
  ])("locates the error in %j at offset %i", (text, offset, reason) => {
    expect(() => JSON.parse(text)).toThrow();
    const error = findJsonSyntaxError(text);
    expect(error?.offset).toBe(offset);
    expect(error?.reason).toContain(reason);
  });

  it("counts lines and columns from 1", () => {
    expect(findJsonSyntaxError('{\n  "a": 1,\n  }')).toMatchObject({ line: 3, column: 3, offset: 14 });
  });

  it("survives very deep nesting without recursion", () => {
    const text = "[".repeat(200_000);
    expect(findJsonSyntaxError(text)?.reason).toContain("the end of the text");
  });
});
