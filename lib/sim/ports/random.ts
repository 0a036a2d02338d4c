/**
 * A source of uniform numbers in [0, 1), injected (the same shape as lib/model's `Random`).
 * The simulator uses it only where the outcome does not depend on it (retry jitter); every
 * decision that changes an outcome (a `rate=P` fault, a duplicate delivery, a generated payload)
 * is drawn from the run's seed and the decision's own key (`../hash.ts`), so the outcome counts do
 * not depend on how concurrent work happened to interleave.
 */
export type Random = () => number;
