import type { RunFeed } from "./runFeed";

/** Store reads of all sockets at once by default: the pool (20) keeps room for the API and the runs. */
export const DEFAULT_MAX_STORE_READS = 4;

/**
 * The feed with its store reads (status, spans) limited across every socket: each socket reads
 * one page at a time (SocketGate), and this bounds them all, so many sockets cannot starve the
 * database pool that the API and the runs share. Reads beyond the limit wait their turn in order.
 */
export function limitStoreReads(feed: () => RunFeed, max: number): () => RunFeed {
  let running = 0;
  const queue: (() => void)[] = [];
  const limited = async <T>(read: () => Promise<T>): Promise<T> => {
    if (running >= max) await new Promise<void>((resolve) => queue.push(resolve));
    running++;
    try {
      return await read();
    } finally {
      running--;
      queue.shift()?.();
    }
  };
  return () => {
    const inner = feed();
    return {
      status: (runId) => limited(() => inner.status(runId)),
      readTrace: (runId, after, limit) => limited(() => inner.readTrace(runId, after, limit)),
      watch: (runId, listener) => inner.watch(runId, listener),
    };
  };
}
