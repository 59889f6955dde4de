import { describe, expect, it } from 'vitest';
import {
  classifyIp,
  ipMatches,
  lookupKnownBad,
  parseCidr,
  parseIPv6,
  parseKnownBadList,
} from '../../src/cloudtrail/ip-context';

describe('classifyIp', () => {
  it.each([
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.255', 'cgnat'],
    ['100.128.0.1', 'public'],
    ['127.0.0.1', 'loopback'],
    ['169.254.169.254', 'link-local'],
    ['::1', 'loopback'],
    ['fe80::1%eth0', 'link-local'],
    ['fd12:3456:789a::1', 'ula'],
    ['fc00::1', 'ula'],
    ['2a05:d018::1', 'public'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:8.8.8.8', 'public'],
    ['185.220.101.34', 'public'],
    ['203.0.113.10', 'documentation'],
    ['2001:db8::5', 'documentation'],
    ['224.0.0.1', 'reserved'],
    ['lambda.amazonaws.com', 'aws-service'],
    ['ec2.amazonaws.com', 'aws-service'],
    ['AWS Internal', 'aws-internal'],
    ['', 'unknown'],
    ['256.1.1.1', 'unknown'],
    ['01.2.3.4', 'unknown'],
    ['evil.amazonaws.com.attacker.net', 'unknown'],
    ['<script>', 'unknown'],
    ['1:2:3:4:5:6:7:8:9', 'unknown'],
  ])('%s → %s', (ip, kind) => {
    expect(classifyIp(ip).kind).toBe(kind);
  });

  it('public and documentation addresses are internet-side; internal ones are not', () => {
    expect(classifyIp('185.220.101.34').isPublic).toBe(true);
    expect(classifyIp('198.51.100.23').isPublic).toBe(true);
    expect(classifyIp('10.20.1.12').isPublic).toBe(false);
    expect(classifyIp('lambda.amazonaws.com').isPublic).toBe(false);
    expect(classifyIp('lambda.amazonaws.com').label).toBe('AWS service lambda.amazonaws.com');
  });
});

describe('known-bad list', () => {
  const { list, errors } = parseKnownBadList(
    [
      '# Tor exits',
      '185.220.101.0/24   tor-exit  # demo',
      '',
      '2001:67c:e60::/48 tor-v6',
      '45.9.148.3',
      'not-an-ip',
      '10.0.0.0/33',
    ].join('\n'),
    'tor.txt',
  );

  it('parses CIDRs, single addresses and labels, and reports bad lines', () => {
    expect(list.entries.map((e) => e.text)).toEqual(['185.220.101.0/24', '2001:67c:e60::/48', '45.9.148.3']);
    expect(list.entries[0]!.label).toBe('tor-exit');
    expect(errors).toEqual([
      'line 6: "not-an-ip" is not an IP address or CIDR',
      'line 7: "10.0.0.0/33" is not an IP address or CIDR',
    ]);
  });

  it('matches members only', () => {
    expect(lookupKnownBad('185.220.101.34', list)?.text).toBe('185.220.101.0/24');
    expect(lookupKnownBad('185.220.102.34', list)).toBeUndefined();
    expect(lookupKnownBad('2001:67c:e60:c0c::1', list)?.label).toBe('tor-v6');
    expect(lookupKnownBad('::ffff:185.220.101.7', list)?.text).toBe('185.220.101.0/24');
    expect(lookupKnownBad('45.9.148.3', list)).toBeDefined();
    expect(lookupKnownBad('45.9.148.4', list)).toBeUndefined();
    const c = classifyIp('185.220.101.34', list);
    expect(c.knownBad).toEqual({ list: 'tor.txt', cidr: '185.220.101.0/24', label: 'tor-exit' });
    expect(c.label).toContain('known-bad');
  });
});

describe('parsing', () => {
  it('IPv6 forms', () => {
    expect(parseIPv6('::')).toBe(0n);
    expect(parseIPv6('::1')).toBe(1n);
    expect(parseIPv6('1::')).toBe(1n << 112n);
    expect(parseIPv6('::ffff:1.2.3.4')).toBe(0xffff01020304n);
    expect(parseIPv6('1:2:3:4:5:6:7:8')).not.toBeNull();
    expect(parseIPv6('1::2::3')).toBeNull();
    expect(parseIPv6('12345::')).toBeNull();
  });
  it('CIDR normalises host bits and ipMatches filters', () => {
    expect(parseCidr('185.220.101.34/24')!.base).toBe(parseCidr('185.220.101.0/24')!.base);
    expect(ipMatches('185.220.101.34', '185.220.101.0/24')).toBe(true);
    expect(ipMatches('185.220.101.34', '185.220.101.34')).toBe(true);
    expect(ipMatches('185.220.100.34', '185.220.101.0/24')).toBe(false);
    expect(ipMatches('lambda.amazonaws.com', 'lambda.amazonaws.com')).toBe(true);
    expect(ipMatches('2001:db8::1', '2001:db8::/32')).toBe(true);
  });
});
