import { describe, expect, it } from "vitest";
import { BoundedMap } from "./boundedMap";

describe("BoundedMap", () => {
  it("keeps at most its limit, forgetting the least recently used first", () => {
    const m = new BoundedMap<string, number>(2);
    m.set("a", 1).set("b", 2);
    expect(m.get("a")).toBe(1);
    m.set("c", 3);
    expect(m.get("b")).toBeUndefined();
    expect(m.get("a")).toBe(1);
    expect(m.get("c")).toBe(3);
    expect(m.size).toBe(2);
    m.set("a", 9);
    expect(m.get("a")).toBe(9);
    expect(m.size).toBe(2);
  });

  it("refuses a limit below one", () => {
    expect(() => new BoundedMap(0)).toThrow(RangeError);
  });
});
