/** The caching every IAM source shares (CachedIamSource): one read per source, a failure not kept. */
import { describe, expect, it } from 'vitest';
import { CachedIamSource, emptySnapshot, type IamSnapshot } from '../../src/iam/snapshot';

describe('CachedIamSource', () => {
  it('reads once: concurrent and later callers share the snapshot', async () => {
    let reads = 0;
    const src = new CachedIamSource('evidence', '123456789012', async () => {
      reads++;
      return emptySnapshot('123456789012', '2026-11-23T09:00:00Z', 'evidence');
    });
    const [a, b] = await Promise.all([src.snapshot(), src.snapshot()]);
    const c = await src.snapshot();
    expect(reads).toBe(1);
    expect(a).toBe(b);
    expect(c).toBe(a);
    expect(src).toMatchObject({ kind: 'evidence', accountId: '123456789012' });
  });

  it('does not keep a failed read: the next caller retries, with its own options', async () => {
    const runs: unknown[] = [];
    let fail = true;
    const src = new CachedIamSource('live', '123456789012', async (run) => {
      runs.push(run);
      if (fail) throw new Error('throttled');
      return emptySnapshot('123456789012', '2026-11-23T09:00:00Z', 'live') as IamSnapshot;
    });
    await expect(src.snapshot()).rejects.toThrow('throttled');
    fail = false;
    const progress = () => {};
    await expect(src.snapshot({ progress })).resolves.toMatchObject({ origin: 'live' });
    expect(runs).toEqual([{}, { progress }]);
  });
});
