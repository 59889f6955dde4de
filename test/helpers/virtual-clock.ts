/**
 * A clock for rate limiters whose waits cost no real time: `sleep(ms)` moves the clock on by `ms`
 * (never behind where a concurrent sleep already took it) and resolves at the next turn of the
 * event loop, so waiters still resolve in the order they started waiting. Installed for every
 * limiter without a clock of its own by test/helpers/setup.ts; a test that asserts pacing passes
 * its own clock (or `setLimiterClockForTests(undefined)` for the real one under fake timers).
 */
import type { LimiterClock } from '../../src/aws/rate-limit';

export function virtualClock(): LimiterClock {
  let ahead = 0;
  // Captured now, before any test fakes timers: a paced call never waits for a fake clock to advance.
  const immediate = setImmediate;
  const now = () => Date.now() + ahead;
  return {
    now,
    sleep: (ms) => {
      ahead = Math.max(ahead, now() + ms - Date.now());
      return new Promise((r) => immediate(r));
    },
  };
}
