import { Semaphore } from "../sim/semaphore";
import type { RunFeed } from "./runFeed";

/** Store reads of all sockets at once by default: the pool (20) keeps room for the API and the runs. */
export const DEFAULT_MAX_STORE_READS = 4;

/**
 * The feed with its store reads (status, spans) limited across every socket: each socket reads
 * one page at a time (SocketGate), and this bounds them all, so many sockets cannot starve the
 * database pool that the API and the runs share. Reads beyond the limit wait their turn in order.
 */
export function limitStoreReads(feed: () => RunFeed, max: number): () => RunFeed {
  const reads = new Semaphore(max);
  return () => {
    const inner = feed();
    return {
      status: (runId) => reads.run(() => inner.status(runId)),
      readTrace: (runId, after, limit) => reads.run(() => inner.readTrace(runId, after, limit)),
      watch: (runId, listener) => inner.watch(runId, listener),
    };
  };
}
