/**
 * Streaming summary of matched CloudTrail events (pure, bounded memory): totals, counts by
 * dimension, first/last seen, failed-call bursts, a timeline of notable events and a bounded set
 * of samples — whatever the number of events. `result(maxBytes)` also bounds the serialised size.
 */
import { type Burst, BurstDetector, type BurstOptions, principalKey } from './bursts';
import type { TrailEvent } from './record';
import { clip } from './text';
import { type Tagger, TimelineCollector, type TimelineEntry } from './timeline';
import type { ThreatTag } from './threats/types';
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
  threats: {
    taggedEvents: number;
    byRule: { rule: string; title: string; severity: string; tactic: string; count: number }[];
  };
  bursts: Burst[];
  timeline: TimelineEntry[];
  timelineOmitted: number;
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
  private readonly samples: EdgeSamples;
  private readonly burst: BurstDetector;
  private readonly notable = new TimelineCollector();
  private readonly tagger?: Tagger;

  constructor(o: SummaryOptions | number = {}) {
    const opts = typeof o === 'number' ? { sampleCount: o } : o;
    this.samples = new EdgeSamples(Math.ceil((opts.sampleCount ?? 50) / 2));
    this.burst = new BurstDetector(opts.bursts);
    this.tagger = opts.tagger;
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

  add(e: TrailEvent): void {
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
    this.notable.add(e, this.tags(e));
    this.samples.add(e);
  }

  /** The summary; with `maxBytes`, reduced (samples, then timeline, then lists) until its JSON fits. */
  result(maxBytes?: number): SummaryResult {
    const bursts = this.burst.bursts();
    const tl = this.notable.timeline(bursts, 30);
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
      threats: {
        taggedEvents: this.notable.taggedTotal,
        byRule: [...this.notable.byRule]
          .sort(
            (a, b) =>
              SEV_RANK[b[1].severity]! - SEV_RANK[a[1].severity]! ||
              b[1].count - a[1].count ||
              a[0].localeCompare(b[0]),
          )
          .slice(0, 8)
          .map(([rule, v]) => ({
            rule: clip(rule, 60),
            title: clip(v.title, 80),
            severity: v.severity,
            tactic: v.tactic,
            count: v.count,
          })),
      },
      bursts: bursts.slice(0, 5),
      timeline: tl.entries,
      timelineOmitted: tl.omitted,
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
 * Reduces a summary until JSON.stringify(result).length ≤ maxBytes: first fewer samples (down to
 * 10), then a shorter timeline (down to 10 entries), then top-5 lists, then fewer samples again.
 */
export function fitToBudget(r: SummaryResult, maxBytes: number): SummaryResult {
  const size = (x: SummaryResult) => JSON.stringify(x).length;
  if (size(r) <= maxBytes) return r;
  const out: SummaryResult = { ...r, reduced: 'fewer samples' };
  const withSamples = (k: number) => ({ ...out, samples: edges(r.samples, k) });
  const minSamples = Math.min(10, r.samples.length);
  let k = largest(minSamples, r.samples.length, (n) => size(withSamples(n)) <= maxBytes);
  if (k >= minSamples) return withSamples(k);
  out.samples = edges(r.samples, minSamples);
  out.reduced = 'fewer samples and timeline entries';
  const minTimeline = Math.min(10, r.timeline.length);
  const withTimeline = (n: number) => ({
    ...out,
    timeline: r.timeline.length > n ? keepImportant(r.timeline, n) : r.timeline,
  });
  const t = largest(minTimeline, r.timeline.length, (n) => size(withTimeline(n)) <= maxBytes);
  const tl = Math.max(minTimeline, t);
  out.timeline = withTimeline(tl).timeline;
  out.timelineOmitted = r.timelineOmitted + (r.timeline.length - out.timeline.length);
  if (t >= minTimeline) return out;
  out.reduced = 'fewer samples, timeline entries and top-N rows';
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
  out.threats = { ...r.threats, byRule: r.threats.byRule.slice(0, 5) };
  k = largest(0, minSamples, (n) => size(withSamples(n)) <= maxBytes);
  out.samples = edges(r.samples, Math.max(0, k));
  if (size(out) <= maxBytes) return out;
  out.timeline = keepImportant(r.timeline, 5);
  out.timelineOmitted = r.timelineOmitted + (r.timeline.length - out.timeline.length);
  return out;
}

const SEV_RANK: Record<string, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };

/** Bursts, then critical/high threats, then new IPs, then medium/low threats. */
function importance(e: TimelineEntry): number {
  if (e.kind === 'error-burst') return 10;
  if (e.kind === 'new-ip') return 5;
  const s = SEV_RANK[e.severity ?? ''] ?? 0;
  return s >= 3 ? 5 + s : s + 1;
}

/** The n most important entries, in time order. */
function keepImportant(entries: readonly TimelineEntry[], n: number): TimelineEntry[] {
  return [...entries]
    .map((e, i) => ({ e, i }))
    .sort((a, b) => importance(b.e) - importance(a.e) || a.i - b.i)
    .slice(0, n)
    .sort((a, b) => a.i - b.i)
    .map((x) => x.e);
}

function shrinkCounts(c: readonly Count[], n: number): Count[] {
  if (c.length <= n) return [...c];
  const kept = c.filter((x) => x.value !== '(other)').slice(0, n);
  const rest = c.reduce((s, x) => s + x.count, 0) - kept.reduce((s, x) => s + x.count, 0);
  return rest > 0 ? [...kept, { value: '(other)', count: rest }] : kept;
}
