/**
 * runSearch: caps that stop early and say why, de-duplication of overlapping evidence, a failing
 * region that does not sink the others, the question's time budget, and summary counts.
 */
import { describe, expect, it } from 'vitest';
import type { CloudTrailRecord } from '../../src/cloudtrail/record';
import { runSearch } from '../../src/cloudtrail/search';
import type { TrailQuery, TrailSource } from '../../src/cloudtrail/source';
import { testAccount } from '../helpers/context';

const window = { start: new Date('2026-11-20T00:00:00Z'), end: new Date('2026-11-21T00:00:00Z') };

function rec(i: number, region = 'us-east-1', over: Partial<CloudTrailRecord> = {}): CloudTrailRecord {
  return {
    eventTime: new Date(Date.parse('2026-11-20T10:00:00Z') + i * 1000).toISOString(),
    eventSource: 'iam.amazonaws.com',
    eventName: i % 2 ? 'ListUsers' : 'GetUser',
    awsRegion: region,
    eventID: `${region}-${i}`,
    sourceIPAddress: i % 3 ? '203.0.113.10' : '185.220.101.34',
    userAgent: 'aws-cli/2.15.30',
    userIdentity: {
      type: 'IAMUser',
      userName: 'ci-legacy',
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      arn: 'arn:aws:iam::123456789012:user/ci-legacy',
    },
    ...over,
  };
}

class Fake implements TrailSource {
  kind: 'live' | 'evidence' = 'live';
  readonly account = testAccount({ regions: ['us-east-1', 'eu-west-1'] });
  queries: { region: string; q: TrailQuery }[] = [];
  constructor(
    private readonly data: Record<string, CloudTrailRecord[] | Error>,
    private readonly delayMs = 0,
  ) {}
  async *events(region: string, q: TrailQuery, o?: { signal?: AbortSignal }) {
    this.queries.push({ region, q });
    // Evidence sources are read once for every region ("*").
    const d =
      region === '*'
        ? Object.values(this.data).flatMap((x) => (x instanceof Error ? [] : x))
        : (this.data[region] ?? []);
    if (d instanceof Error) throw d;
    for (const r of d) {
      if (o?.signal?.aborted) return;
      if (this.delayMs) await new Promise((res) => setTimeout(res, this.delayMs));
      yield r;
    }
  }
}

const targets = (s: Fake) => [{ account: s.account, source: s, regions: ['us-east-1', 'eu-west-1'] }];

describe('runSearch', () => {
  it('applies client-side filters and counts what it read', async () => {
    const src = new Fake({
      'us-east-1': Array.from({ length: 30 }, (_, i) => rec(i)),
      'eu-west-1': Array.from({ length: 9 }, (_, i) => rec(i, 'eu-west-1')),
    });
    const out = await runSearch({
      targets: targets(src),
      window,
      filters: { sourceIp: '185.220.101.34' },
      maxMatches: 1000,
    });
    expect(out.scanned).toBe(39);
    expect(out.matched).toBe(13);
    expect(out.plan.fullScan).toBe(true);
    expect(out.stoppedBecause).toBeNull();
    expect(src.queries.map((x) => x.q.lookup)).toEqual([undefined, undefined]);
    expect(out.regionsRead.map((r) => [r.region, r.scanned, r.matched])).toEqual([
      ['eu-west-1', 9, 3],
      ['us-east-1', 30, 10],
    ]);
  });

  it('stops at the match cap and says so', async () => {
    const src = new Fake({ 'us-east-1': Array.from({ length: 500 }, (_, i) => rec(i)) });
    const out = await runSearch({
      targets: targets(src),
      window,
      filters: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE' },
      maxMatches: 100,
    });
    expect(out.matched).toBe(100);
    expect(out.summary.total).toBe(100);
    expect(out.stoppedBecause).toBe('it reached the cap of 100 matching events');
    expect(out.warnings).toEqual([]);
  });

  it('stops at the scan cap and says so', async () => {
    const src = new Fake({ 'us-east-1': Array.from({ length: 500 }, (_, i) => rec(i)) });
    const out = await runSearch({
      targets: targets(src),
      window,
      filters: { errorCode: 'any' },
      maxMatches: 100,
      maxScanned: 250,
    });
    expect(out.scanned).toBe(250);
    expect(out.matched).toBe(0);
    expect(out.stoppedBecause).toBe('it read the scan limit of 250 events');
  });

  it('stops when the question runs out of time, keeping what it read', async () => {
    const src = new Fake({ 'us-east-1': Array.from({ length: 1000 }, (_, i) => rec(i)) }, 1);
    const signal = AbortSignal.timeout(30);
    const out = await runSearch({ targets: targets(src), window, filters: {}, maxMatches: 10_000, signal });
    expect(out.stoppedBecause).toBe('the question ran out of time');
    expect(out.matched).toBeGreaterThan(0);
    expect(out.matched).toBeLessThan(1000);
    expect(out.warnings).toEqual([]);
  });

  it('counts an event once when overlapping files hold it twice', async () => {
    const rs = Array.from({ length: 10 }, (_, i) => rec(i));
    const src = new Fake({ 'us-east-1': [...rs, ...rs.slice(0, 4)] });
    const out = await runSearch({ targets: targets(src), window, filters: {}, maxMatches: 1000 });
    expect(out.matched).toBe(10);
    expect(out.duplicates).toBe(4);
  });

  it('a failing region is a warning; the others answer', async () => {
    const src = new Fake({
      'us-east-1': [rec(1)],
      'eu-west-1': new Error('Access denied calling cloudtrail:LookupEvents on region eu-west-1'),
    });
    const out = await runSearch({ targets: targets(src), window, filters: {}, maxMatches: 1000 });
    expect(out.matched).toBe(1);
    expect(out.warnings).toEqual(['prod eu-west-1: Access denied calling cloudtrail:LookupEvents on region eu-west-1']);
    expect(out.regionsRead.find((r) => r.region === 'eu-west-1')).toMatchObject({ ok: false });
  });

  it('runs one live query per pushed-down event name, and one pass over evidence', async () => {
    const src = new Fake({ 'us-east-1': [rec(1)] });
    const out = await runSearch({
      targets: targets(src),
      window,
      filters: { eventNames: ['StopLogging', 'DeleteTrail'] },
      maxMatches: 1000,
    });
    expect(src.queries.filter((x) => x.region === 'us-east-1').map((x) => x.q.lookup)).toEqual([
      { key: 'EventName', value: 'StopLogging' },
      { key: 'EventName', value: 'DeleteTrail' },
    ]);
    expect(out.pushedDown).toBe('EventName=StopLogging | EventName=DeleteTrail');
    const ev = new Fake({ 'us-east-1': [rec(1), rec(2, 'us-east-1', { eventName: 'DeleteTrail' })] });
    ev.kind = 'evidence';
    const o2 = await runSearch({
      targets: targets(ev),
      window,
      filters: { eventNames: ['StopLogging', 'DeleteTrail'] },
      maxMatches: 1000,
    });
    expect(ev.queries.map((x) => [x.region, x.q.lookup])).toEqual([['*', undefined]]);
    expect(o2.matched).toBe(1); // the event-name filter applied here instead
  });
});
