import type { Board } from "../model/schema";

/**
 * What the co-editing hub needs from storage and from its peers. The PostgreSQL adapters are in
 * lib/boards (pgDocLog.ts, pgDocBus.ts); tests can pass their own.
 */

/** The board row as a transaction locked it. */
export interface LockedBoard {
  revision: number;
  /** The canonical board as stored (what GET, exports and runs read). */
  document: unknown;
  /** The last update `document` was derived from. */
  docSeq: number;
  snapshotSeq: number;
}

export interface DocLogRecord {
  seq: number;
  update: Uint8Array;
}

/**
 * One transaction. `lock` comes first: every other call runs while the board's row is locked, so
 * a board's updates are appended, read, saved and compacted one transaction at a time, in every
 * server on the database.
 */
export interface DocLogTx {
  /** Locks the board's row; null when there is no such board. */
  lock(boardId: string): Promise<LockedBoard | null>;
  /** The snapshot when it covers more than `afterSeq`, then every update after both, in seq order. */
  readSince(boardId: string, afterSeq: number): Promise<{ snapshot: DocLogRecord | null; updates: DocLogRecord[] }>;
  /** Appends an update; its seq. */
  append(boardId: string, update: Uint8Array): Promise<number>;
  /** Appends updates in this order (one statement); their seqs, ascending, in the same order. */
  appendAll(boardId: string, updates: readonly Uint8Array[]): Promise<number[]>;
  /** Stores the canonical board derived up to `docSeq`, as the next revision (returned), kept in the board's history with who edited it. */
  saveBoard(boardId: string, board: Board, docSeq: number, authors?: readonly string[]): Promise<number>;
  /** Records that the stored board already is the document up to `docSeq` (nothing to save). */
  markDerived(boardId: string, docSeq: number): Promise<void>;
  /** Replaces the updates up to `uptoSeq` by the document's state (the new snapshot). */
  compact(boardId: string, state: Uint8Array, uptoSeq: number): Promise<void>;
}

export interface DocLog {
  transaction<T>(fn: (tx: DocLogTx) => Promise<T>): Promise<T>;
}

/**
 * Messages between the servers on one database (PostgreSQL LISTEN/NOTIFY): a new update to read
 * from the log, a saved revision, a presence change. Never the document itself: NOTIFY payloads
 * are small, and the log is the one truth.
 */
export type BusMessage =
  | { kind: "update"; boardId: string; server: string; seq: number }
  | { kind: "saved"; boardId: string; server: string; revision: number; seq: number }
  | { kind: "presence"; boardId: string; server: string; update: string };

export interface DocBus {
  publish(message: BusMessage): void;
  subscribe(listener: (message: BusMessage) => void): () => void;
}
