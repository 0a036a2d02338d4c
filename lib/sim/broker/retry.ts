import { retryDelayMs, type RetryPolicy } from "../../model";
import { unitDraw } from "../hash";

/**
 * The wait before attempt `attempt + 1` of one message in one group, in design time: the
 * board's formula (`retryDelayMs`, lib/model) with its jitter drawn from the seed and the
 * message, so that the same run waits the same and records the same `delayMs`.
 */
export function retryDelay(policy: RetryPolicy, attempt: number, seed: string, group: string, messageKey: string): number {
  return retryDelayMs(policy, attempt, policy.jitter > 0 ? unitDraw(seed, "jitter", group, messageKey, attempt) : 0);
}
