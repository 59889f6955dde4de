/**
 * Notable events (pure, bounded memory), merged into one chronological timeline:
 *  - threat-tagged events (the threat catalog's `tagEvent`, injected as a Tagger), identical tags
 *    collapsed into one row with a count and first/last time;
 *  - what is new for a principal: a source IP, user agent or region first used after the
 *    principal's baseline (the values it used in its first hour in the data read);
 *  - failed-call bursts (enumeration).
 * Discovery tags on calls that match the principal's own baseline (same IP and user agent) are not
 * put on the timeline: a nightly Terraform run listing IAM is not enumeration. Truncation drops
 * the least severe rows first and counts what it dropped per severity; critical and high rows are
 * never dropped to make room for anything else.
 */
import type { Burst } from './bursts';
import { principalKey } from './bursts';
import type { TrailEvent } from './record';
import { clip } from './text';
import { KNOWN_BAD_RULE_ID } from './threats/tag';
import type { Severity, ThreatTag } from './threats/types';

export type Tagger = (e: TrailEvent) => ThreatTag[];

const RANK: Record<Severity, number> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };

/** A principal's baseline: the values it used within this long of its first call in the data read. */
export const BASELINE_MS = 60 * 60_000;

export type NewDimension = 'sourceIp' | 'userAgent' | 'region';

export interface TimelineEntry {
  /** First occurrence. */
  time: string;
  /** Last occurrence, for a collapsed row (count > 1). */
  last?: string;
  /** Events collapsed into this row, when more than one. */
  count?: number;
  kind: 'threat' | 'new-ip' | 'new-user-agent' | 'new-region' | 'error-burst';
  what: string;
  event?: string;
  principal?: string;
  accessKeyId?: string;
  session?: string;
  sourceIp?: string;
  userAgent?: string;
  region?: string;
  error?: string;
  severity?: Severity;
  rule?: string;
  /** The technique's first tactic (see `tactics` for all of them). */
  tactic?: string;
  tactics?: string[];
  technique?: string;
  /** Values of this row that are new for its principal (not in its baseline). */
  new?: NewDimension[];
}

/** Rows left out of the timeline, by what they were. */
export interface Omitted {
  critical: number;
  high: number;
  medium: number;
  low: number;
  newForPrincipal: number;
  bursts: number;
}

export function noneOmitted(): Omitted {
  return { critical: 0, high: 0, medium: 0, low: 0, newForPrincipal: 0, bursts: 0 };
}

export function omittedTotal(o: Omitted): number {
  return o.critical + o.high + o.medium + o.low + o.newForPrincipal + o.bursts;
}

interface Row {
  entry: TimelineEntry;
  first: number;
  last: number;
  count: number;
  rank: number;
  discovery: boolean;
  principal: string;
  ip: string;
  ua: string;
  /** Known-bad-address rows (one per principal, address, user agent): the APIs called (≤ 100). */
  events: Set<string>;
  /** …and the one called first. */
  firstEvent: string;
}

interface Seen {
  t: number;
  event: string;
  region: string;
  ip: string;
}

/** What the data read says about one principal: who it is, and when it first used each value. */
export interface PrincipalProfile {
  principal: string;
  name: string | null;
  count: number;
  first: number;
  last: number;
  accessKeyIds: Set<string>;
  sessions: Set<string>;
  values: Record<NewDimension, Map<string, Seen>>;
  criticalOrHigh: number;
}

export interface WhoEntry {
  principal: string;
  name?: string;
  accessKeyIds: string[];
  sessions: string[];
  events: number;
  firstSeen: string;
  lastSeen: string;
  /** Critical or high threat tags on this principal's calls. */
  criticalOrHigh: number;
  /** Values first used after this principal's baseline, earliest first. */
  new: { dimension: NewDimension; value: string; firstSeen: string; event: string }[];
}

const IPISH = /^[0-9a-f:.]+$/i;
const MAX_VALUES = 100;

export interface TimelineOptions {
  /** Threat rows kept while collecting (least severe evicted first, and counted). */
  maxRows?: number;
  maxPrincipals?: number;
  /** Tags below this severity are counted by rule but not put on the timeline. Default low. */
  minSeverity?: Severity;
}

export class TimelineCollector {
  private rows = new Map<string, Row>();
  /** Events with at least one tag. */
  taggedTotal = 0;
  readonly byRule = new Map<string, { count: number; severity: Severity; title: string; tactic: string }>();
  private readonly profiles = new Map<string, PrincipalProfile>();
  /** Rows evicted while collecting (memory bound), by severity. */
  private readonly evicted = noneOmitted();
  private readonly minSeverity: Severity;

  constructor(private readonly opts: TimelineOptions = {}) {
    this.minSeverity = opts.minSeverity ?? 'low';
  }

  /** Records the event's tags (already computed) and its principal's profile. */
  add(e: TrailEvent, tags: readonly ThreatTag[]): void {
    this.addProfile(e, tags);
    if (tags.length) this.addTagged(e, tags);
  }

  private addTagged(e: TrailEvent, tags: readonly ThreatTag[]): void {
    this.taggedTotal += 1;
    for (const t of tags) {
      const r = this.byRule.get(t.ruleId);
      if (r) {
        r.count += 1;
        if (RANK[t.severity] > RANK[r.severity]) r.severity = t.severity;
        // The rule's title is its successful form once one call succeeded (not "Attempted: …").
        if (r.title.startsWith('Attempted:') && !t.title.startsWith('Attempted:')) r.title = clip(t.title, 100);
      } else if (this.byRule.size < 500)
        this.byRule.set(t.ruleId, { count: 1, severity: t.severity, title: clip(t.title, 100), tactic: t.tactic });
    }
    const sorted = [...tags].sort((a, b) => RANK[b.severity] - RANK[a.severity]);
    // A call from a known-bad network that also matches a catalog rule (≥ medium) is shown as that
    // rule, at the worse of the two severities: "IAM user created" from a Tor exit stays on the timeline.
    const specific = sorted.find((x) => x.ruleId !== KNOWN_BAD_RULE_ID && RANK[x.severity] >= RANK.medium);
    const top =
      specific && specific !== sorted[0] ? { ...specific, severity: sorted[0]!.severity } : (sorted[0] as ThreatTag);
    // Informational tags (routine calls) are counted by rule, not put on the timeline.
    if (RANK[top.severity] < RANK[this.minSeverity]) return;
    const principal = principalKey(e);
    const ua = clip(e.userAgent, 80);
    // Calls from a known-bad network whose worst tag is that one are one row per principal, address
    // and user agent (whatever the API): 14 calls from a Tor exit are one row with a count.
    const byAddress = top.ruleId === KNOWN_BAD_RULE_ID;
    const what = `${top.title}${top.detail ? ` (${top.detail})` : ''}${!byAddress && tags.length > 1 ? ` +${tags.length - 1} more tag(s)` : ''}`;
    const key = [
      top.ruleId,
      what,
      principal,
      byAddress ? '' : e.eventName,
      e.sourceIp,
      ua,
      byAddress ? (e.errorCode ?? '') : '',
    ].join('\u0000');
    const t = Number.isFinite(e.time) ? e.time : 0;
    const row = this.rows.get(key);
    if (row) {
      row.count += 1;
      if (byAddress && row.events.size < 100) row.events.add(e.eventName);
      if (byAddress && t < row.first) row.firstEvent = e.eventName;
      if (byAddress)
        row.entry.event = clip(`${row.firstEvent}${row.events.size > 1 ? ` +${row.events.size - 1} more` : ''}`, 60);
      if (t < row.first) row.first = t;
      if (t > row.last) row.last = t;
      return;
    }
    const fresh: Row = {
      events: new Set([e.eventName]),
      firstEvent: e.eventName,
      first: t,
      last: t,
      count: 1,
      rank: RANK[top.severity],
      discovery: top.tactic === 'Discovery' && RANK[top.severity] <= RANK.low,
      principal,
      ip: e.sourceIp,
      ua: e.userAgent,
      entry: {
        time: '',
        kind: 'threat',
        what: clip(what, 140),
        event: clip(e.eventName, 60),
        principal: clip(principal, 100),
        ...(e.accessKeyId ? { accessKeyId: clip(e.accessKeyId, 32) } : {}),
        ...(e.sessionName ? { session: clip(e.sessionName, 64) } : {}),
        sourceIp: clip(e.sourceIp, 45),
        region: clip(e.region, 30),
        ...(e.errorCode ? { error: clip(e.errorCode, 60) } : {}),
        severity: top.severity,
        rule: clip(top.ruleId, 60),
        tactic: clip(top.tactic, 40),
        ...(top.tactics?.length ? { tactics: top.tactics.map((x) => clip(x.name, 40)) } : {}),
        technique: clip(top.technique, 20),
      },
    };
    if (this.rows.size < (this.opts.maxRows ?? 2_000)) {
      this.rows.set(key, fresh);
      return;
    }
    // Full: evict the least important row (lowest severity, then latest) if this one matters more.
    let worstKey: string | undefined;
    let worst: Row | undefined;
    for (const [k, r] of this.rows)
      if (!worst || r.rank < worst.rank || (r.rank === worst.rank && r.first > worst.first)) {
        worst = r;
        worstKey = k;
      }
    if (worst && (fresh.rank > worst.rank || (fresh.rank === worst.rank && fresh.first < worst.first))) {
      this.rows.delete(worstKey!);
      this.rows.set(key, fresh);
      this.countOmitted(this.evicted, worst.entry.severity!, worst.count);
    } else this.countOmitted(this.evicted, fresh.entry.severity!, 1);
  }

  private countOmitted(o: Omitted, s: Severity, n: number): void {
    if (s === 'critical' || s === 'high' || s === 'medium' || s === 'low') o[s] += n;
  }

  private addProfile(e: TrailEvent, tags: readonly ThreatTag[]): void {
    if (!Number.isFinite(e.time)) return;
    const k = principalKey(e);
    let p = this.profiles.get(k);
    if (!p) {
      if (this.profiles.size >= (this.opts.maxPrincipals ?? 1_000)) return;
      p = {
        principal: k,
        name: e.userName,
        count: 0,
        first: e.time,
        last: e.time,
        accessKeyIds: new Set(),
        sessions: new Set(),
        values: { sourceIp: new Map(), userAgent: new Map(), region: new Map() },
        criticalOrHigh: 0,
      };
      this.profiles.set(k, p);
    }
    p.count += 1;
    if (e.time < p.first) p.first = e.time;
    if (e.time > p.last) p.last = e.time;
    if (e.accessKeyId && p.accessKeyIds.size < 5) p.accessKeyIds.add(e.accessKeyId);
    if (e.sessionName && p.sessions.size < 5) p.sessions.add(e.sessionName);
    if (tags.some((t) => RANK[t.severity] >= RANK.high)) p.criticalOrHigh += 1;
    const seen = { t: e.time, event: e.eventName, region: e.region, ip: e.sourceIp };
    if (e.sourceIp && IPISH.test(e.sourceIp)) note(p.values.sourceIp, e.sourceIp, seen);
    if (e.userAgent) note(p.values.userAgent, clip(e.userAgent, 120), seen);
    if (e.region) note(p.values.region, e.region, seen);
  }

  /** Whether `value` is in the principal's baseline (or the principal is not profiled). */
  private inBaseline(principal: string, dim: NewDimension, value: string): boolean {
    const p = this.profiles.get(principal);
    const v = p?.values[dim].get(dim === 'userAgent' ? clip(value, 120) : value);
    return !p || !v || v.t <= p.first + BASELINE_MS;
  }

  /** Values first used after each principal's baseline, earliest first. */
  newForPrincipals(): TimelineEntry[] {
    const out: { t: number; entry: TimelineEntry }[] = [];
    const kinds = { sourceIp: 'new-ip', userAgent: 'new-user-agent', region: 'new-region' } as const;
    const words = { sourceIp: 'source IP', userAgent: 'user agent', region: 'region' } as const;
    for (const p of this.profiles.values()) {
      for (const dim of ['sourceIp', 'userAgent', 'region'] as const) {
        const m = p.values[dim];
        if (m.size < 2) continue;
        const base = [...m].filter(([, s]) => s.t <= p.first + BASELINE_MS).map(([v]) => v);
        for (const [value, s] of m) {
          if (s.t <= p.first + BASELINE_MS) continue;
          out.push({
            t: s.t,
            entry: {
              time: new Date(s.t).toISOString(),
              kind: kinds[dim],
              what: clip(
                `first call from a new ${words[dim]} ${value} (before: ${base.slice(0, 2).join(', ') || 'none'})`,
                200,
              ),
              event: clip(s.event, 60),
              principal: clip(p.principal, 100),
              sourceIp: clip(s.ip, 45),
              region: clip(s.region, 30),
              ...(dim === 'userAgent' ? { userAgent: clip(value, 80) } : {}),
              new: [dim],
            },
          });
        }
      }
    }
    return out.sort((a, b) => a.t - b.t).map((x) => x.entry);
  }

  /** The principals of the data read, the ones with new values or critical/high tags first. */
  who(max = 5): WhoEntry[] {
    const news = new Map<string, WhoEntry['new']>();
    for (const e of this.newForPrincipals()) {
      const list = news.get(e.principal!) ?? [];
      const dim = e.new![0]!;
      const value = dim === 'sourceIp' ? e.sourceIp! : dim === 'region' ? e.region! : e.userAgent!;
      if (list.length < 4) list.push({ dimension: dim, value, firstSeen: e.time, event: e.event ?? '' });
      news.set(e.principal!, list);
    }
    return [...this.profiles.values()]
      .map((p) => ({ p, n: news.get(clip(p.principal, 100)) ?? [] }))
      .sort(
        (a, b) =>
          Number(b.p.criticalOrHigh > 0 || b.n.length > 0) - Number(a.p.criticalOrHigh > 0 || a.n.length > 0) ||
          b.p.count - a.p.count ||
          a.p.principal.localeCompare(b.p.principal),
      )
      .slice(0, max)
      .map(({ p, n }) => ({
        principal: clip(p.principal, 100),
        ...(p.name ? { name: clip(p.name, 64) } : {}),
        accessKeyIds: [...p.accessKeyIds].slice(0, 3).map((x) => clip(x, 32)),
        sessions: [...p.sessions].slice(0, 3).map((x) => clip(x, 64)),
        events: p.count,
        firstSeen: new Date(p.first).toISOString(),
        lastSeen: new Date(p.last).toISOString(),
        criticalOrHigh: p.criticalOrHigh,
        new: n,
      }));
  }

  /** Threat rows, collapsed; discovery on the principal's own baseline is left out and counted. */
  threatRows(): { rows: TimelineEntry[]; baselineDiscovery: number; baselineByRule: Map<string, number> } {
    const rows: TimelineEntry[] = [];
    let baselineDiscovery = 0;
    const baselineByRule = new Map<string, number>();
    for (const r of this.rows.values()) {
      const newDims: NewDimension[] = [];
      if (r.ip && !this.inBaseline(r.principal, 'sourceIp', r.ip)) newDims.push('sourceIp');
      if (r.ua && !this.inBaseline(r.principal, 'userAgent', r.ua)) newDims.push('userAgent');
      if (r.discovery && newDims.length === 0) {
        baselineDiscovery += r.count;
        const rule = r.entry.rule ?? '';
        baselineByRule.set(rule, (baselineByRule.get(rule) ?? 0) + r.count);
        continue;
      }
      rows.push({
        ...r.entry,
        ...escalate(r, newDims),
        time: new Date(r.first).toISOString(),
        ...(r.count > 1 ? { last: new Date(r.last).toISOString(), count: r.count } : {}),
        ...(newDims.length ? { new: newDims } : {}),
      });
    }
    return { rows, baselineDiscovery, baselineByRule };
  }

  /**
   * The chronological timeline: every critical and high row (up to `hardMax`), then bursts, what is
   * new for a principal, medium and low rows while `max` allows. Says what it left out, by kind.
   */
  timeline(
    bursts: readonly Burst[],
    max = 40,
    hardMax = 200,
  ): { entries: TimelineEntry[]; omitted: Omitted; baselineDiscovery: number; baselineByRule: Map<string, number> } {
    const burstEntries: TimelineEntry[] = bursts.map((b) => ({
      time: b.start,
      last: b.end,
      count: b.count,
      kind: 'error-burst',
      what: clip(
        `${b.count} denied calls in ${Math.max(1, Math.round((Date.parse(b.end) - Date.parse(b.start)) / 60_000))} min: ${b.eventNames
          .slice(0, 4)
          .map((n) => `${n.value}×${n.count}`)
          .join(', ')}`,
        200,
      ),
      principal: clip(b.principal, 100),
      sourceIp: clip(b.sourceIps.join(', '), 80),
      error: clip(b.errorCodes.join(', '), 80),
    }));
    const { rows, baselineDiscovery, baselineByRule } = this.threatRows();
    const bySev = (s: Severity) => rows.filter((r) => r.severity === s).sort((a, b) => a.time.localeCompare(b.time));
    const newOnes = this.newForPrincipals();
    const omitted: Omitted = { ...this.evicted };
    const picked: TimelineEntry[] = [];
    const take = (list: TimelineEntry[], limit: number, kind: keyof Omitted) => {
      const room = Math.max(0, limit - picked.length);
      picked.push(...list.slice(0, room));
      omitted[kind] += Math.max(0, list.length - room);
    };
    // Critical and high first, whatever `max` says (bounded by hardMax).
    take(bySev('critical'), hardMax, 'critical');
    take(bySev('high'), hardMax, 'high');
    const limit = Math.max(max, picked.length);
    take(burstEntries, limit, 'bursts');
    take(newOnes, limit, 'newForPrincipal');
    take(bySev('medium'), limit, 'medium');
    take(bySev('low'), limit, 'low');
    picked.sort((a, b) => a.time.localeCompare(b.time));
    return { entries: picked, omitted, baselineDiscovery, baselineByRule };
  }
}

/** Secrets read this many times by one caller within BULK_SECRET_MS are one high "bulk secret access". */
export const BULK_SECRET_COUNT = 10;
export const BULK_SECRET_MS = 5 * 60_000;

/**
 * Severity decided by the aggregate, not by one event: a burst of secret reads is bulk secret
 * access (high), and instance credentials used from an address new for that instance session are
 * the credential-exfiltration pattern (high).
 */
function escalate(r: Row, newDims: NewDimension[]): Partial<TimelineEntry> {
  if (r.entry.rule === 'credential-access.secrets-manager-get' && !r.entry.error && r.count >= BULK_SECRET_COUNT) {
    const span = r.last - r.first;
    if (span <= BULK_SECRET_MS)
      return {
        severity: 'high',
        what: `Bulk secret access: ${r.count} secret reads in ${Math.max(1, Math.round(span / 1000))} s`,
      };
  }
  if (r.entry.rule === 'credential-access.instance-credentials-outside' && newDims.includes('sourceIp'))
    return { severity: 'high', what: clip(`${r.entry.what} — not the address this instance session used first`, 140) };
  return {};
}

function note(m: Map<string, Seen>, value: string, s: Seen): void {
  const cur = m.get(value);
  if (cur) {
    if (s.t < cur.t) m.set(value, s);
  } else if (m.size < MAX_VALUES) m.set(value, s);
}
