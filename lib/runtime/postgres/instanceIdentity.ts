import { randomUUID } from "node:crypto";
import type pg from "pg";

/** This server instance as its runs name it: a random id, alive while its advisory lock is held. */
export interface InstanceIdentity {
  readonly id: string;
  /** True while the lock is held (false between a lost connection and the next successful re-lock). */
  readonly holding: boolean;
  /** Releases the lock and its connection: the instance is gone for every other instance at once. */
  close(): Promise<void>;
}

export interface IdentityOptions {
  /** Wait between tries to lock again after the lock's connection was lost (default 250 ms, doubling to 2 s). */
  readonly retryMs?: number;
  /** Told each time the lock is held again after it was lost. */
  readonly onRelocked?: () => void;
}

/**
 * Takes this instance's advisory lock (see the run_owners migration) on a connection of its own,
 * checked out of `pool` for the instance's lifetime. Losing that connection (the database
 * restarted) loses the lock; it is taken again, with backoff, as soon as the database answers,
 * until `close`.
 */
export async function registerInstance(pool: pg.Pool, options: IdentityOptions = {}): Promise<InstanceIdentity> {
  const id = randomUUID();
  const firstRetryMs = options.retryMs ?? 250;
  let client: pg.PoolClient | null = null;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;

  const lock = async (): Promise<void> => {
    const c = await pool.connect();
    try {
      await c.query(`SELECT pg_advisory_lock(k1, k2) FROM sim_instance_keys($1)`, [id]);
    } catch (err) {
      c.release(err as Error);
      throw err;
    }
    if (closed) {
      c.release(true);
      return;
    }
    client = c;
    // The connection dies with the database: drop it (never back into the pool) and lock again.
    c.once("error", (err) => {
      if (client !== c) return;
      client = null;
      c.release(err);
      relock(firstRetryMs);
    });
  };

  const relock = (delay: number) => {
    if (closed) return;
    timer = setTimeout(() => {
      lock().then(
        () => options.onRelocked?.(),
        () => relock(Math.min(delay * 2, 2_000)),
      );
    }, delay);
    timer.unref();
  };

  await lock();
  return {
    id,
    get holding() {
      return client !== null;
    },
    async close() {
      closed = true;
      clearTimeout(timer);
      const c = client;
      client = null;
      if (!c) return;
      // Unlock first, so that the instance is gone for the others the moment close resolves (a
      // closed socket also ends the session, but its backend notices a little later); bounded,
      // as the database may be away. The connection is then destroyed, never reused.
      let timeout: NodeJS.Timeout | undefined;
      await Promise.race([
        c.query(`SELECT pg_advisory_unlock(k1, k2) FROM sim_instance_keys($1)`, [id]).catch(() => undefined),
        new Promise((resolve) => (timeout = setTimeout(resolve, 500))),
      ]);
      clearTimeout(timeout);
      c.release(true);
    },
  };
}
