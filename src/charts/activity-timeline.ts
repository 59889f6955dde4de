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
    marks: input.marks.map((m) => ({ ...m, series: name(m.series), label: short(m.label) })),
  };
}

export function activityTimelineSpec(input: ActivityChartInput): TopLevelSpec {
  const { buckets, marks } = chartSeries(input);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: input.title, anchor: 'start' },
    config: { font: 'DejaVu Sans', view: { stroke: null } },
    width: 640,
    height: 240,
    layer: [
      {
        data: { values: buckets },
        mark: { type: 'bar', opacity: 0.85 },
        encoding: {
          x: { field: 'hour', type: 'temporal', timeUnit: 'utcyearmonthdatehours', title: 'hour (UTC)' },
          y: { field: 'count', type: 'quantitative', title: 'events per hour', stack: 'zero' },
          color: { field: 'series', type: 'nominal', title: 'principal / IP', legend: { labelLimit: 420 } },
        },
      },
      {
        data: { values: marks },
        mark: { type: 'point', filled: true, size: 90, shape: 'triangle-down', yOffset: -6 },
        encoding: {
          x: { field: 'time', type: 'temporal', timeUnit: 'utcyearmonthdatehours' },
          y: { value: 6 },
          fill: { field: 'severity', type: 'nominal', title: 'tagged', scale: { domain: SEV, range: SEV_COLORS } },
        },
      },
    ],
    resolve: { scale: { color: 'independent' } },
  } as TopLevelSpec;
}
