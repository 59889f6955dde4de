/**
 * Streaming summary of matched CloudTrail events (pure, bounded memory): totals, counts by
 * dimension, first/last seen, failed-call bursts, a timeline of notable events and a bounded set
 * of samples — whatever the number of events. `result(maxBytes)` also bounds the serialised size.
 */
import { HourlyActivity } from './activity';
import { type Burst, BurstDetector, type BurstOptions, principalKey } from './bursts';
import type { TrailEvent } from './record';
import { clip } from './text';
import {
  type Omitted,
  omittedTotal,
  type Tagger,
  TimelineCollector,
  type TimelineEntry,
  type WhoEntry,
} from './timeline';
import type { Severity, ThreatTag } from './threats/types';
import { classifyUserAgent } from './user-agent';

export { clip } from './text';

const MAX_KEYS = 5_000;
const KEY_LEN = 100;

export interface Count {
  value: string;
  count: number;
}

export class Counter {
  private m = new Map<string, number>();
  private overflow = 0;
  add(k: string): void {
    const key = clip(k, KEY_LEN);
    const v = this.m.get(key);
    if (v !== undefined) this.m.set(key, v + 1);
    else if (this.m.size < MAX_KEYS) this.m.set(key, 1);
    else this.overflow += 1;
  }
  get distinct(): number {
    return this.m.size;
  }
  top(n = 10): Count[] {
    const out = [...this.m.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, n);
    const rest = [...this.m.values()].reduce((s, v) => s + v, 0) - out.reduce((s, [, v]) => s + v, 0) + this.overflow;
    const res = out.map(([value, count]) => ({ value, count }));
    if (rest > 0) res.push({ value: '(other)', count: rest });
    return res;
  }
}

export interface SampleEvent {
  time: string;
  event: string;
  source: string;
  region: string;
  account: string;
  principal: string | null;
  accessKeyId: string | null;
  sourceIp: string;
  userAgent: string;
  error: string | null;
  resources?: string[];
  request?: string;
  tags?: string[];
}

export function sampleOf(e: TrailEvent, tags: readonly ThreatTag[] = []): SampleEvent {
  const req = e.record.requestParameters ? clip(JSON.stringify(e.record.requestParameters), 120) : undefined;
  return {
    time: Number.isFinite(e.time) ? new Date(e.time).toISOString() : clip(String(e.record.eventTime), 40),
    event: clip(e.eventName, 60),
    source: clip(e.eventSource, 60),
    region: clip(e.region, 30),
    account: clip(e.accountId, 20),
    principal: e.callerArn || e.principalArn ? clip(e.callerArn ?? e.principalArn, 100) : null,
    accessKeyId: e.accessKeyId ? clip(e.accessKeyId, 32) : null,
    sourceIp: clip(e.sourceIp, 60),
    userAgent: clip(e.userAgent, 80),
    error: e.errorCode ? clip(e.errorCode, 60) : null,
    ...(e.resources.length
      ? {
          resources: [
            ...e.resources.slice(0, 1).map((r) => clip(r, 100)),
            ...(e.resources.length > 1 ? [`+${e.resources.length - 1} more`] : []),
          ],
        }
      : {}),
    ...(req ? { request: req } : {}),
    ...(tags.length ? { tags: tags.slice(0, 2).map((t) => `${clip(t.ruleId, 60)} (${t.severity})`) } : {}),
  };
}

/** Keeps the earliest and latest N events by time, in bounded memory. */
class EdgeSamples {
  private early: TrailEvent[] = [];
  private late: TrailEvent[] = [];
  constructor(private readonly n: number) {}
  add(e: TrailEvent): void {
    insertBounded(this.early, e, this.n, (a, b) => a.time - b.time || a.eventId.localeCompare(b.eventId));
    insertBounded(this.late, e, this.n, (a, b) => b.time - a.time || b.eventId.localeCompare(a.eventId));
  }
  events(): TrailEvent[] {
    const seen = new Set<string>();
    return [...this.early, ...this.late]
      .filter((e) => (seen.has(e.eventId) ? false : (seen.add(e.eventId), true)))
      .sort((a, b) => a.time - b.time || a.eventId.localeCompare(b.eventId));
  }
}

function insertBounded<T>(arr: T[], v: T, n: number, cmp: (a: T, b: T) => number): void {
  if (arr.length >= n && cmp(v, arr[arr.length - 1]!) >= 0) return;
  let i = arr.length;
  while (i > 0 && cmp(v, arr[i - 1]!) < 0) i--;
  arr.splice(i, 0, v);
  if (arr.length > n) arr.pop();
}

export interface SummaryOptions {
  /** Sample events kept (earliest half, latest half). Default 50. */
  sampleCount?: number;
  /** Threat tagging (the catalog's tagEvent); absent: no threat entries in the timeline. */
  tagger?: Tagger;
  bursts?: BurstOptions;
  /** Timeline rows start at this severity (default low: informational tags are only counted). */
  minSeverity?: Severity;
  /** Only events with a threat tag at or above minSeverity are counted (matched). */
  threatsOnly?: boolean;
  /** Only events tagged by one of these rules are counted (matched), whatever their severity. */
  ruleIds?: readonly string[];
}

export interface SummaryResult {
  total: number;
  errors: number;
  firstSeen: string | null;
  lastSeen: string | null;
  byEventName: Count[];
  byEventSource: Count[];
  byRegion: Count[];
  byAccount: Count[];
  bySourceIp: Count[];
  byUserAgentClass: Count[];
  byUserAgent: Count[];
  byErrorCode: Count[];
  byPrincipal: Count[];
  byAccessKeyId: Count[];
  /** Who made the calls: principals with something new or a critical/high tag first. */
  who: WhoEntry[];
  threats: {
    taggedEvents: number;
    /** Every critical and high rule, then the most frequent others (up to 8 rows in all). */
    byRule: { rule: string; title: string; severity: string; tactic: string; count: number }[];
    /** Rules not listed in byRule. */
    rulesOmitted?: number;
    /** Discovery calls matching their principal's own baseline (same IP and user agent): not tagged. */
    baselineDiscovery?: number;
  };
  bursts: Burst[];
  timeline: TimelineEntry[];
  /** Timeline rows left out (total); `omitted` says which kinds and severities. */
  timelineOmitted: number;
  omitted: Omitted;
  samples: SampleEvent[];
  /** Set when the serialised result was reduced to fit its size budget. */
  reduced?: string;
}

export class TrailSummary {
  total = 0;
  errors = 0;
  first: number | null = null;
  last: number | null = null;
  tagErrors = 0;
  readonly byEvent = new Counter();
  readonly bySource = new Counter();
  readonly byRegion = new Counter();
  readonly byAccount = new Counter();
  readonly byIp = new Counter();
  readonly byUa = new Counter();
  readonly byUaClass = new Counter();
  readonly byError = new Counter();
  readonly byPrincipal = new Counter();
  readonly byAccessKey = new Counter();
  /** Events per hour per principal and per source IP (the timeline chart; never in the model's data). */
  readonly activity = new HourlyActivity();
  private readonly samples: EdgeSamples;
  private readonly burst: BurstDetector;
  private readonly notable: TimelineCollector;
  private readonly tagger?: Tagger;
  private readonly threatsOnly: boolean;
  private readonly minRank: number;
  private readonly ruleIds?: ReadonlySet<string>;

  constructor(o: SummaryOptions | number = {}) {
    const opts = typeof o === 'number' ? { sampleCount: o } : o;
    this.samples = new EdgeSamples(Math.ceil((opts.sampleCount ?? 50) / 2));
    this.burst = new BurstDetector(opts.bursts);
    this.tagger = opts.tagger;
    this.notable = new TimelineCollector({ minSeverity: opts.minSeverity });
    this.threatsOnly = opts.threatsOnly ?? false;
    this.minRank = SEV_RANK[opts.minSeverity ?? 'low']!;
    if (opts.ruleIds?.length) this.ruleIds = new Set(opts.ruleIds);
  }

  private tags(e: TrailEvent): ThreatTag[] {
    if (!this.tagger) return [];
    try {
      return this.tagger(e);
    } catch {
      this.tagErrors += 1;
      return [];
    }
  }

  /** Counts the event; false (not counted) when `threatsOnly` and it has no tag at minSeverity. */
  add(e: TrailEvent): boolean {
    const tags = this.tags(e);
    if (this.threatsOnly && !tags.some((t) => SEV_RANK[t.severity]! >= this.minRank)) return false;
    if (this.ruleIds && !tags.some((t) => this.ruleIds!.has(t.ruleId))) return false;
    this.total += 1;
    if (Number.isFinite(e.time)) {
      if (this.first === null || e.time < this.first) this.first = e.time;
      if (this.last === null || e.time > this.last) this.last = e.time;
    }
    this.byEvent.add(e.eventName);
    this.bySource.add(e.eventSource);
    this.byRegion.add(e.region);
    this.byAccount.add(e.accountId);
    this.byIp.add(e.sourceIp || '(none)');
    this.byUa.add(clip(e.userAgent || '(none)', 80));
    this.byUaClass.add(classifyUserAgent(e.userAgent));
    if (e.errorCode) {
      this.errors += 1;
      this.byError.add(e.errorCode);
    }
    this.byPrincipal.add(principalKey(e));
    if (e.accessKeyId) this.byAccessKey.add(e.accessKeyId);
    this.burst.add(e);
    this.notable.add(e, tags);
    this.samples.add(e);
    this.activity.add(e);
    return true;
  }

  /** The summary; with `maxBytes`, reduced (samples, then timeline, then lists) until its JSON fits. */
  result(maxBytes?: number): SummaryResult {
    const bursts = this.burst.bursts();
    const tl = this.notable.timeline(bursts, 40);
    const rules = [...this.notable.byRule]
      .map(([rule, v]) => ({ rule, ...v, count: v.count - (tl.baselineByRule.get(rule) ?? 0) }))
      .filter((x) => x.count > 0)
      .sort(
        (a, b) => SEV_RANK[b.severity]! - SEV_RANK[a.severity]! || b.count - a.count || a.rule.localeCompare(b.rule),
      );
    const severe = rules.filter((x) => SEV_RANK[x.severity]! >= SEV_RANK.high!);
    const listed = [...severe, ...rules.slice(severe.length, Math.max(8, severe.length))].slice(0, 20);
    const r: SummaryResult = {
      total: this.total,
      errors: this.errors,
      firstSeen: this.first === null ? null : new Date(this.first).toISOString(),
      lastSeen: this.last === null ? null : new Date(this.last).toISOString(),
      byEventName: this.byEvent.top(15),
      byEventSource: this.bySource.top(),
      byRegion: this.byRegion.top(),
      byAccount: this.byAccount.top(),
      bySourceIp: this.byIp.top(),
      byUserAgentClass: this.byUaClass.top(),
      byUserAgent: this.byUa.top(5),
      byErrorCode: this.byError.top(),
      byPrincipal: this.byPrincipal.top(5),
      byAccessKeyId: this.byAccessKey.top(5),
      who: this.notable.who(5),
      threats: {
        taggedEvents: Math.max(0, this.notable.taggedTotal - tl.baselineDiscovery),
        byRule: listed.map((v) => ({
          rule: clip(v.rule, 60),
          title: clip(v.title, 80),
          severity: v.severity,
          tactic: v.tactic,
          count: v.count,
        })),
        ...(rules.length > listed.length ? { rulesOmitted: rules.length - listed.length } : {}),
        ...(tl.baselineDiscovery ? { baselineDiscovery: tl.baselineDiscovery } : {}),
      },
      bursts: bursts.slice(0, 5).map((b) => ({
        ...b,
        principal: clip(b.principal, 100),
        sourceIps: b.sourceIps.slice(0, 5).map((x) => clip(x, 45)),
        errorCodes: b.errorCodes.slice(0, 5).map((x) => clip(x, 60)),
        eventNames: b.eventNames.slice(0, 5).map((x) => ({ ...x, value: clip(x.value, 60) })),
      })),
      timeline: tl.entries,
      timelineOmitted: omittedTotal(tl.omitted),
      omitted: tl.omitted,
      samples: this.samples.events().map((e) => sampleOf(e, this.tags(e))),
    };
    return maxBytes ? fitToBudget(r, maxBytes) : r;
  }
}

/** Keeps the first ceil(k/2) and last floor(k/2) items. */
function edges<T>(a: readonly T[], k: number): T[] {
  if (a.length <= k) return [...a];
  const head = Math.ceil(k / 2);
  return [...a.slice(0, head), ...a.slice(a.length - (k - head))];
}

/** The largest k in [lo, hi] for which fits(k) holds (fits is monotone), or lo - 1. */
function largest(lo: number, hi: number, fits: (k: number) => boolean): number {
  if (hi < lo || !fits(lo)) return lo - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Reduces a summary until JSON.stringify(result).length ≤ maxBytes, least useful first: fewer
 * samples (down to 10); timeline rows from the least important up (low, medium, new-for-principal,
 * bursts — critical and high rows stay); top-5 lists, fewer samples and principals; and only then,
 * as a last resort, high and critical rows (latest first). Every row dropped is counted in
 * `omitted` by kind and severity.
 */
export function fitToBudget(r: SummaryResult, maxBytes: number): SummaryResult {
  const size = (x: SummaryResult) => JSON.stringify(x).length;
  if (size(r) <= maxBytes) return r;
  let out: SummaryResult = { ...r, reduced: 'fewer samples' };
  const withSamples = (base: SummaryResult, k: number) => ({ ...base, samples: edges(r.samples, k) });
  const minSamples = Math.min(10, r.samples.length);
  let k = largest(minSamples, r.samples.length, (n) => size(withSamples(out, n)) <= maxBytes);
  if (k >= minSamples) return withSamples(out, k);
  out = withSamples(out, minSamples);

  // Timeline rows in the order they are given up: least important first, latest first.
  const order = r.timeline
    .map((e, i) => ({ e, i }))
    .sort((a, b) => importance(a.e) - importance(b.e) || b.e.time.localeCompare(a.e.time) || b.i - a.i);
  const soft = order.filter((x) => importance(x.e) < importance({ kind: 'threat', severity: 'high' } as TimelineEntry));
  const withoutRows = (base: SummaryResult, n: number, from: typeof order): SummaryResult => {
    const drop = new Set(from.slice(0, n).map((x) => x.i));
    const omitted = { ...r.omitted };
    for (const x of from.slice(0, n)) omitted[omittedKind(x.e)] += 1;
    const timeline = r.timeline.filter((_, i) => !drop.has(i));
    return { ...base, timeline, omitted, timelineOmitted: omittedTotal(omitted) };
  };
  out.reduced = 'fewer samples and timeline rows (least severe first)';
  const need = (base: SummaryResult, from: typeof order) => {
    const d = largest(0, from.length, (n) => size(withoutRows(base, from.length - n, from)) <= maxBytes);
    return d < 0 ? -1 : from.length - d;
  };
  let drop = need(out, soft);
  if (drop >= 0) return withoutRows(out, drop, soft);

  out = withoutRows(out, soft.length, soft);
  out.reduced = 'fewer samples, timeline rows and top-N rows (critical and high rows kept)';
  out.bursts = r.bursts.slice(0, 2);
  for (const key of [
    'byEventName',
    'byEventSource',
    'byRegion',
    'byAccount',
    'bySourceIp',
    'byUserAgent',
    'byErrorCode',
    'byPrincipal',
    'byAccessKeyId',
  ] as const)
    out[key] = shrinkCounts(r[key], 5);
  out.who = r.who.slice(0, 2).map((w) => ({ ...w, new: w.new.slice(0, 2) }));
  const severeRules = r.threats.byRule.filter((x) => SEV_RANK[x.severity]! >= SEV_RANK.high!);
  const byRule = severeRules.length >= 5 ? severeRules.slice(0, 8) : r.threats.byRule.slice(0, 5);
  out.threats = {
    ...r.threats,
    byRule,
    rulesOmitted: (r.threats.rulesOmitted ?? 0) + r.threats.byRule.length - byRule.length,
  };
  // A handful of samples stay: an analyst needs a few raw events to check the counts against.
  const floor = Math.min(5, minSamples);
  k = largest(floor, minSamples, (n) => size(withSamples(out, n)) <= maxBytes);
  out = withSamples(out, Math.max(floor, k));
  if (size(out) <= maxBytes) return out;
  // Last resort: critical and high rows too, latest and least severe first; counted.
  out.reduced = 'critical/high timeline rows were dropped to fit: narrow the window or use min_severity';
  const hard = out.timeline
    .map((e, i) => ({ e, i }))
    .sort((a, b) => importance(a.e) - importance(b.e) || b.e.time.localeCompare(a.e.time) || b.i - a.i);
  const base = out;
  const withoutHard = (n: number): SummaryResult => {
    const dropSet = new Set(hard.slice(0, n).map((x) => x.i));
    const omitted = { ...base.omitted };
    for (const x of hard.slice(0, n)) omitted[omittedKind(x.e)] += 1;
    return {
      ...base,
      timeline: base.timeline.filter((_, i) => !dropSet.has(i)),
      omitted,
      timelineOmitted: omittedTotal(omitted),
    };
  };
  drop = largest(0, hard.length, (n) => size(withoutHard(hard.length - n)) <= maxBytes);
  out = withoutHard(drop < 0 ? hard.length : hard.length - drop);
  if (size(out) <= maxBytes) return out;
  // Pathological input (every field hostile and long): the bare counts.
  return { ...out, who: out.who.slice(0, 1).map((w) => ({ ...w, new: [] })), samples: edges(r.samples, 1) };
}

const SEV_RANK: Record<string, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };

/** Critical, high, then bursts, what is new for a principal, medium, low. */
function importance(e: TimelineEntry): number {
  if (e.kind === 'error-burst') return 4;
  if (e.kind !== 'threat') return 3;
  const s = SEV_RANK[e.severity ?? ''] ?? 0;
  return s >= 3 ? s + 2 : s;
}

function omittedKind(e: TimelineEntry): keyof Omitted {
  if (e.kind === 'error-burst') return 'bursts';
  if (e.kind !== 'threat') return 'newForPrincipal';
  return e.severity === 'critical' || e.severity === 'high' || e.severity === 'medium' ? e.severity : 'low';
}

function shrinkCounts(c: readonly Count[], n: number): Count[] {
  if (c.length <= n) return [...c];
  const kept = c.filter((x) => x.value !== '(other)').slice(0, n);
  const rest = c.reduce((s, x) => s + x.count, 0) - kept.reduce((s, x) => s + x.count, 0);
  return rest > 0 ? [...kept, { value: '(other)', count: rest }] : kept;
}
