/*
 * The rules for text as it comes in (a save, the API, a live edit), beyond the schema's: a name
 * must not look blank ("\u3000\u00a0\u200b" passed "not only spaces"), and no text may hold C0
 * control characters (BEL, ESC, backspace …) other than tab and line breaks where text spans
 * lines.
 *
 * Why on input only, not in the schema that `parseBoard` also runs on load: boards stored before
 * these rules may hold such names, and a stored board must keep loading (README, "Versions":
 * nothing already saved stops opening). So loads, history and runs read them as before; what is
 * refused is new text: an item's text that is unchanged from the board it replaces is let through,
 * so a board holding an old one can still be saved after other edits, and the name is refused
 * only when someone types it.
 */

import { ModelError } from "./errors";
import type { Board } from "./schema";
import { multiLineInputReason, nameInputReason } from "./wellFormedText";

export interface InputTextIssue {
  readonly path: string;
  readonly message: string;
}

type Item = { readonly id: string } & Readonly<Record<string, unknown>>;

/**
 * The texts of `board` that break the input rules and are new: not the same text of the same
 * item (by id) in `before`, the board it replaces (null: all are new).
 */
export function inputTextIssues(board: Board, before: Board | null): InputTextIssue[] {
  const issues: InputTextIssue[] = [];
  const check = (path: string, value: unknown, old: unknown, reason: (text: string) => string | null, label: string) => {
    if (typeof value !== "string" || value === old) return;
    const why = reason(value);
    if (why) issues.push({ path, message: `${why}${label}` });
  };
  check("name", board.name, before?.name, (t) => nameInputReason(t), "");
  check("description", board.description, before?.description, (t) => multiLineInputReason(t), "");
  const lists: [string, readonly Item[], readonly Item[], string][] = [
    ["nodes", board.nodes as readonly Item[], (before?.nodes ?? []) as readonly Item[], "node"],
    ["edges", board.edges as readonly Item[], (before?.edges ?? []) as readonly Item[], "edge"],
    ["frames", (board.frames ?? []) as readonly Item[], (before?.frames ?? []) as readonly Item[], "frame"],
    ["notes", (board.notes ?? []) as readonly Item[], (before?.notes ?? []) as readonly Item[], "note"],
  ];
  for (const [list, items, olds, noun] of lists) {
    const was = new Map(olds.map((item) => [item.id, item]));
    items.forEach((item, i) => {
      const old = was.get(item.id);
      const label = ` [${noun} ${JSON.stringify(item.id)}]`;
      for (const [key, reason] of ITEM_TEXTS[list] ?? []) check(`${list}[${i}].${key}`, item[key], old?.[key], reason, label);
    });
  }
  return issues;
}

/** Each list's texts and their rule. */
const ITEM_TEXTS: Readonly<Record<string, readonly (readonly [string, (text: string) => string | null])[]>> = {
  nodes: [["name", (t) => nameInputReason(t)], ["description", (t) => multiLineInputReason(t)]],
  edges: [["label", (t) => nameInputReason(t, true)]],
  frames: [["name", (t) => nameInputReason(t)], ["description", (t) => multiLineInputReason(t)]],
  notes: [["text", (t) => multiLineInputReason(t, true)]],
};

/** The input rule of one item's text, for a live edit that changed it (lib/coedit/checkUpdate.ts). */
export function itemTextReason(list: "nodes" | "edges" | "frames" | "notes" | "board", key: string, value: unknown): string | null {
  if (typeof value !== "string") return null;
  if (list === "board") return key === "name" ? nameInputReason(value) : key === "description" ? multiLineInputReason(value) : null;
  const rule = ITEM_TEXTS[list]?.find(([k]) => k === key);
  return rule ? rule[1](value) : null;
}

/** Throws the `invalid_board` ModelError of {@link inputTextIssues}, worded as `parseBoard`'s, when there are any. */
export function checkInputText(board: Board, before: Board | null): void {
  const issues = inputTextIssues(board, before);
  if (issues.length === 0) return;
  const count = issues.length === 1 ? "1 problem" : `${issues.length} problems`;
  throw new ModelError("invalid_board", `The board is not valid (${count}):`, issues);
}
