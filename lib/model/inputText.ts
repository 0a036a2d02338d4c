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

/** Where text lives on a board: the board itself, or one of its lists' items. */
export type TextPlace = "board" | "nodes" | "edges" | "frames" | "notes";
type Rule = (text: string) => string | null;

/** Each place's texts and their rule: the one table the save check and the live-edit check read. */
const INPUT_TEXTS: Readonly<Record<TextPlace, readonly (readonly [string, Rule])[]>> = {
  board: [["name", (t) => nameInputReason(t)], ["description", (t) => multiLineInputReason(t)]],
  nodes: [["name", (t) => nameInputReason(t)], ["description", (t) => multiLineInputReason(t)]],
  edges: [["label", (t) => nameInputReason(t, true)]],
  frames: [["name", (t) => nameInputReason(t)], ["description", (t) => multiLineInputReason(t)]],
  notes: [["text", (t) => multiLineInputReason(t, true)]],
};
const LISTS = [
  ["nodes", "node"],
  ["edges", "edge"],
  ["frames", "frame"],
  ["notes", "note"],
] as const;

/** The keys of `place` that hold text under the input rules (a saga's steps hold names too). */
export function inputTextKeys(place: TextPlace): readonly string[] {
  const keys = INPUT_TEXTS[place].map(([key]) => key);
  return place === "nodes" ? [...keys, "steps"] : keys;
}

/**
 * The texts of `board` that break the input rules and are new: not the same text of the same
 * item (by id) in `before`, the stored document it replaces, read as stored (it was valid when
 * written; no need to parse it again), or null when all are new.
 */
export function inputTextIssues(board: Board, before: unknown): InputTextIssue[] {
  const issues: InputTextIssue[] = [];
  const old = recordOf(before);
  const check = (place: TextPlace, item: Readonly<Record<string, unknown>>, was: Readonly<Record<string, unknown>>, path: string, label: string) => {
    for (const [key, rule] of INPUT_TEXTS[place]) {
      const value = item[key];
      if (typeof value !== "string" || value === was[key]) continue;
      const why = rule(value);
      if (why) issues.push({ path: `${path}${key}`, message: `${why}${label}` });
    }
  };
  check("board", board as unknown as Readonly<Record<string, unknown>>, old, "", "");
  for (const [list, noun] of LISTS) {
    const was = new Map(itemsOf(old[list]).map((item) => [item.id, item]));
    itemsOf(board[list]).forEach((item, i) => check(list, item, was.get(item.id) ?? {}, `${list}[${i}].`, ` [${noun} ${JSON.stringify(item.id)}]`));
  }
  // A saga step's commands and replies are names like a sticky's: new ones follow the same rule.
  const oldNodes = new Map(itemsOf(old.nodes).map((item) => [item.id, item]));
  itemsOf(board.nodes).forEach((node, i) => {
    const oldSteps = new Map(itemsOf(oldNodes.get(node.id)?.steps).map((step) => [step.id, stepNames(step)]));
    itemsOf(node.steps).forEach((step, j) => {
      const was = oldSteps.get(step.id);
      for (const [path, name] of stepNames(step)) {
        if (was?.get(path) === name) continue;
        const why = nameInputReason(name);
        if (why) issues.push({ path: `nodes[${i}].steps[${j}].${path}`, message: `${why} [node ${JSON.stringify(node.id)}]` });
      }
    });
  });
  return issues;
}

/** The names a saga step holds (the command it sends, its compensation, the replies), by path under the step. */
function stepNames(step: unknown): Map<string, string> {
  const names = new Map<string, string>();
  const s = recordOf(step);
  const add = (path: string, message: unknown) => {
    const name = recordOf(message).name;
    if (typeof name === "string") names.set(path, name);
  };
  add("action.name", s.action);
  add("replies.success.name", recordOf(s.replies).success);
  add("replies.failure.name", recordOf(s.replies).failure);
  const compensation = recordOf(s.compensation);
  add("compensation.name", compensation);
  add("compensation.reply.name", compensation.reply);
  return names;
}

/** The input rule of one text that a live edit wrote (lib/coedit/checkUpdate.ts), or null when it keeps it. */
export function itemTextReason(place: TextPlace, key: string, value: unknown): string | null {
  if (place === "nodes" && key === "steps") {
    for (const [j, step] of (Array.isArray(value) ? value : []).entries()) {
      for (const [path, name] of stepNames(step)) {
        const why = nameInputReason(name);
        if (why) return `steps[${j}].${path}: ${why}`;
      }
    }
    return null;
  }
  if (typeof value !== "string") return null;
  const rule = INPUT_TEXTS[place].find(([k]) => k === key);
  return rule ? rule[1](value) : null;
}

/** Throws the `invalid_board` ModelError of {@link inputTextIssues}, worded as `parseBoard`'s, when there are any. */
export function checkInputText(board: Board, before: unknown): void {
  const issues = inputTextIssues(board, before);
  if (issues.length === 0) return;
  const count = issues.length === 1 ? "1 problem" : `${issues.length} problems`;
  throw new ModelError("invalid_board", `The board is not valid (${count}):`, issues);
}

type Item = { readonly id: string } & Readonly<Record<string, unknown>>;

function recordOf(value: unknown): Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function itemsOf(value: unknown): Item[] {
  return Array.isArray(value) ? value.filter((item): item is Item => typeof recordOf(item).id === "string") : [];
}
