/**
 * Fresh identifiers, injected. Ids that must be the same on a replay (event ids, correlation
 * ids, command ids) are not taken from here: they are derived from the run id and their cause
 * (see `../hash.ts`), so a retried or re-issued step can never write twice.
 */
export interface Ids {
  /** A random UUID (a run id, a default seed). */
  uuid(): string;
  /** A span id: 16 lower-case hex characters, unique within a run. */
  spanId(): string;
}
