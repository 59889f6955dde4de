import { describe, expect, it } from 'vitest';
import { BurstDetector } from '../../src/cloudtrail/bursts';
import { normalise } from '../../src/cloudtrail/record';

const at = (iso: string, over: { code?: string; name?: string; arn?: string; ip?: string } = {}) =>
  normalise({
    eventTime: iso,
    eventSource: 'iam.amazonaws.com',
    eventName: over.name ?? 'ListUsers',
    awsRegion: 'us-east-1',
    eventID: `${iso}-${over.name ?? ''}-${over.arn ?? ''}`,
    sourceIPAddress: over.ip ?? '185.220.101.34',
    errorCode: over.code ?? 'AccessDenied',
    userIdentity: {
      type: 'IAMUser',
      arn: over.arn ?? 'arn:aws:iam::123456789012:user/ci-legacy',
      userName: 'ci-legacy',
    },
  });

const minute = (m: number, s = 0) => `2026-11-20T10:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}Z`;

describe('failed-call bursts', () => {
  it('finds ≥10 denied calls within 5 minutes from one principal, whatever the arrival order', () => {
    const d = new BurstDetector();
    const names = ['ListUsers', 'ListRoles', 'DescribeInstances', 'ListSecrets', 'GetSecretValue'];
    const events = Array.from({ length: 12 }, (_, i) =>
      at(minute(i % 4, i * 4), { name: names[i % 5], code: i % 2 ? 'AccessDenied' : 'Client.UnauthorizedOperation' }),
    );
    for (const e of events.reverse()) d.add(e);
    const b = d.bursts();
    expect(b).toHaveLength(1);
    expect(b[0]!.count).toBe(12);
    expect(b[0]!.principal).toBe('arn:aws:iam::123456789012:user/ci-legacy');
    expect(b[0]!.errorCodes.sort()).toEqual(['AccessDenied', 'Client.UnauthorizedOperation']);
    expect(b[0]!.eventNames[0]).toEqual({ value: 'ListRoles', count: 3 });
  });

  it('9 denied calls, or 10 spread over more than 5 minutes, or other errors, are not a burst', () => {
    const nine = new BurstDetector();
    for (let i = 0; i < 9; i++) nine.add(at(minute(i % 5, i)));
    expect(nine.bursts()).toEqual([]);
    const spread = new BurstDetector();
    for (let i = 0; i < 10; i++) spread.add(at(minute(i * 2)));
    expect(spread.bursts()).toEqual([]);
    const other = new BurstDetector();
    for (let i = 0; i < 20; i++) other.add(at(minute(0, i), { code: 'ThrottlingException' }));
    expect(other.bursts()).toEqual([]);
  });

  it('keeps principals apart and separates bursts far apart in time', () => {
    const d = new BurstDetector();
    for (let i = 0; i < 10; i++) d.add(at(minute(1, i)));
    for (let i = 0; i < 10; i++) d.add(at(minute(40, i)));
    for (let i = 0; i < 5; i++) d.add(at(minute(1, i), { arn: 'arn:aws:iam::123456789012:user/bob' }));
    const b = d.bursts();
    expect(b.map((x) => [x.start, x.count])).toEqual([
      ['2026-11-20T10:01:00.000Z', 10],
      ['2026-11-20T10:40:00.000Z', 10],
    ]);
  });

  it('stays bounded', () => {
    const d = new BurstDetector({ maxTracked: 100 });
    for (let i = 0; i < 1000; i++) d.add(at(minute(i % 60, i % 60)));
    expect(d.dropped).toBe(900);
  });
});
