import type { Board } from "../../model/schema";
import type { DocLog, DocLogTx, LockedBoard } from "../ports";

/**
 * The co-editing log in memory, for unit tests of the hub: one board row, one transaction at a
 * time (as the row lock makes it in PostgreSQL), updates committed only when the transaction
 * ends. `state` counts transactions, appends and saves; `failNext` makes the next transaction
 * fail after its work (nothing it appended is kept).
 */
export function memoryLog(board: Board) {
  const row: LockedBoard & { snapshot: Uint8Array | null } = { revision: 1, document: board, docSeq: 0, snapshotSeq: 0, snapshot: null };
  let updates: { seq: number; update: Uint8Array }[] = [];
  let seq = 0;
  let queue: Promise<unknown> = Promise.resolve();
  const state = { transactions: 0, appendsPerTransaction: [] as number[], failNext: false, saves: 0 };
  const log: DocLog = {
    transaction<T>(fn: (tx: DocLogTx) => Promise<T>): Promise<T> {
      const run = queue.then(async () => {
        state.transactions++;
        const pending: { seq: number; update: Uint8Array }[] = [];
        const tx: DocLogTx = {
          lock: async () => ({ ...row }),
          readSince: async (_id, after) => ({
            snapshot: row.snapshot && row.snapshotSeq > after ? { seq: row.snapshotSeq, update: row.snapshot } : null,
            updates: updates.filter((u) => u.seq > Math.max(after, row.snapshotSeq)),
          }),
          append: async (_id, update) => {
            pending.push({ seq: ++seq, update });
            return seq;
          },
          appendAll: async (_id, list) =>
            list.map((update) => {
              pending.push({ seq: ++seq, update });
              return seq;
            }),
          saveBoard: async (_id, b, docSeq) => {
            state.saves++;
            row.document = b;
            row.docSeq = docSeq;
            return ++row.revision;
          },
          markDerived: async (_id, docSeq) => {
            row.docSeq = docSeq;
          },
          compact: async (_id, stateUpdate, upto) => {
            row.snapshot = stateUpdate;
            row.snapshotSeq = upto;
            updates = updates.filter((u) => u.seq > upto);
          },
        };
        const result = await fn(tx);
        if (state.failNext) {
          state.failNext = false;
          throw new Error("the database went away");
        }
        updates.push(...pending);
        if (pending.length > 0) state.appendsPerTransaction.push(pending.length);
        return result;
      });
      queue = run.catch(() => undefined);
      return run;
    },
  };
  return { log, state, row, stored: () => updates };
}
