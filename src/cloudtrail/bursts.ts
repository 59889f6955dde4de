/**
 * Failed-call bursts (pure, bounded memory): many AccessDenied / Unauthorized errors from one
 * principal in a short window is what enumeration looks like (an attacker with a stolen key
 * probing what it may do). Default: ≥ 10 denied calls within 5 minutes from the same principal.
 * Events may arrive in any order (LookupEvents pages newest first, regions interleave).
 */
import type { TrailEvent } from './record';

export const DENIED_CODE =
  /AccessDenied|Unauthorized|NotAuthorized|Forbidden|AuthFailure|InvalidClientTokenId|SignatureDoesNotMatch/i;

export interface BurstOptions {
  threshold?: number;
  windowMs?: number;
  /** Failed calls kept in memory for detection (beyond this, detection covers what was kept). */
  maxTracked?: number;
  /** Principals tracked. */
  maxPrincipals?: number;
}

export interface Burst {
  principal: string;
  start: string;
  end: string;
  /** Denied calls in the burst. */
  count: number;
  /** The APIs probed, most frequent first. */
  eventNames: { value: string; count: number }[];
  sourceIps: string[];
  errorCodes: string[];
}

interface Hit {
  t: number;
  name: string;
  ip: string;
  code: string;
}

export function principalKey(e: TrailEvent): string {
  return e.callerArn ?? e.principalArn ?? e.userName ?? e.accessKeyId ?? '(unknown)';
}

export class BurstDetector {
  private readonly byPrincipal = new Map<string, Hit[]>();
  private tracked = 0;
  /** Denied calls seen but not kept (memory bound reached). */
  dropped = 0;
  readonly threshold: number;
  readonly windowMs: number;
  private readonly maxTracked: number;
  private readonly maxPrincipals: number;

  constructor(o: BurstOptions = {}) {
    this.threshold = o.threshold ?? 10;
    this.windowMs = o.windowMs ?? 5 * 60_000;
    this.maxTracked = o.maxTracked ?? 50_000;
    this.maxPrincipals = o.maxPrincipals ?? 2_000;
  }

  add(e: TrailEvent): void {
    if (!e.errorCode || !DENIED_CODE.test(e.errorCode) || !Number.isFinite(e.time)) return;
    const k = principalKey(e);
    let hits = this.byPrincipal.get(k);
    if (!hits) {
      if (this.byPrincipal.size >= this.maxPrincipals || this.tracked >= this.maxTracked) {
        this.dropped += 1;
        return;
      }
      hits = [];
      this.byPrincipal.set(k, hits);
    }
    if (this.tracked >= this.maxTracked) {
      this.dropped += 1;
      return;
    }
    this.tracked += 1;
    hits.push({ t: e.time, name: e.eventName, ip: e.sourceIp, code: e.errorCode });
  }

  /** Merged bursts, earliest first. */
  bursts(): Burst[] {
    const out: Burst[] = [];
    for (const [principal, raw] of this.byPrincipal) {
      if (raw.length < this.threshold) continue;
      const hits = [...raw].sort((a, b) => a.t - b.t);
      let i = 0;
      let cur: { s: number; e: number } | null = null;
      const ranges: { s: number; e: number }[] = [];
      for (let j = 0; j < hits.length; j++) {
        while (hits[j]!.t - hits[i]!.t > this.windowMs) i++;
        if (j - i + 1 < this.threshold) continue;
        if (cur && i <= cur.e) cur.e = j;
        else {
          if (cur) ranges.push(cur);
          cur = { s: i, e: j };
        }
      }
      if (cur) ranges.push(cur);
      for (const r of ranges) {
        const part = hits.slice(r.s, r.e + 1);
        const names = new Map<string, number>();
        for (const h of part) names.set(h.name, (names.get(h.name) ?? 0) + 1);
        out.push({
          principal,
          start: new Date(part[0]!.t).toISOString(),
          end: new Date(part[part.length - 1]!.t).toISOString(),
          count: part.length,
          eventNames: [...names]
            .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
            .slice(0, 8)
            .map(([value, count]) => ({ value, count })),
          sourceIps: [...new Set(part.map((h) => h.ip))].slice(0, 5),
          errorCodes: [...new Set(part.map((h) => h.code))].slice(0, 5),
        });
      }
    }
    return out.sort((a, b) => a.start.localeCompare(b.start));
  }
}
