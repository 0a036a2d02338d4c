import type { Database } from "../db";
import type { DocLog, DocLogRecord, DocLogTx, LockedBoard } from "../coedit/ports";
import type { Board } from "../model/schema";
import { recordRevision, type Sql } from "./revisionLog";
import { DEFAULT_REVISIONS_KEEP } from "./revisionRetention";

/**
 * The co-editing log in PostgreSQL (migration 20261202000000_board_docs). Each transaction holds
 * the board's row lock from `lock` on, which is what numbers a board's updates in commit order.
 */
export function pgDocLog(db: Pick<Database, "pool">, options: { readonly keepRevisions?: number | null } = {}): DocLog {
  const keep = options.keepRevisions === undefined ? DEFAULT_REVISIONS_KEEP : options.keepRevisions;
  return {
    async transaction(fn) {
      const client = await db.pool.connect();
      const sql: Sql = async (text, values) => (await client.query(text, [...values])).rows;
      try {
        await client.query("BEGIN");
        const tx: DocLogTx = {
          async lock(boardId) {
            const { rows } = await client.query<{ revision: number; document: unknown; doc_seq: string; doc_snapshot_seq: string }>(
              `SELECT revision, document, doc_seq, doc_snapshot_seq FROM boards WHERE id = $1 FOR UPDATE`,
              [boardId],
            );
            const row = rows[0];
            if (!row) return null;
            const locked: LockedBoard = { revision: row.revision, document: row.document, docSeq: Number(row.doc_seq), snapshotSeq: Number(row.doc_snapshot_seq) };
            return locked;
          },
          async readSince(boardId, afterSeq) {
            const snap = await client.query<{ doc_snapshot: Buffer | null; doc_snapshot_seq: string }>(
              `SELECT doc_snapshot, doc_snapshot_seq FROM boards WHERE id = $1 AND doc_snapshot_seq > $2`,
              [boardId, afterSeq],
            );
            const s = snap.rows[0];
            const snapshot: DocLogRecord | null = s?.doc_snapshot ? { seq: Number(s.doc_snapshot_seq), update: new Uint8Array(s.doc_snapshot) } : null;
            const from = Math.max(afterSeq, snapshot?.seq ?? 0);
            const { rows } = await client.query<{ seq: string; update: Buffer }>(
              `SELECT seq, update FROM board_doc_updates WHERE board_id = $1 AND seq > $2 ORDER BY seq`,
              [boardId, from],
            );
            return { snapshot, updates: rows.map((r) => ({ seq: Number(r.seq), update: new Uint8Array(r.update) })) };
          },
          async append(boardId, update) {
            const { rows } = await client.query<{ seq: string }>(`INSERT INTO board_doc_updates (board_id, update) VALUES ($1, $2) RETURNING seq`, [boardId, Buffer.from(update)]);
            return Number(rows[0]!.seq);
          },
          async appendAll(boardId, updates) {
            if (updates.length === 0) return [];
            // One statement; seqs are drawn as the rows are inserted, in the array's order.
            const { rows } = await client.query<{ seq: string }>(
              `INSERT INTO board_doc_updates (board_id, update)
               SELECT $1, u FROM unnest($2::bytea[]) WITH ORDINALITY AS t(u, i) ORDER BY i
               RETURNING seq`,
              [boardId, updates.map((u) => Buffer.from(u))],
            );
            return rows.map((r) => Number(r.seq)).sort((a, b) => a - b);
          },
          async saveBoard(boardId, board, docSeq, authors) {
            // The row is locked (lock above): the document read here is the one being replaced.
            const { rows } = await client.query<{ revision: number; before: unknown }>(
              `UPDATE boards b SET name = $2, document = $3, node_count = $4, revision = b.revision + 1, doc_seq = $5, updated_at = now()
               FROM (SELECT id, document FROM boards WHERE id = $1) old
               WHERE b.id = old.id RETURNING b.revision, old.document AS before`,
              [boardId, board.name, JSON.stringify(board), board.nodes.length, docSeq],
            );
            const row = rows[0]!;
            await recordRevision(sql, { boardId, revision: row.revision, board: board as Board, before: row.before, authors, keep });
            return row.revision;
          },
          async markDerived(boardId, docSeq) {
            await client.query(`UPDATE boards SET doc_seq = $2 WHERE id = $1`, [boardId, docSeq]);
          },
          async compact(boardId, state, uptoSeq) {
            await client.query(`UPDATE boards SET doc_snapshot = $2, doc_snapshot_seq = $3 WHERE id = $1`, [boardId, Buffer.from(state), uptoSeq]);
            await client.query(`DELETE FROM board_doc_updates WHERE board_id = $1 AND seq <= $2`, [boardId, uptoSeq]);
          },
        };
        const result = await fn(tx);
        await client.query("COMMIT");
        return result;
      } catch (err) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
  };
}
