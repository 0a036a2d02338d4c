import type { PrismaClient } from "../db/prisma";
import { ApiError } from "../http/apiError";
import { diffBoards, type BoardDiff, type EarlierBoard } from "../model/diffBoards";
import { isTransitive, type CompatMode } from "../model/compatModes";
import type { RevisionSummary } from "../model/revisionSummary";
import { earlierEventVersions, hasVersionedEvents, type EarlierVersion } from "../model/eventVersions";
import { parseBoard } from "../model/parse";
import type { Board } from "../model/schema";
import type { BoardStore } from "./boardStore";

/*
 * A board's saved revisions (written by revisionLog.ts on every save): listed newest first a page
 * at a time, read one by one, restored (a new revision equal to an old one, saved like any save,
 * so open editors show it), and diffed for compatibility (lib/model/diffBoards.ts).
 */

export interface RevisionInfo {
  readonly revision: number;
  /** ISO-8601. */
  readonly savedAt: string;
  readonly authors: string[];
  readonly summary: RevisionSummary;
}

export interface RevisionPage {
  readonly revisions: RevisionInfo[];
  /** Pass as `before` for the next (older) page; null at the oldest kept revision. */
  readonly next: number | null;
}

export interface StoredRevision extends RevisionInfo {
  readonly id: string;
  readonly board: Board;
}

export interface RevisionDiff extends BoardDiff {
  readonly from: number;
  readonly to: number;
}

/** How often a restore without a revision reads the current one again after another save won. */
const RESTORE_ATTEMPTS = 20;

export class BoardHistory {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly boards: Pick<BoardStore, "save" | "currentRevision">,
  ) {}

  /** Revisions before `before` (all when undefined), newest first, at most `limit`. */
  async list(boardId: string, options: { before?: number; limit: number }): Promise<RevisionPage> {
    await this.current(boardId);
    const rows = await this.prisma.boardRevision.findMany({
      where: { boardId, ...(options.before === undefined ? {} : { revision: { lt: options.before } }) },
      select: { revision: true, savedAt: true, authors: true, summary: true },
      orderBy: { revision: "desc" },
      take: options.limit + 1,
    });
    const page = rows.slice(0, options.limit);
    return { revisions: page.map(info), next: rows.length > options.limit ? page[page.length - 1]!.revision : null };
  }

  async get(boardId: string, revision: number): Promise<StoredRevision> {
    await this.current(boardId);
    const row = await this.prisma.boardRevision.findUnique({ where: { boardId_revision: { boardId, revision } } });
    if (!row) throw await this.noRevision(boardId, revision);
    return { id: boardId, ...info(row), board: parseBoard(row.document) };
  }

  /**
   * Saves `revision`'s board as the board's next revision. `expected`, when given, is the revision
   * the caller has on screen: restoring over a board saved since is a 409, as any stale save is.
   */
  async restore(boardId: string, revision: number, expected?: number): Promise<{ revision: number; restored: number }> {
    const old = await this.get(boardId, revision);
    if (expected !== undefined) return { revision: (await this.boards.save(boardId, expected, old.board, { restoring: true })).revision, restored: revision };
    // No revision given: over whatever is current, so a save that lands between reading it and
    // saving is not the caller's conflict; read it again and retry (a few times, then the 409).
    for (let attempt = 1; ; attempt++) {
      try {
        return { revision: (await this.boards.save(boardId, await this.current(boardId), old.board, { restoring: true })).revision, restored: revision };
      } catch (err) {
        if (!(err instanceof ApiError && err.status === 409) || attempt >= RESTORE_ATTEMPTS) throw err;
      }
    }
  }

  /**
   * The compatibility diff from revision `from` (default: the one before `to`) to `to` (default:
   * the current one) under `mode`; a transitive mode also checks `to` against every earlier kept
   * revision whose contracts changed (and the oldest kept), so the work grows with contract
   * changes, not with saves.
   */
  async diff(boardId: string, options: { from?: number; to?: number; mode: CompatMode }): Promise<RevisionDiff> {
    const current = await this.current(boardId);
    const to = options.to ?? current;
    const from = options.from ?? Math.max(1, to - 1);
    const [before, after] = await Promise.all([this.get(boardId, from), this.get(boardId, to)]);
    const earlier = isTransitive(options.mode) ? await this.earlier(boardId, from, to) : [];
    return { from, to, ...diffBoards(before.board, after.board, { mode: options.mode, earlier }) };
  }

  /**
   * The earlier schema versions of the board's events (for the TypeScript contracts), read from the
   * revisions whose contracts changed, newest first (at most the latest 500 of them); undefined
   * when no event is past version 1.
   */
  async earlierVersions(boardId: string, board: Board): Promise<Map<string, EarlierVersion[]> | undefined> {
    if (!hasVersionedEvents(board)) return undefined;
    const newestFirst = await this.contractRevisions(boardId, { before: null, newestFirst: true, limit: 500 });
    return earlierEventVersions(board, newestFirst.map((r) => r.board));
  }

  private async earlier(boardId: string, from: number, to: number): Promise<EarlierBoard[]> {
    return (await this.contractRevisions(boardId, { before: to, newestFirst: false })).filter((r) => r.revision !== from);
  }

  /**
   * The kept revisions before `before` (null: all) whose contracts changed (their stored summary counts it),
   * and the oldest kept one: every distinct set of contracts the history holds, without reading
   * the saves that only moved or renamed stickies.
   */
  private async contractRevisions(boardId: string, options: { before: number | null; newestFirst: boolean; limit?: number }): Promise<EarlierBoard[]> {
    const rows = await this.prisma.$queryRawUnsafe<{ revision: number; document: unknown }[]>(
      `SELECT revision, document FROM board_revisions
       WHERE board_id = $1::uuid AND ($2::int IS NULL OR revision < $2)
         AND ((summary->>'contractChanges')::int > 0 OR revision = (SELECT min(revision) FROM board_revisions WHERE board_id = $1::uuid))
       ORDER BY revision ${options.newestFirst ? "DESC" : "ASC"} LIMIT $3`,
      boardId,
      options.before,
      options.limit ?? null,
    );
    return rows.map((r) => ({ revision: r.revision, board: parseBoard(r.document) }));
  }

  /** The board's current revision; 404 when there is no such board. */
  private current(boardId: string): Promise<number> {
    return this.boards.currentRevision(boardId);
  }

  private async noRevision(boardId: string, revision: number): Promise<ApiError> {
    const range = await this.prisma.boardRevision.aggregate({ where: { boardId }, _min: { revision: true }, _max: { revision: true } });
    const min = range._min.revision;
    const kept = min === null ? "none is kept" : `kept: ${min} to ${range._max.revision}`;
    // An older revision than the oldest kept one existed once: the retention removed it.
    const why = min !== null && revision < min ? "; older revisions are removed as new ones are saved (STORMFLOW_REVISIONS_KEEP)" : "";
    return new ApiError(404, "revision_not_found", `The board has no revision ${revision} (${kept}${why}).`, [{ path: "revision", message: `no such revision (${kept})` }]);
  }
}

function info(row: { revision: number; savedAt: Date; authors: string[]; summary: unknown }): RevisionInfo {
  return { revision: row.revision, savedAt: row.savedAt.toISOString(), authors: row.authors, summary: row.summary as RevisionSummary };
}
