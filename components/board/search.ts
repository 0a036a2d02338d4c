import { KIND_META, type NodeKind } from "@/lib/model/kinds";
import type { Board, Frame, Note } from "@/lib/model/schema";

/** One thing the search (Ctrl/Cmd+K) can find: a sticky, a frame or a note. */
export interface SearchItem {
  readonly id: string;
  /** What the list shows and the query is matched against: a name, or a note's first line. */
  readonly name: string;
  /** Also matched: the kind as the UI names it ("Bounded context", "메모"), and as the file does. */
  readonly label: string;
  readonly terms: readonly string[];
  readonly swatch: string;
}

type Look = { label: string; swatch: string };

/**
 * Everything on `board` the search finds, stickies first (board order), then frames, then
 * notes; `look` gives each its label and swatch in the UI's language.
 */
export function searchItems(
  board: Board,
  look: { sticky(kind: NodeKind): Look; frame(frame: Frame): Look; note(note: Note): Look },
): SearchItem[] {
  return [
    ...board.nodes.map((n) => ({ id: n.id, name: n.name, ...look.sticky(n.kind), terms: [n.name, n.kind, KIND_META[n.kind].label] })),
    ...(board.frames ?? []).map((f) => ({ id: f.id, name: f.name, ...look.frame(f), terms: [f.name, "frame"] })),
    ...(board.notes ?? []).map((n) => ({ id: n.id, name: n.text.trim().split("\n")[0]!, ...look.note(n), terms: [n.text, "note"] })),
  ];
}

/** The items whose name, text or kind contains `query` (case-insensitive); all for a blank query. */
export function searchMatches(items: readonly SearchItem[], query: string): SearchItem[] {
  const q = query.trim().toLowerCase();
  if (!q) return [...items];
  return items.filter((item) => [...item.terms, item.label].some((term) => term.toLowerCase().includes(q)));
}
