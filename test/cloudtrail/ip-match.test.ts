/**
 * The source-IP text pre-filter lets the evidence reader skip parsing records that cannot match:
 * it must never say "cannot match" for a record the real matcher would accept.
 */
import { describe, expect, it } from 'vitest';
import { ipMatcher, sourceIpTextFilter } from '../../src/cloudtrail/ip-match';

const rec = (ip: string, extra = '') => `{"eventName":"GetObject",${extra}"sourceIPAddress":${JSON.stringify(ip)}}`;

describe('sourceIpTextFilter', () => {
  it('passes every address the matcher accepts, in each way CloudTrail or an export writes it', () => {
    const f = sourceIpTextFilter('185.220.101.0/24');
    expect(f(rec('185.220.101.34'))).toBe(true);
    expect(f(rec('::ffff:185.220.101.34'))).toBe(true);
    expect(f(rec('::ffff:b9dc:6522'))).toBe(ipMatcher('185.220.101.0/24')('::ffff:b9dc:6522'));
    expect(f('{ "sourceIPAddress" :  "185.220.101.7" }')).toBe(true);
    // A value written with escapes is left to the parser.
    expect(f('{"sourceIPAddress":"185.220.101.\\u0033"}')).toBe(true);
    // Inside a LookupEvents CloudTrailEvent string.
    expect(f(JSON.stringify({ EventId: 'x', CloudTrailEvent: rec('185.220.101.34') }))).toBe(true);
    expect(f(JSON.stringify({ EventId: 'x', CloudTrailEvent: rec('ab\\"c') }))).toBe(true);
    // Duplicate keys: JSON.parse keeps the last, so any occurrence passes.
    expect(f(`{"sourceIPAddress":"10.0.0.1","sourceIPAddress":"185.220.101.9"}`)).toBe(true);
  });

  it('IPv6 networks compare on the address value, not its spelling', () => {
    const f = sourceIpTextFilter('2001:db8::/32');
    expect(f(rec('2001:0db8:0:0::1'))).toBe(true);
    expect(f(rec('2001:db9::1'))).toBe(false);
  });

  it('near misses: a neighbouring network, a service name, the address elsewhere in the record', () => {
    const f = sourceIpTextFilter('185.220.101.0/24');
    expect(f(rec('185.220.102.34'))).toBe(false);
    expect(f(rec('ec2.amazonaws.com'))).toBe(false);
    expect(f(rec('10.0.0.1', '"requestParameters":{"ip":"185.220.101.34"},'))).toBe(false);
    expect(f('{"eventName":"GetObject"}')).toBe(false);
    expect(f(JSON.stringify({ EventId: 'x', CloudTrailEvent: rec('185.220.102.34') }))).toBe(false);
  });

  it('agrees with the matcher on every address of a sweep', () => {
    const spec = '203.0.112.0/22';
    const f = sourceIpTextFilter(spec);
    const m = ipMatcher(spec);
    for (let a = 108; a < 120; a++)
      for (let b = 0; b < 256; b += 17) {
        const ip = `203.0.${a}.${b}`;
        expect(f(rec(ip))).toBe(m(ip));
      }
  });
});
