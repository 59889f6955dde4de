/**
 * Streaming summary of matched CloudTrail events (pure, bounded memory): totals, counts by
 * dimension, first/last seen, and a bounded set of samples — whatever the number of events.
 */
import type { TrailEvent } from './record';
import { classifyUserAgent } from './user-agent';

const MAX_KEYS = 5_000;
const TOP = 10;

class Counter {
  private m = new Map<string, number>();
  private overflow = 0;
  add(k: string): void {
    const v = this.m.get(k);
    if (v !== undefined) this.m.set(k, v + 1);
    else if (this.m.size < MAX_KEYS) this.m.set(k, 1);
    else this.overflow += 1;
  }
  get distinct(): number {
    return this.m.size;
  }
  top(n = TOP): { value: string; count: number }[] {
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
}

export function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

export function sampleOf(e: TrailEvent): SampleEvent {
  const req = e.record.requestParameters ? clip(JSON.stringify(e.record.requestParameters), 200) : undefined;
  return {
    time: new Date(e.time).toISOString(),
    event: e.eventName,
    source: e.eventSource,
    region: e.region,
    account: e.accountId,
    principal: e.callerArn ?? e.principalArn,
    accessKeyId: e.accessKeyId,
    sourceIp: e.sourceIp,
    userAgent: clip(e.userAgent, 120),
    error: e.errorCode,
    ...(e.resources.length ? { resources: e.resources.slice(0, 3) } : {}),
    ...(req ? { request: req } : {}),
  };
}

/** Keeps the earliest and latest N events by time, in bounded memory. */
class EdgeSamples {
  private early: TrailEvent[] = [];
  private late: TrailEvent[] = [];
  constructor(private readonly n: number) {}
  add(e: TrailEvent): void {
    insertBounded(this.early, e, this.n, (a, b) => a.time - b.time);
    insertBounded(this.late, e, this.n, (a, b) => b.time - a.time);
  }
  events(): TrailEvent[] {
    const seen = new Set<string>();
    return [...this.early, ...this.late]
      .filter((e) => (seen.has(e.eventId) ? false : (seen.add(e.eventId), true)))
      .sort((a, b) => a.time - b.time);
  }
}

function insertBounded<T>(arr: T[], v: T, n: number, cmp: (a: T, b: T) => number): void {
  if (arr.length >= n && cmp(v, arr[arr.length - 1]!) >= 0) return;
  let i = arr.length;
  while (i > 0 && cmp(v, arr[i - 1]!) < 0) i--;
  arr.splice(i, 0, v);
  if (arr.length > n) arr.pop();
}

export class TrailSummary {
  total = 0;
  errors = 0;
  first: number | null = null;
  last: number | null = null;
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
  private samples: EdgeSamples;

  constructor(sampleCount = 50) {
    this.samples = new EdgeSamples(Math.ceil(sampleCount / 2));
  }

  add(e: TrailEvent): void {
    this.total += 1;
    if (this.first === null || e.time < this.first) this.first = e.time;
    if (this.last === null || e.time > this.last) this.last = e.time;
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
    this.byPrincipal.add(e.callerArn ?? e.principalArn ?? e.userName ?? '(unknown)');
    if (e.accessKeyId) this.byAccessKey.add(e.accessKeyId);
    this.samples.add(e);
  }

  result() {
    return {
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
      samples: this.samples.events().map(sampleOf),
    };
  }
}
