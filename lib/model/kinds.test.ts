import { describe, expect, it } from "vitest";
import { KIND_META, NODE_KINDS, isNodeKind, kindForShortcut, withArticle } from "./kinds";

describe("kinds", () => {
  it("lists the ten kinds of the board format", () => {
    expect(NODE_KINDS).toEqual([
      "event", "command", "aggregate", "policy", "readModel",
      "service", "externalSystem", "actor", "saga", "hotspot",
    ]);
  });

  it("gives each kind the legend colour, a label and a unique shortcut", () => {
    expect(KIND_META.event).toMatchObject({ label: "Domain event", fill: "#FFA94D", keyShortcut: "E" });
    expect(KIND_META.hotspot.fill).toBe("#FF6B9A");
    const keys = NODE_KINDS.map((kind) => KIND_META[kind].keyShortcut);
    expect(keys.join("")).toBe("ECAPRSXUGH");
    for (const kind of NODE_KINDS) expect(KIND_META[kind].fill).toMatch(/^#[0-9A-F]{6}$/);
  });

  it("finds a kind by its shortcut, case-insensitively", () => {
    expect(kindForShortcut("g")).toBe("saga");
    expect(kindForShortcut("X")).toBe("externalSystem");
    expect(kindForShortcut("z")).toBeUndefined();
  });

  it("guards and articles", () => {
    expect(isNodeKind("readModel")).toBe(true);
    expect(isNodeKind("readmodel")).toBe(false);
    expect(withArticle("event")).toBe("an event");
    expect(withArticle("policy")).toBe("a policy");
    expect(withArticle("externalSystem")).toBe("an external system");
  });
});
