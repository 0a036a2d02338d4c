import type { RetryPolicy } from "../model/defaults";
import { retrySchedule } from "../model/topology";
import type { RetryWords } from "./i18n";

/**
 * A consumer group's retry policy in words, from the waits lib/model computes
 * (`retrySchedule`: the one formula, printed before jitter): "Up to 5 attempts, exponential
 * backoff 200 ms → 1.6 s (×2, at most 30 s), plus up to 50% jitter". One attempt reads "No
 * retry"; waits that are all equal (multiplier 1, a single retry, every wait at the cap) read
 * "fixed wait …", with the cap only when jitter can reach it; no jitter reads "no jitter".
 */
export function retryPolicyText(policy: RetryPolicy, words: RetryWords): string {
  const waits = retrySchedule(policy);
  const first = waits[0];
  const last = waits[waits.length - 1];
  if (first === undefined || last === undefined) return words.noRetry;
  const ms = words.milliseconds;
  const backoff = waits.every((wait) => wait === first)
    ? words.fixed(ms(first), policy.jitter > 0 && first * (1 + policy.jitter) > policy.maxDelayMs ? ms(policy.maxDelayMs) : null)
    : words.exponential(ms(first), ms(last), policy.multiplier, ms(policy.maxDelayMs));
  // 0.5 -> 50, 0.125 -> 12.5: a percentage with at most one decimal.
  const jitter = policy.jitter > 0 ? words.jitter(Math.round(policy.jitter * 1000) / 10) : words.noJitter;
  return `${words.attempts(policy.maxAttempts)}, ${backoff}, ${jitter}`;
}
