/**
 * Notable events (pure, bounded memory), merged into one chronological timeline:
 *  - threat-tagged events (the threat catalog's `tagEvent`, injected as a Tagger),
 *  - the first call of a principal from each new source IP (after its first IP in the window),
 *  - failed-call bursts (enumeration).
 */
import type { Burst } from './bursts';
import { principalKey } from './bursts';
import type { TrailEvent } from './record';
import { clip } from './text';
import type { Severity, ThreatTag } from './threats/types';

export type Tagger = (e: TrailEvent) => ThreatTag[];

const RANK: Record<Severity, number> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };

export interface TimelineEntry {
  time: string;
  kind: 'threat' | 'new-ip' | 'error-burst';
  what: string;
  event?: string;
  principal?: string;
  sourceIp?: string;
  region?: string;
  error?: string;
  severity?: Severity;
  rule?: string;
  tactic?: string;
  technique?: string;
}

interface Tagged {
  t: number;
  rank: number;
  entry: TimelineEntry;
}

interface FirstIp {
  t: number;
  event: string;
  region: string;
}

const IPISH = /^[0-9a-f:.]+$/i;

export class TimelineCollector {
  private tagged: Tagged[] = [];
  /** Events with at least one tag. */
  taggedTotal = 0;
  /** Tagged events at or above minSeverity (timeline candidates). */
  private timelineTagged = 0;
  private readonly minSeverity: Severity;
  readonly byRule = new Map<string, { count: number; severity: Severity; title: string; tactic: string }>();
  private firstIps = new Map<string, Map<string, FirstIp>>();

  constructor(
    private readonly opts: {
      maxTagged?: number;
      maxPrincipals?: number;
      maxIpsPerPrincipal?: number;
      minSeverity?: Severity;
    } = {},
  ) {
    this.minSeverity = opts.minSeverity ?? 'low';
  }

  /** Records the event's tags (already computed) and its IP; returns nothing. */
  add(e: TrailEvent, tags: readonly ThreatTag[]): void {
    if (tags.length) this.addTagged(e, tags);
    this.addIp(e);
  }

  private addTagged(e: TrailEvent, tags: readonly ThreatTag[]): void {
    this.taggedTotal += 1;
    for (const t of tags) {
      const r = this.byRule.get(t.ruleId);
      if (r) r.count += 1;
      else if (this.byRule.size < 500)
        this.byRule.set(t.ruleId, { count: 1, severity: t.severity, title: clip(t.title, 100), tactic: t.tactic });
    }
    const top = [...tags].sort((a, b) => RANK[b.severity] - RANK[a.severity])[0]!;
    // Informational tags (routine discovery calls) are counted by rule, not put on the timeline.
    if (RANK[top.severity] < RANK[this.minSeverity]) return;
    this.timelineTagged += 1;
    const item: Tagged = {
      t: e.time,
      rank: RANK[top.severity],
      entry: {
        time: new Date(e.time).toISOString(),
        kind: 'threat',
        what: clip(
          `${top.title}${top.detail ? ` (${top.detail})` : ''}${tags.length > 1 ? ` +${tags.length - 1} more tag(s)` : ''}`,
          140,
        ),
        event: clip(e.eventName, 60),
        principal: clip(principalKey(e), 100),
        sourceIp: clip(e.sourceIp, 45),
        region: clip(e.region, 30),
        ...(e.errorCode ? { error: clip(e.errorCode, 60) } : {}),
        severity: top.severity,
        rule: clip(top.ruleId, 60),
        tactic: clip(top.tactic, 40),
        technique: clip(top.technique, 20),
      },
    };
    const max = this.opts.maxTagged ?? 200;
    if (this.tagged.length < max) {
      this.tagged.push(item);
      return;
    }
    // Full: replace the least important (lowest severity, then latest) if this one matters more.
    let worst = 0;
    for (let i = 1; i < this.tagged.length; i++) {
      const a = this.tagged[i]!;
      const w = this.tagged[worst]!;
      if (a.rank < w.rank || (a.rank === w.rank && a.t > w.t)) worst = i;
    }
    const w = this.tagged[worst]!;
    if (item.rank > w.rank || (item.rank === w.rank && item.t < w.t)) this.tagged[worst] = item;
  }

  private addIp(e: TrailEvent): void {
    if (!e.sourceIp || !IPISH.test(e.sourceIp) || !Number.isFinite(e.time)) return;
    const k = principalKey(e);
    let ips = this.firstIps.get(k);
    if (!ips) {
      if (this.firstIps.size >= (this.opts.maxPrincipals ?? 1_000)) return;
      ips = new Map();
      this.firstIps.set(k, ips);
    }
    const cur = ips.get(e.sourceIp);
    if (cur) {
      if (e.time < cur.t) ips.set(e.sourceIp, { t: e.time, event: e.eventName, region: e.region });
    } else if (ips.size < (this.opts.maxIpsPerPrincipal ?? 100))
      ips.set(e.sourceIp, { t: e.time, event: e.eventName, region: e.region });
  }

  /** First use of each IP after the principal's first IP in the window, earliest first. */
  newIps(): TimelineEntry[] {
    const out: { t: number; entry: TimelineEntry }[] = [];
    for (const [principal, ips] of this.firstIps) {
      if (ips.size < 2) continue;
      const sorted = [...ips].sort((a, b) => a[1].t - b[1].t);
      for (const [ip, f] of sorted.slice(1))
        out.push({
          t: f.t,
          entry: {
            time: new Date(f.t).toISOString(),
            kind: 'new-ip',
            what: `first call from ${clip(ip, 45)} (seen before from ${clip(sorted[0]![0], 45)})`,
            event: clip(f.event, 60),
            principal: clip(principal, 100),
            sourceIp: clip(ip, 45),
            region: clip(f.region, 30),
          },
        });
    }
    return out.sort((a, b) => a.t - b.t).map((x) => x.entry);
  }

  /** The chronological timeline, at most `max` entries; more important entries are kept first. */
  timeline(bursts: readonly Burst[], max = 30): { entries: TimelineEntry[]; omitted: number } {
    const burstEntries: TimelineEntry[] = bursts.map((b) => ({
      time: b.start,
      kind: 'error-burst',
      what: clip(
        `${b.count} denied calls in ${Math.max(1, Math.round((Date.parse(b.end) - Date.parse(b.start)) / 60_000))} min (until ${b.end}): ${b.eventNames
          .slice(0, 4)
          .map((n) => `${n.value}×${n.count}`)
          .join(', ')}`,
        200,
      ),
      principal: clip(b.principal, 100),
      sourceIp: clip(b.sourceIps.join(', '), 80),
      error: clip(b.errorCodes.join(', '), 80),
    }));
    const threats = [...this.tagged].sort((a, b) => b.rank - a.rank || a.t - b.t).map((x) => x.entry);
    const newIps = this.newIps();
    const all = burstEntries.length + threats.length + newIps.length;
    // Budget: bursts first (up to a third), a few new IPs, then threats by severity; leftovers to new IPs.
    const picked: TimelineEntry[] = burstEntries.slice(0, Math.ceil(max / 3));
    const ipReserve = Math.min(newIps.length, 8);
    const t = threats.slice(0, Math.max(0, max - picked.length - ipReserve));
    picked.push(...t);
    picked.push(...newIps.slice(0, max - picked.length));
    const omitted = all - picked.length + (this.timelineTagged - this.tagged.length);
    picked.sort((a, b) => a.time.localeCompare(b.time));
    return { entries: picked, omitted };
  }
}
