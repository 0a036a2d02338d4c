import type { NodeKind } from "@/lib/model/kinds";
import { kindForShortcut } from "@/lib/model/kinds";

/** The key that draws a frame, and the one that adds a note (no sticky kind uses either: see shortcuts.test.ts). */
export const FRAME_KEY = "F";
export const NOTE_KEY = "N";

/** What a key press on the board page means, as data (excalidraw's actions, trimmed). */
export type ShortcutAction =
  | { type: "undo" }
  | { type: "redo" }
  | { type: "copy" }
  | { type: "paste" }
  | { type: "duplicate" }
  | { type: "delete" }
  | { type: "selectAll" }
  | { type: "deselect" }
  | { type: "search" }
  | { type: "fitView" }
  | { type: "layout" }
  | { type: "drop"; kind: NodeKind }
  /** F: a frame (bounded context) at the pointer, or around the selected stickies. */
  | { type: "addFrame" }
  /** N: a free text note at the pointer. */
  | { type: "addNote" }
  /** Enter or F2 with one sticky, frame or note selected: type its name (a note's text). */
  | { type: "rename" }
  /** Tab with one sticky selected that has a next one: the grammar's next sticky to its right, connected (fast capture). */
  | { type: "addNext" };

export interface KeyLike {
  key: string;
  /** The physical key (`KeyF`): what a non-Latin keyboard layout's letter key still is. */
  code?: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/** Where the key press happens, beyond the key itself. */
export interface ShortcutContext {
  /**
   * The user has selected text on the page (the Export preview, a problem's message); with the
   * pointer off the canvas, Ctrl/Cmd+C and +A are then the browser's, copying or extending it.
   */
  textSelected?: boolean;
  /**
   * Focus is on a control outside the canvas (an inspector button, a dock tab): Delete and
   * Backspace there must not delete the sticky being edited.
   */
  onControl?: boolean;
  /**
   * Exactly one sticky, frame or note is selected: Enter/F2 rename it. Otherwise those keys keep
   * their usual meaning (Enter presses the focused button).
   */
  oneSelected?: boolean;
  /**
   * Exactly one sticky is selected, of a kind with a natural next (lib/model NEXT_KIND): Tab adds
   * that next sticky. Otherwise Tab moves the focus as always: a frame, a note or a hotspot has no
   * next sticky, and a Tab that did nothing must not be swallowed.
   */
  nextFromSelected?: boolean;
}

/**
 * The action for a key press, or null. `overCanvas`: kind keys drop a sticky only with the
 * pointer over the canvas, so typing elsewhere never adds stickies.
 */
export function shortcutFor(event: KeyLike, overCanvas: boolean, context: ShortcutContext = {}): ShortcutAction | null {
  // Named fields, not a spread: a KeyboardEvent's ctrlKey, shiftKey … are getters on its prototype, which a spread leaves behind.
  const e: KeyLike = { key: latinKey(event), ctrlKey: event.ctrlKey, metaKey: event.metaKey, shiftKey: event.shiftKey, altKey: event.altKey };
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key.toLowerCase();
  if (mod && !e.altKey) {
    if ((key === "c" || key === "a") && context.textSelected && !overCanvas) return null;
    if (key === "z") return e.shiftKey ? { type: "redo" } : { type: "undo" };
    if (key === "y") return { type: "redo" };
    if (key === "c") return { type: "copy" };
    if (key === "v") return { type: "paste" };
    if (key === "d") return { type: "duplicate" };
    if (key === "a") return { type: "selectAll" };
    if (key === "k") return { type: "search" };
    if (key === "l" && e.shiftKey) return { type: "layout" };
    return null;
  }
  if (e.altKey) return null;
  if (e.key === "Delete" || e.key === "Backspace") return context.onControl ? null : { type: "delete" };
  if (e.key === "Escape") return { type: "deselect" };
  if (!context.onControl && !e.shiftKey) {
    if ((e.key === "Enter" || e.key === "F2") && context.oneSelected) return { type: "rename" };
    if (e.key === "Tab" && context.nextFromSelected) return { type: "addNext" };
  }
  if (e.key === "!" || (e.shiftKey && e.key === "1")) return { type: "fitView" };
  if (!e.shiftKey && overCanvas) {
    if (e.key.toUpperCase() === FRAME_KEY) return { type: "addFrame" };
    if (e.key.toUpperCase() === NOTE_KEY) return { type: "addNote" };
    const kind = kindForShortcut(e.key);
    if (kind) return { type: "drop", kind };
  }
  return null;
}

/**
 * The key as a Latin layout names it. With a Korean (or any non-Latin) layout on, the F key says
 * `ㄹ` and N `ㅜ`: the letter keys are read by their place on the keyboard, as the palette
 * advertises them. Named keys (Enter, Delete) and Latin letters are what they say.
 */
function latinKey(e: KeyLike): string {
  if (e.key.length !== 1 || /^[\x20-\x7e]$/u.test(e.key)) return e.key;
  const letter = /^Key([A-Z])$/u.exec(e.code ?? "")?.[1];
  if (!letter) return e.key;
  return e.shiftKey ? letter : letter.toLowerCase();
}

/** True when the key press belongs to a text field, not to the board. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

/** Buttons, links and widgets that take focus; inside the canvas (React Flow's own) they do not count. */
const CONTROL = "button, a[href], [role='button'], [role='tab'], [role='radio'], [role='option'], [role='menuitem']";

/** True when the key press belongs to a control outside the canvas (see {@link ShortcutContext.onControl}). */
export function isControlOutsideCanvas(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  return target.closest(CONTROL) !== null && target.closest(".react-flow") === null;
}

/** True when text is selected on the page (a selection of stickies is not a text selection). */
export function hasTextSelection(selection: Pick<Selection, "isCollapsed" | "toString"> | null): boolean {
  return selection !== null && !selection.isCollapsed && selection.toString() !== "";
}

/** Keys that only look (find, fit, select) or leave (Escape): what a read-only board, such as an old revision, still answers. */
const READ_ONLY_ACTIONS: ReadonlySet<ShortcutAction["type"]> = new Set(["search", "fitView", "selectAll", "deselect"]);

/** The action a key press may still do on a read-only board, or null (every action that edits the board is dropped). */
export function readOnlyAction(action: ShortcutAction | null): ShortcutAction | null {
  return action && READ_ONLY_ACTIONS.has(action.type) ? action : null;
}
