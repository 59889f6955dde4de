/**
 * A CloudTrail export stopped part-way (the job's time limit, Ctrl-C) names the region as not fully
 * collected: the reader just stops yielding when its signal aborts, so without this check the
 * folder would claim a complete window (a silent false negative for every later question on it).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AwsAccount } from '../../../src/aws/accounts';
import type { CloudTrailRecord } from '../../../src/cloudtrail/record';
import type { TrailSource } from '../../../src/cloudtrail/source';
import { collectRegion } from '../../../src/sources/live/collect-cloudtrail';

const account = { name: 'prod', accountId: '111122223333', regions: ['us-east-1'] } as AwsAccount;
const rec = (i: number): CloudTrailRecord =>
  ({
    eventVersion: '1.09',
    eventTime: new Date(Date.UTC(2026, 10, 20, 12, 0, 0) - i * 60_000).toISOString(),
    eventSource: 'iam.amazonaws.com',
    eventName: 'ListUsers',
    awsRegion: 'us-east-1',
    eventID: `e-${i}`,
  }) as CloudTrailRecord;

/** Yields records until its signal aborts, then returns quietly (as LiveTrailSource does). */
function trail(abortAfter: number, controller?: AbortController): TrailSource {
  return {
    kind: 'live',
    account,
    async *events(_region, _q, o) {
      for (let i = 0; i < 10; i++) {
        if (o?.signal?.aborted) return;
        yield rec(i);
        if (i + 1 === abortAfter) controller?.abort(new Error('cancelled by the user'));
      }
    },
  };
}

const base = () => ({
  account,
  out: mkdtempSync(join(tmpdir(), 'collect-stop-')),
  start: new Date(Date.UTC(2026, 10, 13)),
  end: new Date(Date.UTC(2026, 10, 21)),
});

describe('a stopped CloudTrail export', () => {
  it('names the region as cut short, with the events written before the stop', async () => {
    const c = new AbortController();
    const r = await collectRegion({ ...base(), trail: trail(3, c), signal: c.signal }, 'us-east-1');
    expect(r.events).toBe(3);
    expect(r.error).toBe('stopped before the start of the window was reached (cancelled by the user)');
  });

  it('says the time limit when that is what stopped it', async () => {
    const signal = AbortSignal.abort(new DOMException('timed out', 'TimeoutError'));
    const r = await collectRegion({ ...base(), trail: trail(99), signal }, 'us-east-1');
    expect(r.error).toMatch(/time limit reached/);
  });

  it('near miss: a run that is not stopped is complete', async () => {
    const c = new AbortController();
    const r = await collectRegion({ ...base(), trail: trail(99, c), signal: c.signal }, 'us-east-1');
    expect(r).toMatchObject({ events: 10 });
    expect(r.error).toBeUndefined();
  });
});
