/**
 * CIDR parsing for the WAF action (pure): validates IPv4/IPv6 addresses and prefixes, zeroes host
 * bits (203.0.113.77/24 → 203.0.113.0/24), writes IPv6 in RFC 5952 form, and tests containment.
 * A bare address becomes /32 (IPv4) or /128 (IPv6).
 */
import { isIPv4, isIPv6 } from 'node:net';

export interface Cidr {
  version: 4 | 6;
  /** Network address as an integer. */
  network: bigint;
  prefix: number;
  /** Normalised text, e.g. "203.0.113.0/24" or "2001:db8::/32". */
  text: string;
}

export class CidrError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CidrError';
  }
}

/** Narrowest prefix allowed to be blocked (safety: never a huge share of the internet). */
export const MIN_PREFIX = { 4: 8, 6: 16 } as const;

function v4ToBig(ip: string): bigint {
  return ip.split('.').reduce((acc, o) => (acc << 8n) | BigInt(Number(o)), 0n);
}

function v6ToBig(ip: string): bigint {
  let s = ip.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (dotted) {
    const n = v4ToBig(dotted[1]!);
    s = `${s.slice(0, -dotted[1]!.length)}${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const [head, tail] = s.includes('::') ? s.split('::') : [s, undefined];
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  if (groups.length !== 8) throw new CidrError(`"${ip}" is not a valid IPv6 address.`);
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g || '0', 16)), 0n);
}

function v4Text(n: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => ((n >> s) & 0xffn).toString()).join('.');
}

/** RFC 5952: lower case, no leading zeros, the longest run (≥2) of zero groups as "::" (first if tied). */
function v6Text(n: bigint): string {
  const g = Array.from({ length: 8 }, (_, i) => Number((n >> BigInt((7 - i) * 16)) & 0xffffn));
  let best = { start: -1, len: 0 };
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > best.len && j - i >= 2) best = { start: i, len: j - i };
    i = j;
  }
  const hex = g.map((x) => x.toString(16));
  if (best.start < 0) return hex.join(':');
  return `${hex.slice(0, best.start).join(':')}::${hex.slice(best.start + best.len).join(':')}`;
}

export function parseCidr(raw: string): Cidr {
  const s = raw.trim();
  const [addr, pfx, extra] = s.split('/');
  if (extra !== undefined || !addr)
    throw new CidrError(`"${raw}" is not an IP address or CIDR (e.g. 203.0.113.7, 203.0.113.0/24, 2001:db8::/48).`);
  const version = isIPv4(addr) ? 4 : isIPv6(addr) ? 6 : 0;
  if (!version) throw new CidrError(`"${addr}" is not a valid IPv4 or IPv6 address.`);
  const bits = version === 4 ? 32 : 128;
  if (pfx !== undefined && !/^\d{1,3}$/.test(pfx)) throw new CidrError(`"/${pfx}" is not a prefix length (0-${bits}).`);
  const prefix = pfx === undefined ? bits : Number(pfx);
  if (prefix > bits) throw new CidrError(`/${prefix} is too long for IPv${version} (at most /${bits}).`);
  if (prefix < MIN_PREFIX[version])
    throw new CidrError(
      `/${prefix} is too wide to block: IPv${version} ranges must be /${MIN_PREFIX[version]} or narrower (e.g. /32 for one IPv4 address).`,
    );
  const value = version === 4 ? v4ToBig(addr) : v6ToBig(addr);
  const mask = ((1n << BigInt(bits)) - 1n) ^ ((1n << BigInt(bits - prefix)) - 1n);
  const network = value & mask;
  return { version, network, prefix, text: `${version === 4 ? v4Text(network) : v6Text(network)}/${prefix}` };
}

/** True when `outer` contains `inner` (same version, shorter-or-equal prefix, same network bits). */
export function contains(outer: Cidr, inner: Cidr): boolean {
  if (outer.version !== inner.version || outer.prefix > inner.prefix) return false;
  const bits = outer.version === 4 ? 32 : 128;
  const shift = BigInt(bits - outer.prefix);
  return outer.network >> shift === inner.network >> shift;
}

/** Parses a WAF IP set entry leniently (entries written by others); undefined when unparseable. */
export function tryParse(raw: string): Cidr | undefined {
  try {
    const [addr, pfx] = raw.trim().split('/');
    const version = isIPv4(addr ?? '') ? 4 : 6;
    const bits = version === 4 ? 32 : 128;
    const p = pfx === undefined ? bits : Number(pfx);
    const value = version === 4 ? v4ToBig(addr!) : v6ToBig(addr!);
    const mask = ((1n << BigInt(bits)) - 1n) ^ ((1n << BigInt(bits - p)) - 1n);
    return { version, network: value & mask, prefix: p, text: raw };
  } catch {
    return undefined;
  }
}
