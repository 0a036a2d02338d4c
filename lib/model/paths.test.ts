import { describe, expect, it } from "vitest";
import { formatPath, truncate } from "./paths";

describe("formatPath", () => {
  it("writes paths as JavaScript accessors", () => {
    expect(formatPath(["nodes", 3, "payload", 0, "name"])).toBe("nodes[3].payload[0].name");
    expect(formatPath([])).toBe("");
    expect(formatPath(["nodes", 0, "my key"])).toBe('nodes[0]["my key"]');
    expect(formatPath([0])).toBe("[0]");
  });

  it("cuts long keys", () => {
    expect(formatPath(["x".repeat(50)])).toBe(`["${"x".repeat(39)}…"]`);
    expect(truncate("abc", 3)).toBe("abc");
    expect(truncate("abcd", 3)).toBe("ab…");
  });
});
