import { describe, expect, it } from 'vitest';
import { compileFilters, planQuery, type TrailFilters, usernameOfArn } from '../../src/cloudtrail/filters';
import { ipMatcher, parseIpSpec } from '../../src/cloudtrail/ip-match';
import { type CloudTrailRecord, normalise } from '../../src/cloudtrail/record';

function rec(over: Partial<CloudTrailRecord> = {}): CloudTrailRecord {
  return {
    eventVersion: '1.08',
    userIdentity: {
      type: 'AssumedRole',
      arn: 'arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Admin_abc/jane.doe@example.com',
      accountId: '123456789012',
      accessKeyId: 'ASIAJANEEXAMPLE00001',
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          arn: 'arn:aws:iam::123456789012:role/AWSReservedSSO_Admin_abc',
          userName: 'AWSReservedSSO_Admin_abc',
        },
      },
    },
    eventTime: '2026-11-20T10:00:00Z',
    eventSource: 'iam.amazonaws.com',
    eventName: 'CreateUser',
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.7',
    userAgent: 'aws-cli/2.15.30 md/distrib#kali.2024',
    eventID: 'e1',
    readOnly: false,
    resources: [{ ARN: 'arn:aws:iam::123456789012:user/backup-admin', type: 'AWS::IAM::User' }],
    recipientAccountId: '123456789012',
    ...over,
  };
}
const e = normalise(rec());
const keep = (f: TrailFilters, r = e) => compileFilters(f)(r);

describe('planQuery: the most selective pushable filter goes to LookupEvents', () => {
  const all: TrailFilters = {
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    eventId: 'e1',
    userName: 'jane',
    resourceName: 'trail',
    eventNames: ['StopLogging'],
    eventSource: 'cloudtrail.amazonaws.com',
    readOnly: false,
    sourceIp: '1.2.3.4',
  };
  const order: [keyof TrailFilters, string][] = [
    ['accessKeyId', 'AccessKeyId'],
    ['eventId', 'EventId'],
    ['userName', 'Username'],
    ['resourceName', 'ResourceName'],
    ['eventNames', 'EventName'],
    ['eventSource', 'EventSource'],
    ['readOnly', 'ReadOnly'],
  ];
  it.each(order.map((o, i) => [o[0], o[1], i] as const))(
    '%s → %s when nothing more selective is given',
    (name, key, i) => {
      const f = Object.fromEntries(
        Object.entries(all).filter(([k]) => !order.slice(0, i).some(([n]) => n === k)),
      ) as TrailFilters;
      const p = planQuery(f);
      expect(p.lookups[0]?.key).toBe(key);
      expect(p.pushedDown).toBe(name);
      expect(p.clientSide).not.toContain(name);
      expect(p.clientSide).toContain('sourceIp');
      expect(p.fullScan).toBe(false);
    },
  );

  it('source IP, error code and user agent alone scan the whole window', () => {
    const p = planQuery({ sourceIp: '185.220.101.0/24', errorCode: 'any', userAgentContains: 'kali' });
    expect(p.lookups).toEqual([undefined]);
    expect(p.fullScan).toBe(true);
    expect(p.clientSide.sort()).toEqual(['errorCode', 'sourceIp', 'userAgentContains']);
    expect(p.notes.join(' ')).toMatch(/every event of the window is read/);
  });

  it('several event names become one EventName query each; too many fall back', () => {
    expect(planQuery({ eventNames: ['StopLogging', 'DeleteTrail', 'StopLogging'] }).lookups).toEqual([
      { key: 'EventName', value: 'StopLogging' },
      { key: 'EventName', value: 'DeleteTrail' },
    ]);
    const many = Array.from({ length: 11 }, (_, i) => `Api${i}`);
    expect(planQuery({ eventNames: many, eventSource: 'iam.amazonaws.com' }).lookups).toEqual([
      { key: 'EventSource', value: 'iam.amazonaws.com' },
    ]);
    expect(planQuery({ eventNames: many }).fullScan).toBe(true);
  });

  it('a role session name and a user or session ARN push down as Username (the ARN still checked here)', () => {
    expect(planQuery({ roleSessionName: 'jane.doe@example.com' }).lookups).toEqual([
      { key: 'Username', value: 'jane.doe@example.com' },
    ]);
    const p = planQuery({ principalArn: 'arn:aws:iam::123456789012:user/ops/ci-legacy' });
    expect(p.lookups).toEqual([{ key: 'Username', value: 'ci-legacy' }]);
    expect(p.clientSide).toEqual(['principalArn']);
    expect(usernameOfArn('arn:aws:sts::123456789012:assumed-role/R/sess-1')).toBe('sess-1');
    // A role ARN has no single Username: scanned (or combined with another pushable filter).
    expect(planQuery({ principalArn: 'arn:aws:iam::123456789012:role/R' }).fullScan).toBe(true);
    expect(
      planQuery({ principalArn: 'arn:aws:iam::123456789012:role/R', eventSource: 'iam.amazonaws.com' }).pushedDown,
    ).toBe('eventSource');
  });
});

describe('client-side filters', () => {
  it('access key, event id', () => {
    expect(keep({ accessKeyId: 'ASIAJANEEXAMPLE00001' })).toBe(true);
    expect(keep({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE' })).toBe(false);
    expect(keep({ eventId: 'e1' })).toBe(true);
    expect(keep({ eventId: 'e2' })).toBe(false);
  });
  it('user name matches the IAM user or the role session name, case-insensitively', () => {
    expect(keep({ userName: 'JANE.DOE@example.com' })).toBe(true);
    expect(keep({ userName: 'AWSReservedSSO_Admin_abc' })).toBe(false); // a role name is not a LookupEvents Username
    const iamUser = normalise(
      rec({
        userIdentity: { type: 'IAMUser', userName: 'ci-legacy', arn: 'arn:aws:iam::123456789012:user/ci-legacy' },
      }),
    );
    expect(keep({ userName: 'ci-legacy' }, iamUser)).toBe(true);
  });
  it('principal ARN matches the role of a session, or the session itself', () => {
    expect(keep({ principalArn: 'arn:aws:iam::123456789012:role/AWSReservedSSO_Admin_abc' })).toBe(true);
    expect(
      keep({ principalArn: 'arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Admin_abc/jane.doe@example.com' }),
    ).toBe(true);
    expect(keep({ principalArn: 'arn:aws:iam::123456789012:role/Other' })).toBe(false);
  });
  it('role session name', () => {
    expect(keep({ roleSessionName: 'jane.doe@example.com' })).toBe(true);
    expect(keep({ roleSessionName: 'jane' })).toBe(false);
  });
  it('event names, source, resource, read-only', () => {
    expect(keep({ eventNames: ['DeleteUser', 'CreateUser'] })).toBe(true);
    expect(keep({ eventNames: ['DeleteUser'] })).toBe(false);
    expect(keep({ eventSource: 'iam.amazonaws.com' })).toBe(true);
    expect(keep({ eventSource: 'sts.amazonaws.com' })).toBe(false);
    expect(keep({ resourceName: 'backup-admin' })).toBe(true);
    expect(keep({ resourceName: 'arn:aws:iam::123456789012:user/backup-admin' })).toBe(true);
    expect(keep({ resourceName: 'admin' })).toBe(false);
    expect(keep({ readOnly: false })).toBe(true);
    expect(keep({ readOnly: true })).toBe(false);
  });
  it('error code: exact (any case) or any', () => {
    const denied = normalise(rec({ errorCode: 'Client.UnauthorizedOperation' }));
    expect(keep({ errorCode: 'any' }, denied)).toBe(true);
    expect(keep({ errorCode: 'any' })).toBe(false);
    expect(keep({ errorCode: 'client.unauthorizedoperation' }, denied)).toBe(true);
    expect(keep({ errorCode: 'AccessDenied' }, denied)).toBe(false);
  });
  it('source IP or CIDR, IPv4 and IPv6; a service name never matches', () => {
    expect(keep({ sourceIp: '203.0.113.7' })).toBe(true);
    expect(keep({ sourceIp: '203.0.113.0/24' })).toBe(true);
    expect(keep({ sourceIp: '203.0.114.0/24' })).toBe(false);
    const v6 = normalise(rec({ sourceIPAddress: '2001:db8:0:0::17' }));
    expect(keep({ sourceIp: '2001:db8::17' }, v6)).toBe(true);
    expect(keep({ sourceIp: '2001:db8::/32' }, v6)).toBe(true);
    expect(keep({ sourceIp: '2001:db9::/32' }, v6)).toBe(false);
    expect(keep({ sourceIp: '203.0.113.0/24' }, v6)).toBe(false);
    expect(keep({ sourceIp: '0.0.0.0/0' }, normalise(rec({ sourceIPAddress: 'ec2.amazonaws.com' })))).toBe(false);
  });
  it('user agent substring, case-insensitive', () => {
    expect(keep({ userAgentContains: 'KALI' })).toBe(true);
    expect(keep({ userAgentContains: 'terraform' })).toBe(false);
  });
  it('filters combine (AND), and a pushed-down filter can be skipped', () => {
    expect(keep({ accessKeyId: 'ASIAJANEEXAMPLE00001', sourceIp: '10.0.0.0/8' })).toBe(false);
    expect(compileFilters({ accessKeyId: 'OTHER', sourceIp: '203.0.113.7' }, ['accessKeyId'])(e)).toBe(true);
  });
});

describe('IP specs', () => {
  it('rejects what is not an IP or CIDR, with an example', () => {
    expect(() => parseIpSpec('185.220.101')).toThrow(/e\.g\. 203\.0\.113\.7/);
    expect(() => parseIpSpec('10.0.0.0/33')).toThrow(/0–32/);
    expect(() => parseIpSpec('2001:db8::/129')).toThrow(/0–128/);
    expect(parseIpSpec('2001:db8::/32')).toEqual({ address: '2001:db8::', prefix: 32, family: 6 });
  });
  it('matches IPv4-mapped IPv6 against an IPv4 network', () => {
    expect(ipMatcher('203.0.113.0/24')('::ffff:203.0.113.9')).toBe(true);
  });
});

describe('IPv4 fast path agrees with BlockList', () => {
  it('on networks of every prefix length and odd inputs', () => {
    const ips = [
      '0.0.0.0',
      '255.255.255.255',
      '203.0.113.7',
      '203.0.112.255',
      '10.1.2.3',
      '1.2.3',
      '1.2.3.4.5',
      '01.2.3.4',
      '256.1.1.1',
      'ec2.amazonaws.com',
      '',
      '::ffff:203.0.113.7',
    ];
    for (const net of [
      '203.0.113.7',
      '203.0.113.0/24',
      '203.0.0.0/16',
      '0.0.0.0/0',
      '10.0.0.0/8',
      '203.0.113.6/31',
      '203.0.113.7/32',
    ]) {
      const m = ipMatcher(net);
      const [addr, bits] = net.split('/');
      const mask = bits === undefined ? 32 : Number(bits);
      const num = (s: string) => s.split('.').reduce((a, b) => a * 256 + Number(b), 0);
      for (const ip of ips) {
        const plain = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(ip);
        const mapped = ip.startsWith('::ffff:') ? ip.slice(7) : null;
        const v = plain ? ip : mapped;
        const want = v !== null && Math.floor(num(v) / 2 ** (32 - mask)) === Math.floor(num(addr!) / 2 ** (32 - mask));
        expect([net, ip, m(ip)]).toEqual([net, ip, want]);
      }
    }
  });
});

describe('plan notes follow the reader', () => {
  it("LookupEvents' notes (pacing, Username, one query per event name) only when LookupEvents is read", () => {
    const cases = [
      { sourceIp: '185.220.101.34' },
      { principalArn: 'arn:aws:iam::123456789012:user/bob' },
      { eventNames: ['StopLogging', 'DeleteTrail'] },
    ];
    for (const f of cases) {
      expect(planQuery(f).notes.join(' ')).toMatch(/LookupEvents/);
      expect(planQuery(f, { lookupEvents: false }).notes).toEqual([]);
      // The plan itself is the same: the evidence reader applies the same lookup client-side.
      expect(planQuery(f, { lookupEvents: false }).lookups).toEqual(planQuery(f).lookups);
    }
  });
});
