/**
 * Source-IP matching for CloudTrail filters (pure): an IPv4/IPv6 address or CIDR, compared on the
 * address value (so `2001:db8:0::1` equals `2001:db8::1`). CloudTrail's sourceIPAddress may also
 * be a service name (`ec2.amazonaws.com`): that never matches an IP filter.
 */
import { BlockList, isIP } from 'node:net';

export class IpFilterError extends Error {}

/** Throws IpFilterError with what to write instead when `spec` is not an IP or CIDR. */
export function parseIpSpec(spec: string): { address: string; prefix: number | null; family: 4 | 6 } {
  const s = spec.trim();
  const [addr, bits, extra] = s.split('/');
  const fam = isIP(addr ?? '');
  if (!addr || extra !== undefined || (fam !== 4 && fam !== 6))
    throw new IpFilterError(`"${spec}" is not an IP address or CIDR: use e.g. 203.0.113.7, 203.0.113.0/24, 2001:db8::1 or 2001:db8::/32.`);
  if (bits === undefined) return { address: addr, prefix: null, family: fam };
  const max = fam === 4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(bits) || Number(bits) > max)
    throw new IpFilterError(`"${spec}": the prefix length must be 0–${max} for an IPv${fam} network.`);
  return { address: addr, prefix: Number(bits), family: fam };
}

export function ipMatcher(spec: string): (ip: string) => boolean {
  const p = parseIpSpec(spec);
  const type = p.family === 4 ? 'ipv4' : 'ipv6';
  const list = new BlockList();
  if (p.prefix === null) list.addAddress(p.address, type);
  else list.addSubnet(p.address, p.prefix, type);
  return (ip: string) => {
    const fam = isIP(ip);
    if (fam === 0) return false;
    try {
      return list.check(ip, fam === 4 ? 'ipv4' : 'ipv6');
    } catch {
      return false;
    }
  };
}
