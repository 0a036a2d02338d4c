/**
 * User-facing strings of frames (bounded contexts) and notes: on the canvas, in the palette and in
 * the inspector (Korean: strings.ko.ts). Functions take what they interpolate, so word order
 * may change per language.
 */
export const frameStrings = {
  // Palette
  paletteSection: "Frames and notes",
  frame: "Frame",
  frameHint: (key: string) => `Bounded context: press ${key} over the canvas; with stickies selected it is drawn around them`,
  note: "Note",
  noteHint: (key: string) => `Free text note: press ${key} over the canvas`,

  // Canvas
  /** A new frame's name (numbered "Context 2" … while taken) and a new note's text, selected to type over. */
  defaultFrameName: "Context",
  defaultNoteText: "Note",
  frameNameLabel: "Frame name",
  frameTitleHint: "Double-click to rename",
  noteTextLabel: "Note text",
  noteEditHint: "Ctrl/⌘+Enter or Escape to finish",

  // Inspector: frame
  frameKind: "Bounded context",
  color: "Colour",
  colorSwatch: (color: string) => `Colour ${color}`,
  colorInvalid: "A colour written #rrggbb.",
  frameDescriptionPlaceholder: "What this context is responsible for",
  frameHolds: (stickies: number) => (stickies === 1 ? "Holds 1 sticky" : `Holds ${stickies} stickies`),
  frameDeleteHint: "Delete removes the frame only; its stickies stay where they are.",

  framesAndNotesSelected: (n: number) => `${n} frames and notes selected`,

  // Inspector: note
  noteKind: "Note",
  text: "Text",
  textRequired: "A note needs some text.",

  // Inspector: a sticky's context
  context: "Context",
  contextLine: (name: string) => `Context: ${name}`,
  noContext: "Not in a bounded context",
};
