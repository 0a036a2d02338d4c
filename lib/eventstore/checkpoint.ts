import { EventStoreError } from "./errors";
import type { Checkpoint, StoredEvent } from "./types";

/**
 * A checkpoint is `"<transactionId>:<globalPosition>"` of the last event read.
 *
 * Why not the global position alone: positions are taken when a row is inserted, transaction
 * ids when a transaction first writes, and commits happen in neither order. A reader may only
 * pass events whose transaction is older than every transaction still running
 * (`pg_snapshot_xmin`), so it reads in (transaction id, position) order; a bare position
 * would let an older-transaction event with a higher position hide a younger-transaction event
 * with a lower one that commits later. Every event committed after a read belongs to a
 * transaction at or above that read's horizon, so it always sorts after the checkpoint.
 */
export const START_CHECKPOINT: Checkpoint = "0:0";

const CHECKPOINT = /^(0|[1-9][0-9]{0,19}):(0|[1-9][0-9]{0,19})$/;
const MAX_INT64 = 2n ** 63n - 1n;

/** The checkpoint just after `event`: reading `after` it continues with the next event. */
export function checkpointOf(event: Pick<StoredEvent, "transactionId" | "globalPosition">): Checkpoint {
  return `${event.transactionId}:${event.globalPosition}`;
}

/** The two numbers of a checkpoint; `EventStoreError("invalid_argument")` when it is not one. */
export function parseCheckpoint(checkpoint: Checkpoint): { transactionId: bigint; globalPosition: bigint } {
  const match = CHECKPOINT.exec(checkpoint);
  if (match) {
    const transactionId = BigInt(match[1]!);
    const globalPosition = BigInt(match[2]!);
    // xid8 is unsigned 64-bit, positions are signed 64-bit: both fit under 2^64, positions under 2^63.
    if (transactionId < 2n ** 64n && globalPosition <= MAX_INT64) return { transactionId, globalPosition };
  }
  throw new EventStoreError("invalid_argument", `"${checkpoint}" is not a checkpoint (expected "<transactionId>:<globalPosition>", e.g. "${START_CHECKPOINT}")`);
}

/** Negative when `a` comes before `b` in readAll order, 0 when equal, positive after. */
export function compareCheckpoints(a: Checkpoint, b: Checkpoint): number {
  const x = parseCheckpoint(a);
  const y = parseCheckpoint(b);
  if (x.transactionId !== y.transactionId) return x.transactionId < y.transactionId ? -1 : 1;
  if (x.globalPosition !== y.globalPosition) return x.globalPosition < y.globalPosition ? -1 : 1;
  return 0;
}
