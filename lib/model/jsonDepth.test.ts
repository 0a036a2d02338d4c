import { describe, expect, it } from "vitest";
import { jsonTooDeepAt, MAX_JSON_DEPTH } from "./jsonDepth";

describe("jsonTooDeepAt", () => {
  it("passes JSON up to the limit, brackets inside strings not counted", () => {
    const deep = "[".repeat(MAX_JSON_DEPTH) + "]".repeat(MAX_JSON_DEPTH);
    expect(jsonTooDeepAt(deep)).toBe(-1);
    expect(jsonTooDeepAt(JSON.stringify({ a: "[[[[{{{{\\\"[[[[", b: [{ c: [] }] }), 4)).toBe(-1);
  });

  it("names the offset where the text goes one level too deep", () => {
    const deep = `{"faults":${"[".repeat(30_000)}${"]".repeat(30_000)}}`;
    expect(jsonTooDeepAt(deep)).toBe(10 + MAX_JSON_DEPTH - 1);
    expect(jsonTooDeepAt('{"a":{"b":{}}}', 2)).toBe(10);
  });

  it("reads 5 MB of nesting in one pass, stopping at the limit", () => {
    const huge = "[".repeat(2_500_000) + "]".repeat(2_500_000);
    expect(jsonTooDeepAt(huge)).toBe(MAX_JSON_DEPTH);
  });
});
