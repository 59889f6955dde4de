import { describe, expect, it } from 'vitest';
import { contains, parseCidr, tryParse } from '../../src/remediation/cidr';

describe('parseCidr', () => {
  it('normalises IPv4: bare address → /32, host bits zeroed', () => {
    expect(parseCidr('203.0.113.45').text).toBe('203.0.113.45/32');
    expect(parseCidr(' 203.0.113.77/24 ').text).toBe('203.0.113.0/24');
    expect(parseCidr('10.1.2.3/8').text).toBe('10.0.0.0/8');
  });
  it('normalises IPv6 to RFC 5952', () => {
    expect(parseCidr('2001:0DB8:0000:0000:0000:0000:0000:0001').text).toBe('2001:db8::1/128');
    expect(parseCidr('2001:db8:abcd:12:ffff::1/48').text).toBe('2001:db8:abcd::/48');
    expect(parseCidr('2001:db8:0:0:1:0:0:1').text).toBe('2001:db8::1:0:0:1/128');
    expect(parseCidr('::ffff:192.0.2.1').text).toBe('::ffff:c000:201/128');
    expect(parseCidr('fe80::/64').text).toBe('fe80::/64');
  });
  it('rejects invalid addresses, prefixes and too-wide ranges', () => {
    expect(() => parseCidr('256.1.1.1')).toThrow(/not a valid IPv4 or IPv6/);
    expect(() => parseCidr('1.2.3.4/33')).toThrow(/too long for IPv4/);
    expect(() => parseCidr('1.2.3.4/-1')).toThrow(/not a prefix length/);
    expect(() => parseCidr('0.0.0.0/0')).toThrow(/too wide/);
    expect(() => parseCidr('1.2.3.4/7')).toThrow(/too wide/);
    expect(() => parseCidr('2001:db8::/15')).toThrow(/too wide/);
    expect(() => parseCidr('1.2.3.4/24/1')).toThrow(/not an IP address or CIDR/);
    expect(() => parseCidr('example.com')).toThrow(/not a valid/);
  });
  it('tests containment', () => {
    expect(contains(parseCidr('198.51.100.0/24'), parseCidr('198.51.100.9'))).toBe(true);
    expect(contains(parseCidr('198.51.100.0/24'), parseCidr('198.51.101.9'))).toBe(false);
    expect(contains(parseCidr('2001:db8::/32'), parseCidr('2001:db8:1::5'))).toBe(true);
    expect(contains(parseCidr('2001:db8::/32'), parseCidr('198.51.100.9'))).toBe(false);
    expect(contains(tryParse('203.0.113.45/32')!, parseCidr('203.0.113.45'))).toBe(true);
  });
});
