import type { Random } from "./ports/random";
import type { Scenario } from "./ports/records";

/**
 * How long to wait before retry number `retry` (1 = the second attempt): exponential,
 * `baseMs·2^(retry-1)` capped at `maxMs`, plus up to 50% jitter from the injected random so
 * retries of many messages do not line up.
 */
export function backoffMs(backoff: Scenario["backoff"], retry: number, random: Random): number {
  const exponential = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, retry - 1));
  return Math.round(exponential * (1 + random() / 2));
}
