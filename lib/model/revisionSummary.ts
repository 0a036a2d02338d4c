import type { Board, BoardNode } from "./schema";
import { diffBoards } from "./diffBoards";

/*
 * What one saved revision changed, counted, for a history list: stickies added, removed, edited or
 * only moved, arrows added or removed, the board renamed, and its contract changes (breaking under
 * the default mode). Stored with the revision when it is saved, so a list of 10,000 revisions
 * never diffs anything.
 */

export interface RevisionSummary {
  readonly added: number;
  readonly removed: number;
  /** Stickies whose content changed (not only their position). */
  readonly changed: number;
  /** Stickies only moved. */
  readonly moved: number;
  readonly edgesAdded: number;
  readonly edgesRemoved: number;
  readonly renamed: boolean;
  /** The board's description or settings (event type style, delivery defaults) changed. */
  readonly described?: boolean;
  readonly settings?: boolean;
  /** Frames (bounded contexts) and notes added, removed, edited, moved or resized. */
  readonly frames?: number;
  readonly notes?: number;
  readonly contractChanges: number;
  readonly breaking: number;
  /** The counts in words: "2 stickies added, 1 moved · 1 breaking change". */
  readonly text: string;
}

/** The summary of `after` saved over `before` (null for a board's first revision). */
export function revisionSummary(before: Board | null, after: Board): RevisionSummary {
  if (!before) {
    const text = `Created with ${plural(after.nodes.length, "sticky", "stickies")}`;
    return { added: after.nodes.length, removed: 0, changed: 0, moved: 0, edgesAdded: after.edges.length, edgesRemoved: 0, renamed: false, contractChanges: 0, breaking: 0, text };
  }
  const old = new Map(before.nodes.map((n) => [n.id, n]));
  const now = new Set(after.nodes.map((n) => n.id));
  let added = 0, changed = 0, moved = 0;
  for (const node of after.nodes) {
    const previous = old.get(node.id);
    if (!previous) added++;
    else if (stableJson(withoutPosition(previous)) !== stableJson(withoutPosition(node))) changed++;
    else if (previous.position.x !== node.position.x || previous.position.y !== node.position.y) moved++;
  }
  const removed = before.nodes.filter((n) => !now.has(n.id)).length;
  const oldEdges = new Set(before.edges.map((e) => `${e.id}\u0000${e.source}\u0000${e.target}`));
  const newEdges = new Set(after.edges.map((e) => `${e.id}\u0000${e.source}\u0000${e.target}`));
  const edgesAdded = [...newEdges].filter((e) => !oldEdges.has(e)).length;
  const edgesRemoved = [...oldEdges].filter((e) => !newEdges.has(e)).length;
  const renamed = before.name !== after.name;
  const described = (before.description ?? "") !== (after.description ?? "");
  const settings = stableJson(before.settings ?? {}) !== stableJson(after.settings ?? {});
  const frames = changedItems(before.frames ?? [], after.frames ?? []);
  const notes = changedItems(before.notes ?? [], after.notes ?? []);
  // Most saves only move stickies: nothing the contracts derive from changed, so nothing to analyse.
  const sameFlow = added + removed + changed + edgesAdded + edgesRemoved === 0 && !settings && sameOrder(before, after);
  const diff = sameFlow ? { changes: [] } : diffBoards(before, after);
  const breaking = diff.changes.filter((c) => c.breaking).length;
  const parts = [
    added > 0 ? `${plural(added, "sticky", "stickies")} added` : "",
    removed > 0 ? `${removed} removed` : "",
    changed > 0 ? `${changed} edited` : "",
    moved > 0 ? `${moved} moved` : "",
    edgesAdded + edgesRemoved > 0 ? `arrows +${edgesAdded} −${edgesRemoved}` : "",
    renamed ? `renamed “${after.name}”` : "",
    described ? "description edited" : "",
    settings ? "board settings changed" : "",
    frames > 0 ? `${plural(frames, "frame", "frames")} changed` : "",
    notes > 0 ? `${plural(notes, "note", "notes")} changed` : "",
  ].filter(Boolean);
  const words = parts.length > 0 ? parts.join(", ") : "Saved unchanged";
  const contracts = breaking > 0 ? ` · ${plural(breaking, "breaking change", "breaking changes")}` : diff.changes.length > 0 ? ` · ${plural(diff.changes.length, "compatible contract change", "compatible contract changes")}` : "";
  return { added, removed, changed, moved, edgesAdded, edgesRemoved, renamed, described, settings, frames, notes, contractChanges: diff.changes.length, breaking, text: words + contracts };
}

/** How many of the items (frames, notes) were added, removed or changed in any way, by id. */
function changedItems(before: readonly { id: string }[], after: readonly { id: string }[]): number {
  const old = new Map(before.map((item) => [item.id, stableJson(item)]));
  const now = new Set(after.map((item) => item.id));
  return after.filter((item) => old.get(item.id) !== stableJson(item)).length + before.filter((item) => !now.has(item.id)).length;
}

/** Whether the stickies are in the same board order (merging and "first wins" follow it). */
function sameOrder(before: Board, after: Board): boolean {
  return before.nodes.length === after.nodes.length && before.nodes.every((n, i) => after.nodes[i]!.id === n.id);
}

function withoutPosition(node: BoardNode): Omit<BoardNode, "position"> {
  const { position: _position, ...rest } = node;
  return rest;
}

/** JSON with keys sorted: a board read back from jsonb has its keys in another order. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}
