import * as Y from "yjs";
import { ModelError } from "../model/errors";
import { LIMITS } from "../model/limits";
import { inputTextKeys, itemTextReason, type TextPlace } from "../model/inputText";
import { parseBoard } from "../model/parse";
import { boardNodeSchema, boardSchema, edgeSchema } from "../model/schema";
import { findUnsafeJson } from "../model/unsafeJson";
import { docMaps, readBoard } from "./boardDoc";

export interface UpdateLimits {
  /** Bytes of one update (the REST body limit by default). */
  maxBytes: number;
}

export const DEFAULT_UPDATE_LIMITS: UpdateLimits = { maxBytes: 5 * 1024 * 1024 };

const ROOTS = new Set(["board", "nodes", "edges", "frames", "notes"]);
const BOARD_KEYS = ["format", "schemaVersion", "name", "description", "settings"] as const;
const metaSchema = boardSchema.omit({ nodes: true, edges: true, frames: true, notes: true });
/** The maps laid out like stickies (one Y.Map per item), and what the messages call their items. */
const ITEM_MAPS = [
  ["nodes", "sticky"],
  ["frames", "frame"],
  ["notes", "note"],
] as const;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Yjs types its own changed-types map with YEvent<any>
type AnyType = Y.AbstractType<Y.YEvent<any>>;

/** What some updates changed: sticky ids, edge ids, the board's own keys, or something deeper (check all). */
interface Touched {
  nodes: Set<string>;
  edges: Set<string>;
  frames: Set<string>;
  notes: Set<string>;
  meta: boolean;
  all: boolean;
  /** The texts this edit wrote (item maps' and the board's keys, or every text of an item it added): held to the input rules. */
  texts: { list: TextPlace; id: string | null; key: string | null }[];
}

/**
 * Why `update` must not be applied to `doc`, or null when it may. It is applied to a copy: the
 * result must hold only the board's maps, every sticky as a map, every sticky and edge with a
 * finite number as its order, nothing waiting for updates the server never had, and a board the
 * schema accepts (limits included). The sender of a refused update drops its copy and syncs
 * again; nobody else ever sees it.
 */
export function checkUpdate(doc: Y.Doc, update: Uint8Array, limits: Partial<UpdateLimits> = {}): string | null {
  const checker = new UpdateChecker(doc, limits);
  try {
    return checker.check(update);
  } finally {
    checker.destroy();
  }
}

/**
 * checkUpdate for one live document, cheap enough for hundreds of updates a second:
 * - the copy is kept from one check to the next and follows every update the document emits (an
 *   accepted update once applied, other servers' updates, a REST save): copying a document holds
 *   every item it ever had;
 * - only what the updates touched is checked (the stickies, edges or board keys their transactions
 *   changed, and the list sizes), against the schema's own parts; anything that quick check does
 *   not accept is judged by `parseBoard` on the whole board, whose message is the one the sender
 *   sees. On a 220-sticky board with 3,000 edits of history a check costs under 1 ms, where
 *   copying and parsing the whole board each time cost 28 ms.
 *
 * After a refusal the copy holds the refused update, so it is dropped and made again at the next
 * check; the caller must also `discard` it when an accepted update is then not applied (its
 * append failed). `destroy` stops following the document.
 */
export class UpdateChecker {
  private copy: Y.Doc | null = null;
  private readonly follow = (update: Uint8Array) => {
    if (!this.copy) return;
    try {
      Y.applyUpdate(this.copy, update);
    } catch {
      this.discard();
    }
  };

  constructor(
    private readonly doc: Y.Doc,
    private readonly limits: Partial<UpdateLimits> = {},
  ) {
    doc.on("update", this.follow);
  }

  /**
   * Why `updates`, applied in this order, must not be applied to the document, or null when they
   * may (each within the size limit; the board checked once, after the last). When refused, which
   * one is to blame is not said: check them one at a time to know.
   */
  check(...updates: Uint8Array[]): string | null {
    for (const update of updates) {
      const tooLarge = sizeProblem(update, this.limits);
      if (tooLarge) return tooLarge;
    }
    this.copy ??= copyOf(this.doc);
    const problem = applyAndCheck(this.copy, updates);
    if (problem) this.discard();
    return problem;
  }

  /** Drops the copy (it is made again from the document at the next check). */
  discard(): void {
    this.copy?.destroy();
    this.copy = null;
  }

  destroy(): void {
    this.doc.off("update", this.follow);
    this.discard();
  }
}

function sizeProblem(update: Uint8Array, limits: Partial<UpdateLimits>): string | null {
  const maxBytes = limits.maxBytes ?? DEFAULT_UPDATE_LIMITS.maxBytes;
  return update.byteLength > maxBytes ? `The edit is too large (${update.byteLength} bytes; at most ${maxBytes})` : null;
}

function copyOf(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc({ gc: true });
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

/** Applies `updates` to `copy` and checks the result (see checkUpdate). */
function applyAndCheck(copy: Y.Doc, updates: readonly Uint8Array[]): string | null {
  const touched: Touched = { nodes: new Set(), edges: new Set(), frames: new Set(), notes: new Set(), meta: false, all: false, texts: [] };
  const record = (tr: Y.Transaction) => addTouched(copy, tr, touched);
  copy.on("afterTransaction", record);
  try {
    for (const update of updates) Y.applyUpdate(copy, update);
  } catch {
    return "The edit is not a Yjs update of this board";
  } finally {
    copy.off("afterTransaction", record);
  }
  const store = copy.store as unknown as { pendingStructs: unknown; pendingDs: unknown };
  if (store.pendingStructs || store.pendingDs) return "The edit depends on changes the server does not have: sync again";
  // A board's roots are maps: list content under one of their names (a Y.Text or Y.Array called
  // "notes") is not part of a board either, though the name is.
  for (const [key, type] of copy.share) {
    if (!ROOTS.has(key) || (type as unknown as { _start: unknown })._start !== null) return `The edit writes "${key.slice(0, 40)}", which is not part of a board`;
  }
  try {
    const maps = docMaps(copy);
    const { board, edges } = maps;
    // Values are plain JSON: a Yjs type inside a sticky links back to the whole document (a JSON
    // walk over it never ends), and nothing the board reads can hold one.
    if (touched.meta || touched.all) {
      for (const [key, value] of board.entries()) {
        if (!(BOARD_KEYS as readonly string[]).includes(key)) return `The edit writes the board key "${key.slice(0, 40)}", which a board does not have`;
        if (value instanceof Y.AbstractType) return `The edit makes the board's ${key} a shared type instead of a value`;
      }
    }
    for (const [root, noun] of ITEM_MAPS) {
      const items = maps[root];
      for (const id of touched.all ? items.keys() : touched[root]) {
        const value = items.get(id);
        if (value === undefined) continue;
        if (!(value instanceof Y.Map)) return `The edit makes ${noun} "${id.slice(0, 64)}" something other than a map`;
        for (const [key, field] of value.entries()) {
          if (field instanceof Y.AbstractType) return `The edit makes ${key.slice(0, 40)} of ${noun} "${id.slice(0, 64)}" a shared type instead of a value`;
        }
        // readBoard sorts by order: anything but a finite number sorts differently on each peer.
        if (!finiteNumber(value.get("order"))) return `The edit gives ${noun} "${id.slice(0, 64)}" an order that is not a number`;
      }
    }
    for (const id of touched.all ? edges.keys() : touched.edges) {
      const value = edges.get(id) as unknown;
      if (value === undefined) continue;
      if (typeof value !== "object" || value === null || Array.isArray(value) || value instanceof Y.AbstractType) return `The edit makes edge "${id.slice(0, 64)}" something other than an object`;
      const edge = value as Record<string, unknown>;
      if (!finiteNumber(edge.order)) return `The edit gives edge "${id.slice(0, 64)}" an order that is not a number`;
      // An edge to a sticky that is not there is allowed (someone deleted it as another connected
      // to it, or an undo brings an edge back): readBoard leaves it out, and the edge limit counts it.
      for (const end of ["source", "target"] as const) {
        if (typeof edge[end] !== "string") return `The edit gives edge "${id.slice(0, 64)}" a ${end} that is not a sticky id`;
      }
    }
    if (touched.all || !quickCheck(copy, touched)) parseBoard(readBoard(copy));
    const textProblem = newTextProblem(copy, touched);
    if (textProblem) return clip(`The edit would make the board invalid: ${textProblem}`);
  } catch (err) {
    if (err instanceof ModelError) return clip(`The edit would make the board invalid: ${err.message}`);
    return "The edit would make the board unreadable";
  }
  return null;
}

/**
 * The first text this edit wrote that breaks the input rules (a blank-looking name, a control
 * character: lib/model/inputText.ts), or null. Only what the edit wrote is read: a board holding
 * an older such text (stored before the rules) can still be edited elsewhere.
 */
function newTextProblem(doc: Y.Doc, touched: Touched): string | null {
  const maps = docMaps(doc);
  for (const { list, id, key } of touched.texts) {
    const item = list === "board" ? maps.board : id === null ? undefined : (maps[list].get(id) as unknown);
    if (item === undefined || item === null) continue;
    const read = (k: string): unknown => (item instanceof Y.Map ? item.get(k) : typeof item === "object" ? (item as Record<string, unknown>)[k] : undefined);
    for (const k of key === null ? inputTextKeys(list) : [key]) {
      const reason = itemTextReason(list, k, read(k));
      if (reason) return `${list === "board" ? k : `${list} "${(id ?? "").slice(0, 64)}" ${k}`}: ${reason}`;
    }
  }
  return null;
}

/** Whether the parts `touched` names are valid and the lists within their limits (false: ask parseBoard). */
function quickCheck(doc: Y.Doc, touched: Touched): boolean {
  const { board, nodes, edges } = docMaps(doc);
  if (nodes.size > LIMITS.nodes || edges.size > LIMITS.edges) return false;
  // Frames and notes are few and rarely edited, and ids are one space across stickies, frames and
  // notes: a touched one is judged by parseBoard on the whole board (limits and collisions included).
  if (touched.frames.size > 0 || touched.notes.size > 0) return false;
  if (touched.meta) {
    const meta: Record<string, unknown> = {};
    for (const key of BOARD_KEYS) if (board.has(key)) meta[key] = board.get(key);
    if (findUnsafeJson(meta).length > 0 || !metaSchema.safeParse(meta).success) return false;
  }
  for (const id of touched.nodes) {
    const map = nodes.get(id);
    if (!map) continue;
    const node: Record<string, unknown> = { id };
    for (const [key, value] of map.entries()) if (key !== "order") node[key] = value;
    if (findUnsafeJson(node).length > 0 || !boardNodeSchema.safeParse(node).success) return false;
  }
  for (const id of touched.edges) {
    const value = edges.get(id);
    if (value === undefined) continue;
    if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
    const { order: _order, ...edge } = value as Record<string, unknown>;
    if (findUnsafeJson(edge).length > 0 || !edgeSchema.safeParse({ id, ...edge }).success) return false;
  }
  return true;
}

/** Adds the stickies, edges and board keys a transaction changed, found from the types it changed. */
function addTouched(doc: Y.Doc, tr: Y.Transaction, touched: Touched): void {
  const maps = docMaps(doc);
  const board = maps.board as unknown as AnyType;
  const lists = new Map<AnyType, Set<string>>([
    [maps.nodes as unknown as AnyType, touched.nodes],
    [maps.edges as unknown as AnyType, touched.edges],
    [maps.frames as unknown as AnyType, touched.frames],
    [maps.notes as unknown as AnyType, touched.notes],
  ]);
  const listName = new Map<AnyType, "nodes" | "edges" | "frames" | "notes">([
    [maps.nodes as unknown as AnyType, "nodes"],
    [maps.edges as unknown as AnyType, "edges"],
    [maps.frames as unknown as AnyType, "frames"],
    [maps.notes as unknown as AnyType, "notes"],
  ]);
  for (const [type, keys] of tr.changed as unknown as Map<AnyType, Set<string | null>>) {
    const ids = lists.get(type);
    if (ids) {
      for (const k of keys) {
        if (k === null) touched.all = true;
        else {
          ids.add(k);
          // An item added or replaced whole: every text of it is new (an edge's too).
          touched.texts.push({ list: listName.get(type)!, id: k, key: null });
        }
      }
    } else if (type === board) {
      touched.meta = true;
      for (const k of keys) if (k !== null) touched.texts.push({ list: "board", id: null, key: k });
    } else {
      // A key of an item's own map: that text is new.
      const parent = type._item?.parent as AnyType | undefined;
      const list = parent ? listName.get(parent) : undefined;
      const itemId = type._item?.parentSub;
      if (list && itemId) for (const k of keys) if (k !== null) touched.texts.push({ list, id: itemId, key: k });
      // A type inside a sticky, frame or note (its map, or something a hostile client nested deeper): find the item.
      let t: AnyType | null = type;
      while (t?._item && !lists.has(t._item.parent as AnyType)) t = t._item.parent as AnyType;
      const id = t?._item?.parentSub;
      const owner = t?._item ? lists.get(t._item.parent as AnyType) : undefined;
      if (owner && owner !== touched.edges && id) owner.add(id);
      else touched.all = true;
    }
  }
}

function finiteNumber(value: unknown): boolean {
  return typeof value === "number" && Number.isFinite(value);
}

function clip(text: string): string {
  return text.length > 600 ? `${text.slice(0, 599)}…` : text;
}
