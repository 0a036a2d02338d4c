import type { RelayFactory } from "../broker/relay";

/*
 * A relay that never publishes, for tests of a crash between commit and publish: writers leave
 * their outbox rows free (no lease, nothing handed over), nothing claims them, and the run waits
 * until it is abandoned. Passed as the simulator's `relay` dependency; production code never does.
 */
export const stalledRelay: RelayFactory = () => ({
  nudge() {},
  claimMs: null,
  handOver() {},
  drain: () => Promise.resolve(),
});
