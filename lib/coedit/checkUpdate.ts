import * as Y from "yjs";
import { ModelError } from "../model/errors";
import { LIMITS } from "../model/limits";
import { parseBoard } from "../model/parse";
import { boardNodeSchema, boardSchema, edgeSchema } from "../model/schema";
import { findUnsafeJson } from "../model/unsafeJson";
import { docMaps, readBoard } from "./boardDoc";

export interface UpdateLimits {
  /** Bytes of one update (the REST body limit by default). */
  maxBytes: number;
}

export const DEFAULT_UPDATE_LIMITS: UpdateLimits = { maxBytes: 5 * 1024 * 1024 };

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Yjs types its own changed-types map with YEvent<any>
type AnyType = Y.AbstractType<Y.YEvent<any>>;

const ROOTS = new Set(["board", "nodes", "edges"]);
const metaSchema = boardSchema.omit({ nodes: true, edges: true });

/** What one update changed: sticky ids, edge ids, the board's own keys, or something deeper (check all). */
interface Touched {
  nodes: Set<string>;
  edges: Set<string>;
  meta: boolean;
  all: boolean;
}

/**
 * Checks updates to a board's document before they are applied to it, on a copy kept in step
 * with it (the "shadow"). An update is applied to the shadow; the result must hold only the board's
 * maps, every sticky as a map, nothing waiting for updates the server never had, and a board that
 * `parseBoard` accepts. Only what the update touched is checked each time (the stickies, edges or
 * board keys its transaction changed, and the list sizes): a co-edited board takes hundreds of
 * updates a second, and parsing the whole board each time would cost milliseconds each. Anything the
 * quick check does not accept is judged by `parseBoard` on the whole board, whose message is the one
 * the sender sees. A refused update leaves the shadow rebuilt from the document, which never had it.
 */
export class UpdateChecker {
  private shadow: Y.Doc;

  constructor(private readonly doc: Y.Doc) {
    this.shadow = copyOf(doc);
  }

  /** Why `update` must not be applied, or null: then the shadow has it, and the caller applies it to the document. */
  check(update: Uint8Array, limits: Partial<UpdateLimits> = {}): string | null {
    const maxBytes = limits.maxBytes ?? DEFAULT_UPDATE_LIMITS.maxBytes;
    if (update.byteLength > maxBytes) return `The edit is too large (${update.byteLength} bytes; at most ${maxBytes})`;
    const problem = this.tryOnShadow(update);
    if (problem !== null) {
      this.shadow.destroy();
      this.shadow = copyOf(this.doc);
    }
    return problem;
  }

  /** An update the document took without a check (its own log, a REST save): the shadow takes it too. */
  mirror(update: Uint8Array): void {
    Y.applyUpdate(this.shadow, update);
  }

  destroy(): void {
    this.shadow.destroy();
  }

  private tryOnShadow(update: Uint8Array): string | null {
    const shadow = this.shadow;
    let touched: Touched = { nodes: new Set(), edges: new Set(), meta: false, all: false };
    const record = (tr: Y.Transaction) => (touched = touchedBy(shadow, tr));
    shadow.on("afterTransaction", record);
    try {
      Y.applyUpdate(shadow, update);
    } catch {
      return "The edit is not a Yjs update of this board";
    } finally {
      shadow.off("afterTransaction", record);
    }
    const store = shadow.store as unknown as { pendingStructs: unknown; pendingDs: unknown };
    if (store.pendingStructs || store.pendingDs) return "The edit depends on changes the server does not have: sync again";
    for (const key of shadow.share.keys()) if (!ROOTS.has(key)) return `The edit writes "${key.slice(0, 40)}", which is not part of a board`;
    try {
      const { nodes } = docMaps(shadow);
      for (const id of touched.all ? nodes.keys() : touched.nodes) {
        const value = nodes.get(id);
        if (value !== undefined && !(value instanceof Y.Map)) return `The edit makes sticky "${id.slice(0, 64)}" something other than a map`;
      }
      if (!touched.all && quickCheck(shadow, touched)) return null;
      parseBoard(readBoard(shadow));
      return null;
    } catch (err) {
      if (err instanceof ModelError) return clip(`The edit would make the board invalid: ${err.message}`);
      return "The edit would make the board unreadable";
    }
  }
}

/** Whether the parts `touched` names are valid and the lists within their limits (false: ask parseBoard). */
function quickCheck(doc: Y.Doc, touched: Touched): boolean {
  const { board, nodes, edges } = docMaps(doc);
  if (nodes.size > LIMITS.nodes || edges.size > LIMITS.edges) return false;
  if (touched.meta) {
    const meta: Record<string, unknown> = {};
    for (const key of ["format", "schemaVersion", "name", "description", "settings"]) if (board.has(key)) meta[key] = board.get(key);
    if (findUnsafeJson(meta).length > 0 || !metaSchema.safeParse(meta).success) return false;
  }
  for (const id of touched.nodes) {
    const map = nodes.get(id);
    if (!map) continue;
    const node: Record<string, unknown> = { id };
    for (const [key, value] of map.entries()) if (key !== "order") node[key] = value;
    if (typeof map.get("order") !== "number" || findUnsafeJson(node).length > 0 || !boardNodeSchema.safeParse(node).success) return false;
  }
  for (const id of touched.edges) {
    const value = edges.get(id);
    if (value === undefined) continue;
    if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
    const { order, ...edge } = value as Record<string, unknown>;
    if (typeof order !== "number" || findUnsafeJson(edge).length > 0 || !edgeSchema.safeParse({ id, ...edge }).success) return false;
  }
  return true;
}

/** The stickies, edges and board keys a transaction changed, found from the types it changed. */
function touchedBy(doc: Y.Doc, tr: Y.Transaction): Touched {
  const maps = docMaps(doc);
  const [board, nodes, edges] = [maps.board, maps.nodes, maps.edges] as unknown as AnyType[];
  const touched: Touched = { nodes: new Set(), edges: new Set(), meta: false, all: false };
  for (const [type, keys] of tr.changed as unknown as Map<AnyType, Set<string | null>>) {
    if (type === nodes || type === edges) {
      const ids = type === nodes ? touched.nodes : touched.edges;
      for (const k of keys) {
        if (k === null) touched.all = true;
        else ids.add(k);
      }
    }
    else if (type === board) touched.meta = true;
    else {
      // A type inside a sticky (its map, or something a hostile client nested deeper): find the sticky.
      let t: AnyType | null = type;
      while (t?._item && t._item.parent !== nodes) t = t._item.parent as AnyType;
      const id = t?._item?.parentSub;
      if (t?._item?.parent === nodes && id) touched.nodes.add(id);
      else touched.all = true;
    }
  }
  return touched;
}

function copyOf(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc({ gc: true });
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

function clip(text: string): string {
  return text.length > 600 ? `${text.slice(0, 599)}…` : text;
}
