import { describe, expect, it } from "vitest";
import { applySelectChanges } from "./selection";

describe("applySelectChanges", () => {
  it("adds and removes ids on select changes", () => {
    const next = applySelectChanges(new Set(["a", "b"]), [
      { type: "select", id: "b", selected: false },
      { type: "select", id: "c", selected: true },
    ]);
    expect(next && [...next].sort()).toEqual(["a", "c"]);
  });

  it("is null when nothing changes, so the store is not touched", () => {
    expect(applySelectChanges(new Set(["a"]), [{ type: "select", id: "a", selected: true }])).toBeNull();
    expect(applySelectChanges(new Set(["a"]), [{ type: "select", id: "z", selected: false }])).toBeNull();
    expect(applySelectChanges(new Set(["a"]), [{ type: "position", id: "a" }, { type: "dimensions", id: "b" }])).toBeNull();
  });

  it("never changes the set it was given", () => {
    const current = new Set(["a"]);
    applySelectChanges(current, [{ type: "select", id: "a", selected: false }]);
    expect([...current]).toEqual(["a"]);
  });
});
