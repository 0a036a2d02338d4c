import type { SaveStatus } from "@/lib/editor/store";
import type { Dictionary } from "@/lib/i18n/dictionary";

/**
 * Every user-facing string of the board page's frame (top bar, dock, search, banners), the
 * canvas, the palette and the Problems tab, in one place; components/board/strings.ko.ts is the
 * Korean. Functions take the values they interpolate, so word order can change per language.
 */
export const boardStrings = {
  // ---- Board page -------------------------------------------------------------------------
  pageTitle: "Board · Stormflow",
  loadingBoard: "Loading board…",
  notFound: "This board does not exist (it may have been deleted).",
  loadFailed: (message: string) => `The board could not be loaded: ${message}`,
  allBoardsLink: "← All boards",
  retry: "Retry",

  // ---- Top bar ----------------------------------------------------------------------------
  allBoards: "All boards",
  boards: "← Boards",
  boardName: "Board name",
  clickToRename: "Click to rename",
  saveStatus: {
    saved: "Saved",
    dirty: "Unsaved changes",
    saving: "Saving…",
    error: "Not saved",
    conflict: "Conflict",
    offline: "Offline",
  } satisfies Record<SaveStatus, string>,
  undo: "Undo",
  undoTitle: "Undo (Ctrl/Cmd+Z)",
  redo: "Redo",
  redoTitle: "Redo (Shift+Ctrl/Cmd+Z)",
  search: "Search",
  searchTitle: "Find a sticky, frame or note (Ctrl/Cmd+K)",
  fit: "Fit",
  fitTitle: "Fit the board in view (Shift+1)",
  layout: "Auto-layout",
  layingOut: "Laying out…",
  layoutTitle: "Auto-layout left to right (Shift+Ctrl/Cmd+L); undo restores",
  download: "Download",
  downloadTitle: "Download as .board.json",

  // ---- People on the board ------------------------------------------------------------------
  people: "People on this board",
  yourName: "Your name",
  youTitle: (name: string) => `You: ${name} (click to change your name)`,
  youLabel: (name: string) => `You: ${name}. Change your name`,
  followingTitle: (name: string) => `Following ${name} (click to stop)`,
  followTitle: (name: string) => `${name} (click to follow their view)`,
  following: (name: string) => `Following ${name}`,

  // ---- Save problems ----------------------------------------------------------------------
  conflict: "This board was changed somewhere else since you opened it. Your changes are still here.",
  notSaved: (message: string) => `Your last changes are not saved: ${message}`,
  reloadTheirs: "Reload theirs",
  overwrite: "Overwrite with mine",

  // ---- Search -----------------------------------------------------------------------------
  searchLabel: "Find a sticky, frame or note",
  searchPlaceholder: "Find a sticky, frame or note by name or text…",
  noMatch: (query: string) => `No sticky matches \u201c${query}\u201d.`,

  // ---- Dock -------------------------------------------------------------------------------
  dock: "Bottom dock",
  dockResize: "Resize the dock (arrow keys; Enter or double-click collapses it)",
  collapseDock: "Collapse dock",
  expandDock: "Expand dock",
  tabs: {
    problems: "Problems",
    export: "Export",
    run: "Run",
    timeline: "Timeline",
    events: "Event store",
    readModels: "Read models",
    dlq: "DLQ",
  },
  loadingGenerators: "Loading the generators…",
  inspector: "Inspector",

  // ---- Problems ---------------------------------------------------------------------------
  noProblems: "\u2713 No problems: every sticky follows the event-storming grammar.",
  severity: { error: "error", warning: "warning" },

  // ---- Palette and canvas -------------------------------------------------------------------
  palette: "Sticky palette",
  paletteTitle: "Stickies",
  paletteItemTitle: (kind: string, key: string) => `${kind}: drag onto the canvas, or press ${key} over it`,
  emptyTitle: "This board is empty.",
  /** The empty canvas's hint: each {E}, {C}, {A} is shown as that key (<kbd>). */
  emptyHint: "Drag a sticky from the palette, or hover here and press {E} for a domain event, {C} for a command, {A} for an aggregate.",
  stickyName: "Sticky name",
  /** The out-of-sight field that takes what is typed for a new name before its own field shows (canvas/RenameCapture.tsx). */
  typingAhead: "Name being typed",
  integration: " · integration",
  failure: " · failure",
  problemCount: (n: number) => `${n} problems`,
  noSteps: "No steps yet",
  moreFields: (n: number) => `+${n} more`,
  /** An arrow's name for screen readers: the two stickies' names (React Flow's default said their ids, in English). */
  edgeAria: (from: string, to: string) => `Arrow from "${from}" to "${to}"`,
  /** React Flow's own labels for screen readers (its `ariaLabelConfig`; English: its defaults). */
  /** The name a first-time visitor gets on a co-edited board, before a number: "Guest 7". */
  guest: "Guest",
  flowAria: {
    "node.a11yDescription.default": "Press enter or space to select a node. Press delete to remove it and escape to cancel.",
    "node.a11yDescription.keyboardDisabled":
      "Press enter or space to select a node. You can then use the arrow keys to move the node around. Press delete to remove it and escape to cancel.",
    "node.a11yDescription.ariaLiveMessage": ({ direction, x, y }: { direction: string; x: number; y: number }) => `Moved selected node ${direction}. New position, x: ${x}, y: ${y}`,
    "edge.a11yDescription.default": "Press enter or space to select an edge. You can then press delete to remove it or escape to cancel.",
    "controls.ariaLabel": "Control Panel",
    "controls.zoomIn.ariaLabel": "Zoom In",
    "controls.zoomOut.ariaLabel": "Zoom Out",
    "controls.fitView.ariaLabel": "Fit View",
    "controls.interactive.ariaLabel": "Toggle Interactivity",
    "minimap.ariaLabel": "Mini Map",
    "handle.ariaLabel": "Handle",
  },
} as const;

/** The shape of these strings in every language. */
export type BoardStrings = Dictionary<typeof boardStrings>;
