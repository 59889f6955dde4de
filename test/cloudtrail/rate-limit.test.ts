/**
 * The LookupEvents limiter is one per account-region for the whole process: concurrent questions
 * share it (together they stay at 2 requests/s), are served in arrival order (fair), and a throttle
 * pushes every waiter back. Fake timers on the limiters' real clock (not the suite's virtual one):
 * the times asserted are the fake clock's.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { limiterFor, setLimiterClockForTests } from '../../src/aws/rate-limit';
import { LiveTrailSource } from '../../src/sources/live/cloudtrail';
import { TEST_EXTERNAL_ID, testAccount } from '../helpers/context';

describe('LookupEvents limiter', () => {
  beforeEach(() => {
    setLimiterClockForTests(undefined);
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-11-23T09:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('is shared by every source (question) reading the same account-region, and only by them', () => {
    const a = new LiveTrailSource(testAccount({ accountId: '444444444444' }), { externalId: TEST_EXTERNAL_ID });
    const b = new LiveTrailSource(testAccount({ accountId: '444444444444', name: 'other-name' }), {
      externalId: TEST_EXTERNAL_ID,
    });
    expect(a.limiter('us-east-1')).toBe(b.limiter('us-east-1'));
    expect(a.limiter('us-east-1')).not.toBe(a.limiter('eu-west-1'));
    expect(a.limiter('us-east-1')).not.toBe(
      new LiveTrailSource(testAccount({ accountId: '555555555555' }), { externalId: 'x' }).limiter('us-east-1'),
    );
  });

  it('paces two concurrent questions together at 2 requests/s, alternating between them', async () => {
    const limiter = limiterFor('LookupEvents:666666666666:us-east-1', 2);
    const grants: { q: string; at: number }[] = [];
    const t0 = Date.now();
    const question = async (q: string) => {
      for (let i = 0; i < 4; i++) {
        await limiter.take();
        grants.push({ q, at: Date.now() - t0 });
        await Promise.resolve(); // the page "arrives"; the next take follows
      }
    };
    const done = Promise.all([question('A'), question('B')]);
    await vi.runAllTimersAsync();
    await done;
    expect(grants.map((g) => g.q).join('')).toBe('ABABABAB');
    expect(grants.map((g) => g.at)).toEqual([0, 500, 1000, 1500, 2000, 2500, 3000, 3500]);
  });

  it('a throttle pushes back every waiter of the account-region', async () => {
    const limiter = limiterFor('LookupEvents:777777777777:us-east-1', 2);
    const t0 = Date.now();
    await limiter.take();
    limiter.penalise(3000);
    const at: number[] = [];
    const p = Promise.all([
      limiter.take().then(() => at.push(Date.now() - t0)),
      limiter.take().then(() => at.push(Date.now() - t0)),
    ]);
    await vi.runAllTimersAsync();
    await p;
    expect(at).toEqual([3000, 3500]);
  });
});
