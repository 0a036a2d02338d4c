import { describe, expect, it } from "vitest";
import { shortcutFor } from "./shortcuts";

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }> = {}) => ({
  key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods,
});

describe("shortcutFor", () => {
  it("maps undo/redo on Ctrl and Cmd", () => {
    expect(shortcutFor(key("z", { ctrlKey: true }), false)).toEqual({ type: "undo" });
    expect(shortcutFor(key("Z", { metaKey: true, shiftKey: true }), false)).toEqual({ type: "redo" });
    expect(shortcutFor(key("y", { ctrlKey: true }), false)).toEqual({ type: "redo" });
  });
  it("drops a sticky for a kind key only over the canvas", () => {
    expect(shortcutFor(key("e"), true)).toEqual({ type: "drop", kind: "event" });
    expect(shortcutFor(key("G"), true)).toEqual({ type: "drop", kind: "saga" });
    expect(shortcutFor(key("e"), false)).toBeNull();
    expect(shortcutFor(key("q"), true)).toBeNull();
  });
  it("maps editing keys", () => {
    expect(shortcutFor(key("Delete"), false)).toEqual({ type: "delete" });
    expect(shortcutFor(key("k", { ctrlKey: true }), false)).toEqual({ type: "search" });
    expect(shortcutFor(key("d", { metaKey: true }), false)).toEqual({ type: "duplicate" });
  });
});
