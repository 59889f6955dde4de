/** Hourly activity of a search (the timeline chart's data): per principal, or per IP for one principal. */
import { describe, expect, it } from 'vitest';
import { HourlyActivity, mergeActivity, OTHER_SERIES } from '../../src/cloudtrail/activity';
import { normalise } from '../../src/cloudtrail/record';
import type { TimelineEntry } from '../../src/cloudtrail/timeline';
import { timeDomain, timelineChartInput } from '../../src/charts/activity-timeline';

const event = (time: string, user: string, ip: string) =>
  normalise({
    eventVersion: '1.08',
    eventID: `${time}-${user}-${ip}`,
    eventTime: time,
    eventName: 'GetCallerIdentity',
    eventSource: 'sts.amazonaws.com',
    awsRegion: 'us-east-1',
    sourceIPAddress: ip,
    userAgent: 'aws-cli/2.15.30',
    recipientAccountId: '123456789012',
    userIdentity: {
      type: 'IAMUser',
      arn: `arn:aws:iam::123456789012:user/${user}`,
      accountId: '123456789012',
      userName: user,
      principalId: 'AIDAEXAMPLE',
    },
  } as never);

const threat = (time: string, o: Partial<TimelineEntry>): TimelineEntry => ({
  time,
  kind: 'threat',
  what: 'AdministratorAccess attached',
  severity: 'critical',
  rule: 'iam-admin-attached',
  ...o,
});

describe('hourly activity', () => {
  it('counts events per hour per principal, busiest first kept, the rest folded into (other)', () => {
    const a = new HourlyActivity();
    for (let i = 0; i < 5; i++) a.add(event(`2026-11-20T10:0${i}:00Z`, 'alice', '203.0.113.10'));
    a.add(event('2026-11-20T11:30:00Z', 'alice', '203.0.113.10'));
    for (let i = 0; i < 3; i++) a.add(event(`2026-11-20T10:1${i}:00Z`, 'bob', '185.220.101.34'));
    a.add(event('2026-11-20T10:20:00Z', 'carol', '198.51.100.7'));
    const r = a.result(
      [
        threat('2026-11-20T10:12:00.000Z', { principal: 'arn:aws:iam::123456789012:user/bob' }),
        threat('2026-11-20T10:20:00.000Z', { principal: 'arn:aws:iam::123456789012:user/carol', severity: 'high' }),
        { time: '2026-11-20T10:00:00.000Z', kind: 'new-ip', what: 'first call from a new IP' },
      ],
      2,
    );
    expect(r.by).toBe('principal');
    expect(r.folded).toBe(1);
    expect(r.buckets).toEqual([
      { hour: '2026-11-20T10:00:00.000Z', series: OTHER_SERIES, count: 1 },
      { hour: '2026-11-20T10:00:00.000Z', series: 'arn:aws:iam::123456789012:user/alice', count: 5 },
      { hour: '2026-11-20T10:00:00.000Z', series: 'arn:aws:iam::123456789012:user/bob', count: 3 },
      { hour: '2026-11-20T11:00:00.000Z', series: 'arn:aws:iam::123456789012:user/alice', count: 1 },
    ]);
    // Only tagged rows are marks, each on its (possibly folded) series.
    expect(r.marks).toEqual([
      {
        time: '2026-11-20T10:12:00.000Z',
        series: 'arn:aws:iam::123456789012:user/bob',
        label: 'iam-admin-attached',
        severity: 'critical',
      },
      { time: '2026-11-20T10:20:00.000Z', series: OTHER_SERIES, label: 'iam-admin-attached', severity: 'high' },
    ]);
  });

  it('draws one principal by source IP (the "what did this key do?" chart)', () => {
    const a = new HourlyActivity();
    a.add(event('2026-11-20T09:10:00Z', 'ci-legacy', '203.0.113.10'));
    a.add(event('2026-11-20T10:02:00Z', 'ci-legacy', '185.220.101.34'));
    a.add(event('2026-11-20T10:22:00Z', 'ci-legacy', '185.220.101.34'));
    const r = a.result([threat('2026-11-20T10:22:00.000Z', { sourceIp: '185.220.101.34' })], 6, {
      start: new Date('2026-11-16T09:00:00Z'),
      end: new Date('2026-11-23T09:00:00Z'),
    });
    expect(r.by).toBe('sourceIp');
    expect(r.buckets).toEqual([
      { hour: '2026-11-20T09:00:00.000Z', series: '203.0.113.10', count: 1 },
      { hour: '2026-11-20T10:00:00.000Z', series: '185.220.101.34', count: 2 },
    ]);
    expect(r.marks[0]!.series).toBe('185.220.101.34');
    expect(r.window).toEqual({ start: '2026-11-16T09:00:00.000Z', end: '2026-11-23T09:00:00.000Z' });
    const input = timelineChartInput(r, 'what did AKIAIOSFODNN7EXAMPLE do?');
    expect(input.title).toBe('CloudTrail events per hour by source IP (3 events; ▼ 1 tagged)');
    expect(input.subtitle).toBe('what did AKIAIOSFODNN7EXAMPLE do?');
    expect(input.seriesTitle).toBe('source IP');
    // The axis is the searched week, not just the busy hours.
    expect(timeDomain(input)).toEqual([Date.parse('2026-11-16T09:00:00Z'), Date.parse('2026-11-23T09:00:00Z')]);
  });

  it('widens a single busy hour to a day, and merges several searches', () => {
    const hour = '2026-11-20T10:00:00.000Z';
    const one = { by: 'principal' as const, buckets: [{ hour, series: 'a', count: 2 }], marks: [], folded: 0 };
    const [start, end] = timeDomain(one);
    expect(end - start).toBe(86_400_000);
    expect(start).toBeLessThanOrEqual(Date.parse(hour));
    const merged = mergeActivity([
      one,
      {
        ...one,
        buckets: [
          { hour, series: 'a', count: 3 },
          { hour, series: 'b', count: 1 },
        ],
        folded: 2,
      },
    ])!;
    expect(merged.buckets).toEqual([
      { hour, series: 'a', count: 5 },
      { hour, series: 'b', count: 1 },
    ]);
    expect(merged.folded).toBe(2);
    expect(mergeActivity([])).toBeUndefined();
  });
});
