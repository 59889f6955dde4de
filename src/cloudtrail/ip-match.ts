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
    throw new IpFilterError(
      `"${spec}" is not an IP address or CIDR: use e.g. 203.0.113.7, 203.0.113.0/24, 2001:db8::1 or 2001:db8::/32.`,
    );
  if (bits === undefined) return { address: addr, prefix: null, family: fam };
  const max = fam === 4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(bits) || Number(bits) > max)
    throw new IpFilterError(`"${spec}": the prefix length must be 0–${max} for an IPv${fam} network.`);
  return { address: addr, prefix: Number(bits), family: fam };
}

/** Dotted IPv4 to an unsigned 32-bit number, or -1 (fast path: no allocation). */
function v4(ip: string): number {
  let n = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < ip.length; i++) {
    const c = ip.charCodeAt(i) - 48;
    if (c >= 0 && c <= 9) {
      if (digits === 1 && part === 0) return -1; // no leading zeros (as net.isIP)
      part = part * 10 + c;
      digits += 1;
      if (digits > 3 || part > 255) return -1;
    } else if (c === -2 && digits > 0 && dots < 3) {
      n = n * 256 + part;
      part = 0;
      digits = 0;
      dots += 1;
    } else return -1;
  }
  if (dots !== 3 || digits === 0) return -1;
  return n * 256 + part;
}

export function ipMatcher(spec: string): (ip: string) => boolean {
  const p = parseIpSpec(spec);
  if (p.family === 4) {
    // Plain IPv4 addresses are compared as numbers (CloudTrail is mostly IPv4); anything else
    // (IPv6, IPv4-mapped IPv6) goes through BlockList below.
    const bits = p.prefix ?? 32;
    const size = 2 ** (32 - bits);
    const base = Math.floor(v4(p.address) / size) * size;
    const slow = blockList(p);
    return (ip: string) => {
      const x = v4(ip);
      if (x >= 0) return x >= base && x < base + size;
      return ip.includes(':') ? slow(ip) : false;
    };
  }
  return blockList(p);
}

function blockList(p: ReturnType<typeof parseIpSpec>): (ip: string) => boolean {
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

/** The key and its string value, plain or inside an embedded JSON string (LookupEvents' CloudTrailEvent). */
const SOURCE_IP_VALUE = /(\\?)"sourceIPAddress\1"\s*:\s*\1"([^"\\]*)(\\"|"|\\)/g;

/**
 * A necessary condition on a record's raw JSON text for its sourceIPAddress to match `spec`: some
 * `"sourceIPAddress": "…"` in the text (or `\"sourceIPAddress\": \"…\"` inside a LookupEvents
 * CloudTrailEvent string) has a value the matcher accepts, or one written with escapes (left to the
 * parser). A text without the key cannot match (an escaped key needs \u, which callers treat as
 * "parse it"). Lets a reader skip parsing records that cannot match.
 */
export function sourceIpTextFilter(spec: string): (text: string) => boolean {
  const m = ipMatcher(spec);
  return (text) => {
    SOURCE_IP_VALUE.lastIndex = 0;
    for (let x = SOURCE_IP_VALUE.exec(text); x; x = SOURCE_IP_VALUE.exec(text)) {
      const embedded = x[1] === '\\';
      const end = x[3]!;
      const complete = embedded ? end === '\\"' : end === '"';
      if (!complete || m(x[2]!)) return true;
    }
    return false;
  };
}

/**
 * The same condition over a whole file's text at once: the positions of every `"sourceIPAddress":
 * "…"` whose value may match (as sourceIpTextFilter decides), in increasing order. A record whose
 * text holds none of them cannot match, so a reader parses only the records around these
 * positions — one regex pass over the file instead of one per record.
 */
export function sourceIpTextPositions(spec: string): (text: string) => number[] {
  const m = ipMatcher(spec);
  return (text) => {
    const out: number[] = [];
    const re = new RegExp(SOURCE_IP_VALUE.source, 'g');
    for (let x = re.exec(text); x; x = re.exec(text)) {
      const embedded = x[1] === '\\';
      const end = x[3]!;
      const complete = embedded ? end === '\\"' : end === '"';
      if (!complete || m(x[2]!)) out.push(x.index);
    }
    return out;
  };
}
