/**
 * The retry policy the design document gives every consumer group: a message is attempted up
 * to `maxAttempts` times, waiting `initialDelayMs`, then twice as long before each further
 * attempt (with jitter, so that retries of many messages do not arrive together), and then moved
 * to the group's dead-letter queue. One policy for every group keeps the document honest: the
 * board does not say more, and a reader tunes it per group from here.
 */
export const RETRY_POLICY = {
  maxAttempts: 5,
  initialDelayMs: 200,
  multiplier: 2,
} as const;

/** The wait before the last attempt: `initialDelayMs × multiplier^(maxAttempts − 2)`. */
export function lastRetryDelayMs(policy: typeof RETRY_POLICY = RETRY_POLICY): number {
  return policy.initialDelayMs * policy.multiplier ** Math.max(0, policy.maxAttempts - 2);
}

/** The name of a consumer group's dead-letter queue: `<group>.dlq`. */
export function deadLetterQueueName(group: string): string {
  return `${group}.dlq`;
}
