/**
 * Tests only: SDK retries without the SDK's waits. `test/helpers/setup.ts` sets a delay of 1 ms
 * so that a throttled attempt is retried at once (the SDK's own backoff waits up to seconds per
 * retry on a real clock: ~45 s over the suite). Unset, as in production, `retryStrategyForTests`
 * returns undefined and clients keep the SDK's adaptive (or standard) retry strategy, untouched.
 * A module of its own, with no imports at run time, so the test setup loads no SDK.
 */
import type { RetryStrategyV2, RetryToken } from '@aws-sdk/types';

let retryDelayMs: number | undefined;

/** The wait between attempts for clients built from now on (undefined: the SDK's own backoff). */
export function setRetryDelayForTests(ms: number | undefined): void {
  retryDelayMs = ms;
}

/**
 * The SDK's retry decision without its waits: an attempt that failed with a throttling or
 * transient error (as the SDK's retry middleware classifies it) is retried until `maxAttempts`
 * attempts were made, the set delay apart; any other error is thrown at once. No retry quota and
 * no client-side rate limiter: tests assert attempt counts, never the SDK's timing.
 */
export function retryStrategyForTests(maxAttempts: number): RetryStrategyV2 | undefined {
  const delayMs = retryDelayMs;
  if (delayMs === undefined) return undefined;
  const token = (count: number): RetryToken => ({ getRetryCount: () => count, getRetryDelay: () => delayMs });
  return {
    acquireInitialRetryToken: async () => token(0),
    refreshRetryTokenForRetry: async (previous, info) => {
      const retryable = info.errorType === 'THROTTLING' || info.errorType === 'TRANSIENT';
      if (!retryable || previous.getRetryCount() + 1 >= maxAttempts) throw new Error('No retry token available');
      return token(previous.getRetryCount() + 1);
    },
    recordSuccess: () => {},
  };
}
