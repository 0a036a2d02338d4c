import { revisionSummary } from "../model/revisionSummary";
import { parseBoard } from "../model/parse";
import type { Board } from "../model/schema";

/*
 * Writes a board's saved revision into `board_revisions` (migration 20261202100000), inside the
 * transaction that gave the board row that revision, whichever path saved it (a new board, a save
 * through the API, the co-editing hub). One function, so every save is kept the same way: the
 * document, what it changed (summarised against the revision before it, once, now) and who edited
 * it. Revisions beyond the retention are deleted as each one is written.
 */

/** Runs one statement in the caller's transaction; the rows it returns. */
export type Sql = <R = Record<string, unknown>>(text: string, values: readonly unknown[]) => Promise<R[]>;

export interface RevisionWrite {
  readonly boardId: string;
  readonly revision: number;
  readonly board: Board;
  /** The stored document it replaces (null for a new board); read back from jsonb, so parsed here. */
  readonly before: unknown;
  readonly authors?: readonly string[];
  /** Revisions kept per board (null: all). */
  readonly keep: number | null;
}

/** Records `write.revision` of the board, then drops revisions older than the retention keeps. */
export async function recordRevision(sql: Sql, write: RevisionWrite): Promise<void> {
  const before = write.before === null ? null : previousBoard(write.before);
  const summary = revisionSummary(before, write.board);
  await sql(
    `INSERT INTO board_revisions (board_id, revision, document, summary, authors) VALUES ($1::uuid, $2, $3::jsonb, $4::jsonb, $5::text[])
     ON CONFLICT (board_id, revision) DO UPDATE SET document = EXCLUDED.document, summary = EXCLUDED.summary, authors = EXCLUDED.authors, saved_at = now()`,
    [write.boardId, write.revision, JSON.stringify(write.board), JSON.stringify(summary), [...(write.authors ?? [])]],
  );
  if (write.keep !== null && write.revision > write.keep) {
    await sql(`DELETE FROM board_revisions WHERE board_id = $1::uuid AND revision <= $2`, [write.boardId, write.revision - write.keep]);
  }
}

/** The stored document before the save; a document that no longer parses counts as no document (everything added). */
function previousBoard(document: unknown): Board | null {
  try {
    return parseBoard(typeof document === "string" ? JSON.parse(document) : document);
  } catch {
    return null;
  }
}
