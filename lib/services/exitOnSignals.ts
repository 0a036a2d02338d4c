/** Within this, a stopping server has exited, whatever hangs: a restart right after finds the port and data folder free. */
export const SHUTDOWN_BUDGET_MS = 4_500;

/**
 * On SIGINT or SIGTERM: one line, `close()`, exit 0 (1 when close fails); exit 1 anyway once
 * `budgetMs` has passed. Shared by server.ts and the test entry that stands in for it.
 */
export function exitOnSignals(close: () => Promise<void>, budgetMs = SHUTDOWN_BUDGET_MS): void {
  const stop = (signal: string) => {
    console.log(`Stormflow stopping (${signal})`);
    const force = setTimeout(() => process.exit(1), budgetMs);
    force.unref();
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}
