import * as Y from "yjs";
import type { Board, BoardNode, Edge, Frame, Note } from "../model/schema";

/*
 * A board as a Yjs document: what co-editing merges. The layout gives each sticky its own map so
 * that concurrent edits of different keys merge (one person moves a sticky while another renames
 * it), and the same key is last-writer-wins (two renames: one of them, the same one everywhere).
 *
 *   "board"  Y.Map  format, schemaVersion, name, description, settings (plain JSON values)
 *   "nodes"  Y.Map  node id -> Y.Map { order, kind, name, description, position, … the kind's keys }
 *   "edges"  Y.Map  edge id -> { order, source, target, label } (an edge is replaced whole)
 *   "frames" Y.Map  frame id -> Y.Map { order, name, description, color, position, size }
 *   "notes"  Y.Map  note id -> Y.Map { order, text, position }
 *
 * Frames and notes are laid out like stickies (a map each: one person moves a frame while another
 * renames it, and both edits stay). The board has `frames` / `notes` only while the map holds
 * one: an empty list and an absent one are the same board, and absent is how files without them
 * are written.
 *
 * Maps have no order a peer can rely on (it follows the order updates arrived in), so each sticky
 * and edge carries `order`: the next number when it was added. The board reads them sorted by
 * (order, id), which is the same on every peer however concurrent adds interleaved.
 */

const BOARD_KEYS = ["format", "schemaVersion", "name", "description", "settings"] as const;
const ORDER = "order";

export const docMaps = (doc: Y.Doc) => ({
  board: doc.getMap<unknown>("board"),
  nodes: doc.getMap<Y.Map<unknown>>("nodes"),
  edges: doc.getMap<Record<string, unknown>>("edges"),
  frames: doc.getMap<Y.Map<unknown>>("frames"),
  notes: doc.getMap<Y.Map<unknown>>("notes"),
});

/** Whether the document holds a board yet (a fresh peer's document is empty until it syncs). */
export function hasBoard(doc: Y.Doc): boolean {
  return docMaps(doc).board.has("format");
}

/**
 * Makes the document hold `board`, writing only what differs (one transaction, `origin` as given:
 * an undo manager tracks its own origin's edits only). Stickies and edges keep their `order`; new
 * ones are numbered after every existing one, in board order.
 */
export function writeBoard(doc: Y.Doc, board: Board, origin: unknown = null): void {
  const { board: meta, nodes, edges, frames, notes } = docMaps(doc);
  doc.transact(() => {
    for (const key of BOARD_KEYS) setValue(meta, key, board[key]);

    writeItems(nodes, board.nodes);
    writeItems(frames, board.frames ?? []);
    writeItems(notes, board.notes ?? []);

    const edgeIds = new Set(board.edges.map((e) => e.id));
    for (const id of [...edges.keys()]) if (!edgeIds.has(id)) edges.delete(id);
    let nextEdge = nextOrder(edges.values(), (e) => e[ORDER]);
    for (const edge of board.edges) {
      const existing = edges.get(edge.id);
      const { id: _id, ...rest } = edge;
      if (existing && sameJson(withoutOrder(existing), rest)) continue;
      edges.set(edge.id, { ...definedOnly(rest), [ORDER]: existing ? existing[ORDER] : nextEdge++ });
    }
    keepOrder(board.edges.map((e) => e.id), (id) => edges.get(id)![ORDER], (id, order) => edges.set(id, { ...edges.get(id)!, [ORDER]: order }));
  }, origin);
}

/** Makes `map` hold `items` (stickies, frames or notes), one Y.Map per item, writing only what differs. */
function writeItems(map: Y.Map<Y.Map<unknown>>, items: readonly { id: string }[]): void {
  const ids = new Set(items.map((n) => n.id));
  for (const id of [...map.keys()]) if (!ids.has(id)) map.delete(id);
  let next = nextOrder(map.values(), (m) => m.get(ORDER));
  for (const item of items) {
    const existing = map.get(item.id);
    if (!existing) {
      const fresh = new Y.Map<unknown>();
      fresh.set(ORDER, next++);
      for (const [key, value] of Object.entries(item)) if (key !== "id" && value !== undefined) fresh.set(key, value);
      map.set(item.id, fresh);
      continue;
    }
    const keys = new Set<string>();
    for (const [key, value] of Object.entries(item)) {
      if (key === "id" || value === undefined) continue;
      keys.add(key);
      setValue(existing, key, value);
    }
    for (const key of [...existing.keys()]) if (key !== ORDER && !keys.has(key)) existing.delete(key);
  }
  keepOrder(items.map((n) => n.id), (id) => map.get(id)!.get(ORDER), (id, order) => map.get(id)!.set(ORDER, order));
}

/** The items (stickies, frames or notes) `map` holds, in (order, id) order. */
function readItems<T>(map: Y.Map<Y.Map<unknown>>): T[] {
  return [...map.entries()]
    .map(([id, m]) => {
      const item: Record<string, unknown> = { id };
      for (const [key, value] of m.entries()) if (key !== ORDER) item[key] = value;
      return { order: Number(m.get(ORDER)), node: item as unknown as T & { id: string } };
    })
    .sort(byOrderThenId)
    .map((entry) => entry.node);
}

/**
 * When the board lists its stickies (or edges) in an order the numbers do not give (a script
 * saved them reordered), they are numbered again by their place; otherwise nothing is written.
 */
function keepOrder(ids: readonly string[], orderOf: (id: string) => unknown, setOrder: (id: string, order: number) => void): void {
  let previous: { order: number; id: string } | null = null;
  let sorted = true;
  for (const id of ids) {
    const order = Number(orderOf(id));
    if (previous && (order < previous.order || (order === previous.order && id < previous.id))) sorted = false;
    previous = { order, id };
  }
  if (sorted) return;
  ids.forEach((id, index) => {
    if (Number(orderOf(id)) !== index) setOrder(id, index);
  });
}

/**
 * The board the document holds, in a stable order. Edges whose sticky was deleted (one peer
 * connected what another deleted at the same moment) are left out: the board stays well formed.
 */
export function readBoard(doc: Y.Doc): Board {
  const { board: meta, nodes, edges, frames, notes } = docMaps(doc);
  const out: Record<string, unknown> = {};
  for (const key of BOARD_KEYS) if (meta.has(key)) out[key] = meta.get(key);

  const nodeList = readItems<BoardNode>(nodes);
  const present = new Set(nodeList.map((n) => n.id));
  const edgeList = [...edges.entries()]
    .map(([id, e]) => ({ order: Number(e[ORDER]), node: { id, ...withoutOrder(e) } as unknown as Edge }))
    .filter(({ node }) => present.has(node.source) && present.has(node.target))
    .sort(byOrderThenId);

  out.nodes = nodeList;
  out.edges = edgeList.map((e) => e.node);
  if (frames.size > 0) out.frames = readItems<Frame>(frames);
  if (notes.size > 0) out.notes = readItems<Note>(notes);
  return out as unknown as Board;
}

function byOrderThenId(a: { order: number; node: { id: string } }, b: { order: number; node: { id: string } }): number {
  if (a.order !== b.order) return a.order - b.order;
  return a.node.id < b.node.id ? -1 : a.node.id > b.node.id ? 1 : 0;
}

function nextOrder<T>(values: Iterable<T>, orderOf: (value: T) => unknown): number {
  let max = -1;
  for (const value of values) {
    const order = Number(orderOf(value));
    if (Number.isFinite(order) && order > max) max = order;
  }
  return max + 1;
}

function setValue(map: Y.Map<unknown>, key: string, value: unknown): void {
  if (value === undefined) {
    if (map.has(key)) map.delete(key);
    return;
  }
  if (!sameJson(map.get(key), value)) map.set(key, value);
}

function withoutOrder(value: Record<string, unknown>): Record<string, unknown> {
  const { [ORDER]: _order, ...rest } = value;
  return rest;
}

function definedOnly(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}

/** Deep equality of JSON values (key order ignored: a value read back may list keys differently). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => sameJson(v, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  return ak.length === bk.length && ak.every((k) => sameJson(ao[k], bo[k]));
}
