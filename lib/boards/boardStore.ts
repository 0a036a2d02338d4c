import { MAX_REVISION, type BoardSummary, type StoredBoard } from "../contracts/boards";
import type { PrismaClient } from "../db/prisma";
import { ApiError } from "../http/apiError";
import { checkInputText } from "../model/inputText";
import { parseBoard } from "../model/parse";
import type { Board } from "../model/schema";
import { CoeditError } from "../coedit/errors";
import { recordRevision, type Sql } from "./revisionLog";
import { DEFAULT_REVISIONS_KEEP } from "./revisionRetention";

/** Where a save goes while boards are co-edited: the live document (lib/coedit/docHub.ts). */
export interface LiveBoards {
  replace(boardId: string, revision: number, board: Board): Promise<{ revision: number }>;
}

export type { BoardSummary, StoredBoard };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;


/**
 * Boards in PostgreSQL: the whole document as JSON plus a revision for optimistic concurrency.
 * Every write is parsed first, so what is stored is always a valid board and a refused write
 * changes nothing.
 */
export class BoardStore {
  constructor(
    private readonly prisma: PrismaClient,
    /** When set, a save is applied to the board's shared document, so open browsers show it. */
    private readonly live?: LiveBoards,
    /** Revisions kept per board (null: all); the co-editing hub's log is given the same. */
    private readonly keepRevisions: number | null = DEFAULT_REVISIONS_KEEP,
  ) {}

  async list(): Promise<BoardSummary[]> {
    const rows = await this.prisma.board.findMany({
      select: { id: true, name: true, revision: true, updatedAt: true, nodeCount: true },
      orderBy: { updatedAt: "desc" },
    });
    return rows.map((r) => ({ ...r, updatedAt: r.updatedAt.toISOString() }));
  }

  async create(input: unknown): Promise<StoredBoard> {
    const board = parseBoard(input);
    // New text keeps the input rules (blank-looking names, control characters): lib/model/inputText.ts.
    checkInputText(board, null);
    const row = await this.prisma.$transaction(async (tx) => {
      const created = await tx.board.create({ data: { name: board.name, document: board as object, nodeCount: board.nodes.length } });
      await recordRevision(sqlOf(tx), { boardId: created.id, revision: created.revision, board, before: null, keep: this.keepRevisions });
      return created;
    });
    return { id: row.id, revision: row.revision, board };
  }

  /** The board's current revision; 404 when there is no such board (the board itself is not read). */
  async currentRevision(id: string): Promise<number> {
    const row = UUID.test(id) ? await this.prisma.board.findUnique({ where: { id }, select: { revision: true } }) : null;
    if (!row) throw notFound(id);
    return row.revision;
  }

  async get(id: string): Promise<StoredBoard> {
    const row = UUID.test(id) ? await this.prisma.board.findUnique({ where: { id } }) : null;
    if (!row) throw notFound(id);
    return { id: row.id, revision: row.revision, board: parseBoard(row.document) };
  }

  /** Saves over `revision`; a stale revision is a 409 that carries the current one. */
  async save(id: string, revision: unknown, input: unknown, options: { restoring?: boolean } = {}): Promise<{ revision: number }> {
    if (typeof revision !== "number" || !Number.isInteger(revision) || revision < 1 || revision > MAX_REVISION) {
      throw new ApiError(400, "invalid_request", "revision must be a positive whole number (the revision you loaded)", [
        { path: "revision", message: "must be a positive whole number" },
      ]);
    }
    const board = parseBoard(input);
    if (!UUID.test(id)) throw notFound(id);
    // Only new text is held to the input rules: what the stored board already says is let through (inputText.ts).
    // A restore brings back text that was stored before: not new input.
    if (!options.restoring) {
      const stored = await this.prisma.board.findUnique({ where: { id }, select: { document: true } });
      checkInputText(board, stored?.document ?? null);
    }
    if (this.live) return this.replaceLive(id, revision, board);
    const saved = await this.prisma.$transaction(async (tx) => {
      const before = await tx.board.findFirst({ where: { id, revision }, select: { document: true } });
      const updated = await tx.board.updateMany({
        where: { id, revision },
        data: { name: board.name, document: board as object, nodeCount: board.nodes.length, revision: { increment: 1 }, updatedAt: new Date() },
      });
      if (updated.count !== 1) return false;
      await recordRevision(sqlOf(tx), { boardId: id, revision: revision + 1, board, before: before?.document ?? null, keep: this.keepRevisions });
      return true;
    });
    if (saved) return { revision: revision + 1 };
    const current = await this.prisma.board.findUnique({ where: { id }, select: { revision: true } });
    if (!current) throw notFound(id);
    throw conflict(current.revision, revision);
  }

  private async replaceLive(id: string, revision: number, board: Board): Promise<{ revision: number }> {
    try {
      return await this.live!.replace(id, revision, board);
    } catch (err) {
      if (err instanceof CoeditError && err.code === "conflict") throw conflict(err.current ?? 0, revision);
      if (err instanceof CoeditError && err.code === "not_found") throw notFound(id);
      throw err;
    }
  }

  async remove(id: string): Promise<void> {
    const deleted = UUID.test(id) ? await this.prisma.board.deleteMany({ where: { id } }) : { count: 0 };
    if (deleted.count === 0) throw notFound(id);
  }
}

/** Statements in a Prisma transaction, for the revision log. */
function sqlOf(tx: Pick<PrismaClient, "$queryRawUnsafe">): Sql {
  return (text, values) => tx.$queryRawUnsafe(text, ...values);
}

/**
 * A save over a revision other than the current one: 409 when it is older (saved elsewhere since),
 * 400 naming `revision` when the board has not reached it (no client loaded it: a bad request, not
 * a conflict to reload from).
 */
function conflict(current: number, yours: number): ApiError {
  if (yours > current) {
    return new ApiError(400, "invalid_request", `The board has no revision ${yours} yet (it is at revision ${current}): send the revision you loaded.`, [
      { path: "revision", message: `must be the revision you loaded (the board is at revision ${current})` },
    ]);
  }
  return new ApiError(
    409,
    "conflict",
    `The board was saved elsewhere (now revision ${current}, you had ${yours}): reload it, or overwrite with your version.`,
    [{ path: "revision", message: `stale: the current revision is ${current}` }],
  );
}

function notFound(id: string): ApiError {
  return new ApiError(404, "not_found", `No board with id "${id.slice(0, 80)}"`);
}

/**
 * The stored board, checked to be at `revision` (any revision when undefined): what a run started
 * at that revision runs. A revision the board has not reached is 400; an older one is 409
 * `board_changed` (it was saved again since: the client's view and the run would be two boards).
 */
export function atRevision(stored: StoredBoard, revision: number | undefined): StoredBoard {
  if (revision === undefined || revision === stored.revision) return stored;
  if (revision > stored.revision) {
    throw new ApiError(400, "invalid_request", `The board has no revision ${revision} yet (it is at revision ${stored.revision}).`, [
      { path: "revision", message: `must be a revision the board was saved as (it is at revision ${stored.revision})` },
    ]);
  }
  throw new ApiError(409, "board_changed", `The board was saved again since revision ${revision} (now ${stored.revision}): start the run again to run what is on screen.`, [
    { path: "revision", message: `stale: the saved board is at revision ${stored.revision}` },
  ]);
}
