import { describe, expect, it } from "vitest";
import { menuFocusAfter, templateChoices } from "./templates";

describe("template choices", () => {
  it("offers both built-in templates with their names and sizes, each creating a fresh board", () => {
    const choices = templateChoices();
    expect(choices.map(({ id, name, stickies }) => ({ id, name, stickies }))).toEqual([
      { id: "order-flow", name: "Order flow", stickies: 22 },
      { id: "create-order-saga", name: "Create Order saga", stickies: 13 },
    ]);
    const a = choices[0]!.create();
    a.nodes.pop();
    expect(choices[0]!.create().nodes).toHaveLength(22);
  });

  it("moves menu focus with the arrow keys, Home and End, wrapping around", () => {
    expect(menuFocusAfter("ArrowDown", 1, 2)).toBe(0);
    expect(menuFocusAfter("ArrowUp", 0, 2)).toBe(1);
    expect(menuFocusAfter("Home", 1, 2)).toBe(0);
    expect(menuFocusAfter("End", 0, 2)).toBe(1);
    expect(menuFocusAfter("a", 0, 2)).toBeNull();
    expect(menuFocusAfter("ArrowDown", 0, 0)).toBeNull();
  });
});
