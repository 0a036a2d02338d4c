import { describe, expect, it } from "vitest";
import { changePath, changeTitle, diffHeadline, fromTo, highlightsOf, orderedChanges } from "./compareView";

describe("highlightsOf", () => {
  it("outlines each changed contract's stickies, red winning over amber", () => {
    const map = highlightsOf([
      { nodeIds: ["a", "b"], breaking: false },
      { nodeIds: ["b"], breaking: true },
      { nodeIds: ["c"], breaking: true },
      { nodeIds: ["c"], breaking: false },
    ]);
    expect([...map.entries()]).toEqual([["a", "changed"], ["b", "breaking"], ["c", "breaking"]]);
  });
  it("is empty without changes", () => {
    expect(highlightsOf([]).size).toBe(0);
  });
});

describe("diffHeadline", () => {
  it("counts the breaking changes", () => {
    expect(diffHeadline([{ breaking: true }, { breaking: false }])).toEqual({ compatible: false, text: "1 breaking change" });
    expect(diffHeadline([{ breaking: true }, { breaking: true }]).text).toBe("2 breaking changes");
  });
  it("says Compatible when nothing breaks", () => {
    expect(diffHeadline([{ breaking: false }])).toEqual({ compatible: true, text: "Compatible" });
    expect(diffHeadline([]).compatible).toBe(true);
  });
});

describe("a change in words", () => {
  it("names the contract's kind and the change", () => {
    expect(changeTitle({ contract: "OrderPlaced", contractKind: "event", change: "field-removed" })).toEqual({ contract: "OrderPlaced", kind: "event", change: "field removed" });
    expect(changeTitle({ contract: "Reserve", contractKind: "step-command", change: "field-retyped" }).kind).toBe("saga step command");
  });
  it("shows from → to only when the change has them", () => {
    expect(fromTo({ from: "string", to: "number" })).toBe("string → number");
    expect(fromTo({ from: "string" })).toBe("string → —");
    expect(fromTo({})).toBeNull();
  });
  it("says when the change is the whole contract", () => {
    expect(changePath({ path: "payload.total" })).toBe("payload.total");
    expect(changePath({ path: "" })).toBe("the whole contract");
  });
  it("lists breaking changes first, otherwise in the diff's order", () => {
    const list = [{ id: 1, breaking: false }, { id: 2, breaking: true }, { id: 3, breaking: false }, { id: 4, breaking: true }];
    expect(orderedChanges(list).map((c) => c.id)).toEqual([2, 4, 1, 3]);
  });
});
