/**
 * IP context for CloudTrail's sourceIPAddress (pure): public or private (RFC 1918, CGNAT,
 * loopback, link-local, IPv6 ULA…), AWS service principals (`ec2.amazonaws.com`, "AWS Internal"),
 * and membership in an optional local list of known-bad networks (e.g. Tor exit nodes).
 *
 * sourceIPAddress is attacker-influenced text: anything that does not parse as an address or a
 * service hostname is classed `unknown`, never guessed at.
 */

export type IpKind =
  | 'public'
  | 'private' // RFC 1918
  | 'cgnat' // 100.64.0.0/10 (RFC 6598)
  | 'loopback'
  | 'link-local'
  | 'ula' // IPv6 unique local fc00::/7
  | 'documentation' // TEST-NET-1/2/3, 2001:db8::/32: example data; treated as internet-side
  | 'reserved' // multicast, benchmarking, unspecified, …
  | 'aws-service' // sourceIPAddress is a service principal, e.g. lambda.amazonaws.com
  | 'aws-internal' // "AWS Internal"
  | 'unknown';

export interface IpContext {
  ip: string;
  kind: IpKind;
  version: 4 | 6 | null;
  /** Internet-side (kind public, or a documentation range standing in for one in example data). */
  isPublic: boolean;
  /** Set when the address falls in a known-bad network. */
  knownBad?: { list: string; cidr: string; label?: string };
  /** One short phrase for people ("public IPv4", "AWS service lambda.amazonaws.com"). */
  label: string;
}

/** An address parsed to a number: IPv4 in 32 bits, IPv6 in 128 bits. */
interface Addr {
  version: 4 | 6;
  value: bigint;
}

export interface Cidr {
  version: 4 | 6;
  base: bigint;
  bits: number;
  text: string;
  label?: string;
}

export function parseIPv4(s: string): bigint | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return null;
  let v = 0n;
  for (let i = 1; i <= 4; i++) {
    const n = Number(m[i]);
    if (n > 255 || (m[i]!.length > 1 && m[i]!.startsWith('0'))) return null;
    v = (v << 8n) | BigInt(n);
  }
  return v;
}

export function parseIPv6(input: string): bigint | null {
  let s = input;
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  if (s.length > 45 || !/^[0-9a-fA-F:.]+$/.test(s)) return null;
  // embedded IPv4 (::ffff:1.2.3.4): rewrite the last part as two hex groups
  if (s.includes('.')) {
    const lastColon = s.lastIndexOf(':');
    const v4 = parseIPv4(s.slice(lastColon + 1));
    if (v4 === null || lastColon < 0) return null;
    s = `${s.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const parts = s.split('::');
  if (parts.length > 2) return null;
  const group = (p: string) => (p === '' ? [] : p.split(':'));
  const head = group(parts[0]!);
  const rest = parts.length === 2 ? group(parts[1]!) : [];
  const hex = (g: string) => (/^[0-9a-fA-F]{1,4}$/.test(g) ? BigInt(parseInt(g, 16)) : null);
  const h = head.map(hex);
  const r = rest.map(hex);
  if (h.includes(null) || r.includes(null)) return null;
  const total = h.length + r.length;
  if (parts.length === 1 && total !== 8) return null;
  if (parts.length === 2 && total > 7) return null;
  const groups = [...(h as bigint[]), ...Array(8 - total).fill(0n), ...(r as bigint[])];
  let v = 0n;
  for (const g of groups) v = (v << 16n) | g;
  return v;
}

function parseAddr(s: string): Addr | null {
  const t = s.trim();
  const v4 = parseIPv4(t);
  if (v4 !== null) return { version: 4, value: v4 };
  if (t.includes(':')) {
    const v6 = parseIPv6(t.startsWith('[') && t.endsWith(']') ? t.slice(1, -1) : t);
    if (v6 !== null) return { version: 6, value: v6 };
  }
  return null;
}

/** "10.0.0.0/8", "2001:db8::/32", or a bare address (a /32 or /128). */
export function parseCidr(s: string, label?: string): Cidr | null {
  const [addr, len, ...more] = s.trim().split('/');
  if (more.length || !addr) return null;
  const a = parseAddr(addr);
  if (!a) return null;
  const max = a.version === 4 ? 32 : 128;
  const bits = len === undefined ? max : /^\d{1,3}$/.test(len) ? Number(len) : NaN;
  if (!(bits >= 0 && bits <= max)) return null;
  const shift = BigInt(max - bits);
  const base = (a.value >> shift) << shift;
  return { version: a.version, base, bits, text: `${addr}${len === undefined ? '' : `/${bits}`}`, label };
}

function contains(c: Cidr, a: Addr): boolean {
  if (c.version !== a.version) return false;
  const shift = BigInt((c.version === 4 ? 32 : 128) - c.bits);
  return a.value >> shift === c.base >> shift;
}

const RANGES: [IpKind, string[]][] = [
  ['private', ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']],
  ['cgnat', ['100.64.0.0/10']],
  ['loopback', ['127.0.0.0/8', '::1/128']],
  ['link-local', ['169.254.0.0/16', 'fe80::/10']],
  ['ula', ['fc00::/7']],
  ['reserved', ['0.0.0.0/8', '192.0.0.0/24', '198.18.0.0/15', '224.0.0.0/4', '240.0.0.0/4', '::/128', 'ff00::/8']],
  ['documentation', ['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24', '2001:db8::/32']],
];
const PARSED_RANGES: [IpKind, Cidr][] = RANGES.flatMap(([k, list]) =>
  list.map((c) => [k, parseCidr(c)!] as [IpKind, Cidr]),
);

/** A parsed list of known-bad networks (see src/sources/evidence/known-bad-ips.ts for loading). */
export interface KnownBadList {
  name: string;
  entries: Cidr[];
}

export interface ParsedList {
  list: KnownBadList;
  /** Lines that were not an IP or CIDR (line number and text, bounded). */
  errors: string[];
}

/** One IP or CIDR per line; `#` starts a comment; text after the address on a line is its label. */
export function parseKnownBadList(text: string, name: string): ParsedList {
  const entries: Cidr[] = [];
  const errors: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const hash = raw.indexOf('#');
    const comment = hash >= 0 ? raw.slice(hash + 1).trim() : '';
    const line = (hash >= 0 ? raw.slice(0, hash) : raw).trim();
    if (!line) return;
    const [addr, ...labelParts] = line.split(/[\s,]+/);
    const c = parseCidr(addr!, labelParts.join(' ') || comment || undefined);
    if (c) entries.push(c);
    else if (errors.length < 20) errors.push(`line ${i + 1}: "${line.slice(0, 60)}" is not an IP address or CIDR`);
  });
  return { list: { name, entries }, errors };
}

/** Which known-bad network (if any) holds the address. Linear scan; lists are small (≤ 10⁴). */
export function lookupKnownBad(ip: string, list: KnownBadList | undefined): Cidr | undefined {
  if (!list || list.entries.length === 0) return undefined;
  const a = parseAddr(ip);
  if (!a) return undefined;
  const v = unmapV4(a);
  return list.entries.find((c) => contains(c, v) || contains(c, a));
}

/** ::ffff:a.b.c.d is an IPv4 address. */
function unmapV4(a: Addr): Addr {
  if (a.version === 6 && a.value >> 32n === 0xffffn) return { version: 4, value: a.value & 0xffffffffn };
  return a;
}

const SERVICE = /^[a-z0-9][a-z0-9-]*(\.[a-z0-9-]+)*\.amazonaws\.com(\.cn)?$/i;

export function classifyIp(raw: string, knownBad?: KnownBadList): IpContext {
  const ip = (raw ?? '').trim();
  if (!ip) return { ip, kind: 'unknown', version: null, isPublic: false, label: 'no source IP' };
  if (ip.toLowerCase() === 'aws internal')
    return { ip, kind: 'aws-internal', version: null, isPublic: false, label: 'AWS internal' };
  if (SERVICE.test(ip)) return { ip, kind: 'aws-service', version: null, isPublic: false, label: `AWS service ${ip}` };
  const parsed = parseAddr(ip);
  if (!parsed) return { ip, kind: 'unknown', version: null, isPublic: false, label: 'not an IP address' };
  const a = unmapV4(parsed);
  let kind: IpKind = 'public';
  for (const [k, c] of PARSED_RANGES) {
    if (contains(c, a)) {
      kind = k;
      break;
    }
  }
  const ctx: IpContext = {
    ip,
    kind,
    version: a.version,
    isPublic: kind === 'public' || kind === 'documentation',
    label: kind === 'public' ? `public IPv${a.version}` : `${KIND_LABEL[kind]} IPv${a.version}`,
  };
  const bad = lookupKnownBad(ip, knownBad);
  if (bad) {
    ctx.knownBad = { list: knownBad!.name, cidr: bad.text, label: bad.label };
    ctx.label += ` · known-bad (${bad.label ?? knownBad!.name} ${bad.text})`;
  }
  return ctx;
}

const KIND_LABEL: Record<IpKind, string> = {
  public: 'public',
  private: 'private (RFC 1918)',
  cgnat: 'carrier-grade NAT',
  loopback: 'loopback',
  'link-local': 'link-local',
  ula: 'unique-local',
  documentation: 'documentation-range (example data)',
  reserved: 'reserved',
  'aws-service': 'AWS service',
  'aws-internal': 'AWS internal',
  unknown: 'unknown',
};

/** True when an IP string matches an IP or CIDR filter (e.g. "185.220.101.0/24"). */
export function ipMatches(ip: string, filter: string): boolean {
  const c = parseCidr(filter);
  const a = parseAddr(ip);
  if (!c || !a) return ip.trim() === filter.trim();
  return contains(c, unmapV4(a)) || contains(c, a);
}
