import type { Dictionary } from "@/lib/i18n/dictionary";

/**
 * Every user-facing string of the home page, in one place so that a Korean UI can follow.
 * Functions take the values they interpolate, so word order can change per language.
 */
export const homeStrings = {
  title: "Stormflow",
  tagline: "Event storming on a canvas, then prove the design.",

  newBoard: "New board",
  newBoardName: "Untitled board",
  newFromTemplate: (name: string) => `New from template "${name}"`,
  templateMenu: "New from template",
  templateDescriptions: {
    "order-flow": "An order placed, a saga that reserves stock, charges and confirms, read models and emails.",
    "create-order-saga": "The Create Order saga of microservices.io: compensable steps, a pivot, retriable steps.",
  } as Record<string, string>,
  importBoard: "Import .board.json",
  importHint: "A .board.json file exported from Stormflow",
  dropTip: "Tip: drop a .board.json file anywhere on this page to import it.",

  listLabel: "Boards",
  columnName: "Name",
  columnEdited: "Last edited",
  columnStickies: "Stickies",
  columnActions: "Actions",
  boardCount: (n: number) => (n === 1 ? "1 board" : `${n} boards`),
  stickyCount: (n: number) => (n === 1 ? "1 sticky" : `${n} stickies`),
  openBoard: (name: string) => `Open ${name}`,

  loading: "Loading boards…",
  emptyTitle: "No boards yet.",
  emptyBody: "Start from a template, or drop an event on a blank board.",
  loadFailed: "The boards could not be loaded.",
  retry: "Retry",

  rename: "Rename",
  renameLabel: (name: string) => `New name for ${name}`,
  renameHint: "Enter to save, Esc to cancel",
  renameEmpty: "A board needs a name.",
  renameTooLong: (max: number) => `At most ${max} characters.`,
  duplicate: "Duplicate",
  copyOf: (name: string) => `Copy of ${name}`,
  delete: "Delete",
  actionsFor: (name: string) => `Actions for ${name}`,

  deleteTitle: (name: string) => `Delete \u201c${name}\u201d?`,
  deleteBody: (stickies: number) =>
    `The board and its ${stickies === 1 ? "1 sticky" : `${stickies} stickies`} will be removed for everyone. This cannot be undone.`,
  deleteConfirm: "Delete board",
  cancel: "Cancel",

  createFailed: "The board could not be created.",
  renameFailed: "The board could not be renamed.",
  duplicateFailed: "The board could not be duplicated.",
  deleteFailed: "The board could not be deleted.",
  importFailed: (file: string) => `\u201c${file}\u201d cannot be imported.`,
  importTooLarge: (mb: string, maxMb: string) => `The file is ${mb} MB; at most ${maxMb} MB can be imported.`,
  importUnreadable: "The file could not be read.",
  moreIssues: (n: number) => `…and ${n} more`,
  wholeFile: "(file)",
  dismiss: "Dismiss",

  justNow: "just now",
  minutesAgo: (n: number) => `${n} min ago`,
  hoursAgo: (n: number) => (n === 1 ? "1 hour ago" : `${n} hours ago`),
  yesterday: "yesterday",
  daysAgo: (n: number) => `${n} days ago`,
  inTheFuture: "just now",
} as const;

/** The shape of these strings in every language. */
export type HomeStrings = Dictionary<typeof homeStrings>;
