import * as Y from "yjs";
import { ModelError } from "../model/errors";
import { parseBoard } from "../model/parse";
import { docMaps, readBoard } from "./boardDoc";

export interface UpdateLimits {
  /** Bytes of one update (the REST body limit by default). */
  maxBytes: number;
}

export const DEFAULT_UPDATE_LIMITS: UpdateLimits = { maxBytes: 5 * 1024 * 1024 };

const ROOTS = new Set(["board", "nodes", "edges"]);

/**
 * Why `update` must not be applied to `doc`, or null when it may. It is applied to a copy: the
 * result must hold only the board's maps, every sticky as a map, every sticky and edge with a
 * finite number as its order, nothing waiting for updates the server never had, and a board the
 * schema accepts (limits included). The sender of a refused
 * update drops its copy and syncs again; nobody else ever sees it.
 */
export function checkUpdate(doc: Y.Doc, update: Uint8Array, limits: Partial<UpdateLimits> = {}): string | null {
  const maxBytes = limits.maxBytes ?? DEFAULT_UPDATE_LIMITS.maxBytes;
  if (update.byteLength > maxBytes) return `The edit is too large (${update.byteLength} bytes; at most ${maxBytes})`;
  const copy = new Y.Doc({ gc: true });
  try {
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    try {
      Y.applyUpdate(copy, update);
    } catch {
      return "The edit is not a Yjs update of this board";
    }
    const store = copy.store as unknown as { pendingStructs: unknown; pendingDs: unknown };
    if (store.pendingStructs || store.pendingDs) return "The edit depends on changes the server does not have: sync again";
    for (const key of copy.share.keys()) if (!ROOTS.has(key)) return `The edit writes "${key.slice(0, 40)}", which is not part of a board`;
    try {
      const { nodes, edges } = docMaps(copy);
      for (const [id, value] of nodes.entries()) {
        if (!(value instanceof Y.Map)) return `The edit makes sticky "${id.slice(0, 64)}" something other than a map`;
        // readBoard sorts by order: anything but a finite number sorts differently on each peer.
        if (!finiteNumber(value.get("order"))) return `The edit gives sticky "${id.slice(0, 64)}" an order that is not a number`;
      }
      for (const [id, value] of edges.entries()) {
        if (typeof value === "object" && value !== null && !finiteNumber((value as Record<string, unknown>).order)) return `The edit gives edge "${id.slice(0, 64)}" an order that is not a number`;
      }
      parseBoard(readBoard(copy));
    } catch (err) {
      if (err instanceof ModelError) return clip(`The edit would make the board invalid: ${err.message}`);
      return "The edit would make the board unreadable";
    }
    return null;
  } finally {
    copy.destroy();
  }
}

function finiteNumber(value: unknown): boolean {
  return typeof value === "number" && Number.isFinite(value);
}

function clip(text: string): string {
  return text.length > 600 ? `${text.slice(0, 599)}…` : text;
}
