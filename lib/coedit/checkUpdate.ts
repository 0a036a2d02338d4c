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
  const tooLarge = sizeProblem(update, limits);
  if (tooLarge) return tooLarge;
  const copy = copyOf(doc);
  try {
    return applyAndCheck(copy, [update]);
  } finally {
    copy.destroy();
  }
}

/**
 * checkUpdate for one live document, without copying the whole document for every update: the
 * copy is kept from one check to the next, and follows every update the document emits (an
 * accepted update once applied, other servers' updates, a REST save). Copying a document holds
 * every item it ever had; with this, a check costs the update and the board's parse only.
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
  for (const update of updates) {
    try {
      Y.applyUpdate(copy, update);
    } catch {
      return "The edit is not a Yjs update of this board";
    }
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
}

function finiteNumber(value: unknown): boolean {
  return typeof value === "number" && Number.isFinite(value);
}

function clip(text: string): string {
  return text.length > 600 ? `${text.slice(0, 599)}…` : text;
}
