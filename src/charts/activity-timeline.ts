/**
 * The investigation timeline chart (pure): events per hour for each principal (or source IP), with
 * the tagged events marked by severity. Input is the activity a CloudTrail search counted; output a
 * Vega-Lite spec. Names and IPs are data values only: Vega renders them as text, never as markup.
 */
import type { TopLevelSpec } from 'vega-lite';

export interface ActivityBucket {
  /** Start of the hour (ISO). */
  hour: string;
  /** The principal or source IP. */
  series: string;
  count: number;
}

export interface ActivityMark {
  time: string;
  series: string;
  label: string;
  severity: 'critical' | 'high' | 'medium' | 'low' | 'info';
  count?: number;
}

export interface ActivityChartInput {
  title: string;
  buckets: ActivityBucket[];
  marks: ActivityMark[];
  /** Most series drawn; the rest are folded into "(other)". */
  maxSeries?: number;
  /** A second, smaller title line (the question asked). */
  subtitle?: string;
  /** The time axis (ISO); widened to at least a day around the activity. Default: the activity's hours. */
  window?: { start: string; end: string };
  /** The legend's title for the series (default "principal / IP"). */
  seriesTitle?: string;
}

/** A search's hourly activity as the timeline chart takes it (src/cloudtrail/activity.ts, by shape). */
export interface SearchActivity {
  by: 'principal' | 'sourceIp';
  buckets: ActivityBucket[];
  marks: ActivityMark[];
  window?: { start: string; end: string };
}

/** The chart input for a search's activity: the title says what is counted and what the marks are. */
export function timelineChartInput(a: SearchActivity, subject?: string): ActivityChartInput {
  const total = a.buckets.reduce((n, b) => n + b.count, 0);
  const tagged = a.marks.length ? `; ▼ ${a.marks.length} tagged` : '';
  return {
    title: `CloudTrail events per hour by ${a.by === 'sourceIp' ? 'source IP' : 'principal'} (${total.toLocaleString('en-US')} event${total === 1 ? '' : 's'}${tagged})`,
    ...(a.window ? { window: a.window } : {}),
    ...(subject ? { subtitle: subject.length > 100 ? `${subject.slice(0, 99)}…` : subject } : {}),
    buckets: a.buckets,
    marks: a.marks,
    seriesTitle: a.by === 'sourceIp' ? 'source IP' : 'principal',
  };
}

const SEV = ['critical', 'high', 'medium', 'low', 'info'];
const SEV_COLORS = ['#7f1d1d', '#dc2626', '#f59e0b', '#60a5fa', '#9ca3af'];

/** Keeps the busiest series and folds the others into "(other)"; caps label length. */
export function chartSeries(input: ActivityChartInput): { buckets: ActivityBucket[]; marks: ActivityMark[] } {
  const max = input.maxSeries ?? 6;
  const totals = new Map<string, number>();
  for (const b of input.buckets) totals.set(b.series, (totals.get(b.series) ?? 0) + b.count);
  const keep = new Set(
    [...totals.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, max)
      .map(([s]) => s),
  );
  const short = (s: string) => (s.length > 48 ? `…${s.slice(-47)}` : s);
  const name = (s: string) => (keep.has(s) ? short(s) : '(other)');
  const merged = new Map<string, ActivityBucket>();
  for (const b of input.buckets) {
    const series = name(b.series);
    const k = `${b.hour}\u0000${series}`;
    const cur = merged.get(k);
    if (cur) cur.count += b.count;
    else merged.set(k, { hour: b.hour, series, count: b.count });
  }
  return {
    buckets: [...merged.values()].sort((a, b) => a.hour.localeCompare(b.hour) || a.series.localeCompare(b.series)),
    // Least severe first, so the most severe mark of an hour is drawn on top.
    marks: input.marks
      .map((m) => ({ ...m, series: name(m.series), label: short(m.label) }))
      .sort((a, b) => SEV.indexOf(b.severity) - SEV.indexOf(a.severity) || a.time.localeCompare(b.time)),
  };
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * The time axis in ms: the window when given (else the activity's first and last hour, plus one),
 * widened to at least a day centred on the activity, so one busy hour is a bar, not the whole plot.
 */
export function timeDomain(input: Pick<ActivityChartInput, 'buckets' | 'window'>): [number, number] {
  const hours = input.buckets.map((b) => Date.parse(b.hour)).filter(Number.isFinite);
  const lo = hours.length ? Math.min(...hours) : Date.now();
  const hi = hours.length ? Math.max(...hours) + HOUR : lo + HOUR;
  let start = input.window ? Math.min(Date.parse(input.window.start), lo) : lo;
  let end = input.window ? Math.max(Date.parse(input.window.end), hi) : hi;
  if (end - start < DAY) {
    const mid = (lo + hi) / 2;
    start = Math.floor((mid - DAY / 2) / HOUR) * HOUR;
    end = start + DAY;
  }
  return [start, end];
}

export function activityTimelineSpec(input: ActivityChartInput): TopLevelSpec {
  const { buckets, marks } = chartSeries(input);
  const domain = timeDomain(input);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: input.title, anchor: 'start', ...(input.subtitle ? { subtitle: input.subtitle } : {}) },
    config: { font: 'DejaVu Sans', view: { stroke: null } },
    width: 640,
    height: 240,
    layer: [
      {
        data: { values: buckets },
        mark: { type: 'bar', opacity: 0.85 },
        encoding: {
          x: {
            field: 'hour',
            type: 'temporal',
            timeUnit: 'utcyearmonthdatehours',
            title: 'hour (UTC)',
            scale: { domain, type: 'utc' },
          },
          y: {
            field: 'count',
            type: 'quantitative',
            title: 'events per hour',
            stack: 'zero',
            axis: { tickMinStep: 1, format: 'd' },
          },
          color: {
            field: 'series',
            type: 'nominal',
            title: input.seriesTitle ?? 'principal / IP',
            legend: { labelLimit: 420 },
          },
        },
      },
      {
        data: { values: marks },
        mark: { type: 'point', filled: true, size: 90, shape: 'triangle-down', yOffset: -6 },
        encoding: {
          x: { field: 'time', type: 'temporal', timeUnit: 'utcyearmonthdatehours', scale: { domain, type: 'utc' } },
          y: { value: 6 },
          fill: { field: 'severity', type: 'nominal', title: 'tagged', scale: { domain: SEV, range: SEV_COLORS } },
        },
      },
    ],
    resolve: { scale: { color: 'independent' } },
  } as TopLevelSpec;
}
