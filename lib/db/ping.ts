import type pg from "pg";

/** One `SELECT 1` round trip, failing after `timeoutMs` so a hung server cannot hang the caller. */
export async function pingDatabase(pool: pg.Pool, timeoutMs = 3000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([pool.query("SELECT 1"), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
