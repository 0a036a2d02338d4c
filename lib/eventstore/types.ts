/**
 * The EventStore port lives in the simulator's core (`lib/sim/ports/eventStore.ts`), so the
 * adapters here depend on the core and never the other way round; re-exported for this folder's
 * modules and its callers.
 */
export * from "../sim/ports/eventStore";
