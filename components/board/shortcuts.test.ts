import { describe, expect, it } from "vitest";
import { KIND_META, NODE_KINDS } from "@/lib/model/kinds";
import { FRAME_KEY, NOTE_KEY, hasTextSelection, readOnlyAction, shortcutFor } from "./shortcuts";

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean; code: string }> = {}) => ({
  key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods,
});

describe("shortcutFor", () => {
  it("draws a frame with F and adds a note with N over the canvas, keys no sticky kind uses", () => {
    const taken = NODE_KINDS.map((kind) => KIND_META[kind].keyShortcut);
    expect(taken).not.toContain(FRAME_KEY);
    expect(taken).not.toContain(NOTE_KEY);
    expect(shortcutFor(key("f"), true)).toEqual({ type: "addFrame" });
    // A Korean layout: the F key says ㄹ, N ㅜ, E ㄷ, Z ㅋ; the key's place decides.
    expect(shortcutFor(key("ㄹ", { code: "KeyF" }), true)).toEqual({ type: "addFrame" });
    expect(shortcutFor(key("ㅜ", { code: "KeyN" }), true)).toEqual({ type: "addNote" });
    expect(shortcutFor(key("ㄷ", { code: "KeyE" }), true)).toEqual({ type: "drop", kind: "event" });
    expect(shortcutFor(key("ㅋ", { code: "KeyZ", ctrlKey: true }), false)).toEqual({ type: "undo" });
    expect(shortcutFor(key("ㄹ", { code: "KeyF" }), false)).toBeNull();
    expect(shortcutFor(key("é", { code: "Digit2" }), true)).toBeNull();
    // A real KeyboardEvent keeps its modifiers on its prototype (getters), not as own properties.
    class FakeKeyboardEvent {
      constructor(readonly key: string, readonly code: string) {}
      get ctrlKey() { return true; }
      get metaKey() { return false; }
      get shiftKey() { return true; }
      get altKey() { return false; }
    }
    expect(shortcutFor(new FakeKeyboardEvent("Z", "KeyZ"), false)).toEqual({ type: "redo" });
    expect(shortcutFor(new FakeKeyboardEvent("ㅋ", "KeyZ"), false)).toEqual({ type: "redo" });
    expect(shortcutFor(key("F"), true)).toEqual({ type: "addFrame" });
    expect(shortcutFor(key("n"), true)).toEqual({ type: "addNote" });
    expect(shortcutFor(key("f"), false)).toBeNull();
    expect(shortcutFor(key("n", { ctrlKey: true }), true)).toBeNull();
    expect(shortcutFor(key("F", { shiftKey: true }), true)).toBeNull();
    expect(readOnlyAction(shortcutFor(key("f"), true))).toBeNull();
  });

  it("renames with Enter or F2 and adds the next sticky with Tab, only with one sticky selected and not on a control", () => {
    const one = { oneSelected: true, nextFromSelected: true };
    expect(shortcutFor(key("Enter"), false, one)).toEqual({ type: "rename" });
    expect(shortcutFor(key("F2"), true, one)).toEqual({ type: "rename" });
    expect(shortcutFor(key("Tab"), false, one)).toEqual({ type: "addNext" });
    // Otherwise Tab moves the focus and Enter presses the focused button, as always.
    expect(shortcutFor(key("Tab"), false, {})).toBeNull();
    expect(shortcutFor(key("Enter"), false, {})).toBeNull();
    expect(shortcutFor(key("Tab"), false, { ...one, onControl: true })).toBeNull();
    expect(shortcutFor(key("Enter"), false, { ...one, onControl: true })).toBeNull();
    expect(shortcutFor(key("Tab", { shiftKey: true }), false, one)).toBeNull();
    // One frame or note (or a hotspot) selected: Enter/F2 rename it, Tab has no next sticky to
    // add and moves the focus on, as always (it was swallowed).
    expect(shortcutFor(key("Enter"), false, { oneSelected: true })).toEqual({ type: "rename" });
    expect(shortcutFor(key("Tab"), false, { oneSelected: true })).toBeNull();
    expect(shortcutFor(key("Tab"), true, { oneSelected: true, nextFromSelected: false })).toBeNull();
    // A read-only board (an old revision) does neither.
    expect(readOnlyAction(shortcutFor(key("Tab"), false, one))).toBeNull();
    expect(readOnlyAction(shortcutFor(key("F2"), false, one))).toBeNull();
  });

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
  it("leaves copy and select-all to the browser when page text is selected off the canvas", () => {
    const selected = { textSelected: true };
    expect(shortcutFor(key("c", { ctrlKey: true }), false, selected)).toBeNull();
    expect(shortcutFor(key("a", { metaKey: true }), false, selected)).toBeNull();
    // Over the canvas, or with no text selected, they act on the stickies.
    expect(shortcutFor(key("c", { ctrlKey: true }), true, selected)).toEqual({ type: "copy" });
    expect(shortcutFor(key("c", { ctrlKey: true }), false, { textSelected: false })).toEqual({ type: "copy" });
    expect(shortcutFor(key("a", { ctrlKey: true }), false)).toEqual({ type: "selectAll" });
    // Other shortcuts do not depend on it.
    expect(shortcutFor(key("z", { ctrlKey: true }), false, selected)).toEqual({ type: "undo" });
    expect(shortcutFor(key("v", { ctrlKey: true }), false, selected)).toEqual({ type: "paste" });
  });
  it("counts only a non-empty, non-collapsed selection as selected text", () => {
    const selection = (isCollapsed: boolean, text: string) => ({ isCollapsed, toString: () => text });
    expect(hasTextSelection(null)).toBe(false);
    expect(hasTextSelection(selection(true, ""))).toBe(false);
    expect(hasTextSelection(selection(false, ""))).toBe(false);
    expect(hasTextSelection(selection(false, "Event-Driven"))).toBe(true);
  });
  it("does not delete the sticky when Delete or Backspace is pressed on a control outside the canvas", () => {
    expect(shortcutFor(key("Delete"), true, { onControl: true })).toBeNull();
    expect(shortcutFor(key("Backspace"), false, { onControl: true })).toBeNull();
    expect(shortcutFor(key("Delete"), false, { onControl: false })).toEqual({ type: "delete" });
    // Undo still works from there.
    expect(shortcutFor(key("z", { ctrlKey: true }), false, { onControl: true })).toEqual({ type: "undo" });
  });
  it("maps editing keys", () => {
    expect(shortcutFor(key("Delete"), false)).toEqual({ type: "delete" });
    expect(shortcutFor(key("k", { ctrlKey: true }), false)).toEqual({ type: "search" });
    expect(shortcutFor(key("d", { metaKey: true }), false)).toEqual({ type: "duplicate" });
  });
});

describe("readOnlyAction", () => {
  it("drops every key that edits the board", () => {
    for (const k of [key("Delete"), key("Backspace"), key("z", { ctrlKey: true }), key("z", { ctrlKey: true, shiftKey: true }), key("v", { ctrlKey: true }), key("d", { ctrlKey: true }), key("l", { ctrlKey: true, shiftKey: true }), key("e")]) {
      expect(readOnlyAction(shortcutFor(k, true))).toBeNull();
    }
  });
  it("keeps the keys that only look or leave", () => {
    expect(readOnlyAction(shortcutFor(key("k", { ctrlKey: true }), true))).toEqual({ type: "search" });
    expect(readOnlyAction(shortcutFor(key("!"), true))).toEqual({ type: "fitView" });
    expect(readOnlyAction(shortcutFor(key("Escape"), true))).toEqual({ type: "deselect" });
    expect(readOnlyAction(shortcutFor(key("a", { ctrlKey: true }), true))).toEqual({ type: "selectAll" });
    expect(readOnlyAction(null)).toBeNull();
  });
});
