/**
 * Hourly activity of a CloudTrail search (pure): events per hour for each principal, or for each
 * source IP when the search is about one principal, plus the tagged events of the timeline as marks.
 * It feeds the investigation timeline chart; it is bounded (the busiest series, the rest folded into
 * "(other)") and is never sent to the model.
 */
import { principalKey } from './bursts';
import type { TrailEvent } from './record';
import { clip } from './text';
import type { TimelineEntry } from './timeline';
import type { Severity } from './threats/types';

export interface ActivityData {
  /** What a series is. */
  by: 'principal' | 'sourceIp';
  /** Events per hour per series (hour = ISO start of the UTC hour), oldest first. */
  buckets: { hour: string; series: string; count: number }[];
  /** The tagged events (threat rows of the timeline), placed on their series. */
  marks: { time: string; series: string; label: string; severity: Severity; count?: number }[];
  /** Series folded into "(other)" (beyond the busiest). */
  folded: number;
  /** The searched window (the chart's time axis), when known. */
  window?: { start: string; end: string };
}

const HOUR = 3_600_000;
export const OTHER_SERIES = '(other)';
/** Longest series name or mark label kept (AWS fields are untrusted and may be long). */
const SERIES_MAX = 120;

/** Counts events per (hour, principal) and per (hour, source IP); the series kind is chosen at the end. */
export class HourlyActivity {
  private readonly byPrincipal = new Map<string, Map<number, number>>();
  private readonly byIp = new Map<string, Map<number, number>>();

  add(e: TrailEvent): void {
    if (!Number.isFinite(e.time)) return;
    const hour = Math.floor(e.time / HOUR) * HOUR;
    bump(this.byPrincipal, clip(principalKey(e), SERIES_MAX), hour);
    bump(this.byIp, clip(e.sourceIp || '(none)', SERIES_MAX), hour);
  }

  /**
   * The chart's data: series by principal, or by source IP when all events are one principal's (the
   * usual "what did this key do?"); at most `maxSeries` series, the rest summed into "(other)".
   */
  result(timeline: TimelineEntry[], maxSeries = 6, window?: { start: Date; end: Date }): ActivityData {
    const by = this.byPrincipal.size <= 1 && this.byIp.size > 1 ? 'sourceIp' : 'principal';
    const counts = by === 'principal' ? this.byPrincipal : this.byIp;
    const totals = [...counts.entries()].map(([s, hours]) => [s, sum(hours)] as const);
    const keep = new Set(
      totals
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .slice(0, maxSeries)
        .map(([s]) => s),
    );
    const merged = new Map<string, { hour: string; series: string; count: number }>();
    for (const [s, hours] of counts) {
      const series = keep.has(s) ? s : OTHER_SERIES;
      for (const [h, n] of hours) {
        const hour = new Date(h).toISOString();
        const k = `${hour}\u0000${series}`;
        const cur = merged.get(k);
        if (cur) cur.count += n;
        else merged.set(k, { hour, series, count: n });
      }
    }
    const seriesOf = (t: TimelineEntry) => {
      const s = clip((by === 'principal' ? t.principal : t.sourceIp) ?? '', SERIES_MAX);
      return keep.has(s) ? s : OTHER_SERIES;
    };
    return {
      by,
      buckets: [...merged.values()].sort((a, b) => a.hour.localeCompare(b.hour) || a.series.localeCompare(b.series)),
      marks: timeline
        .filter((t) => t.kind === 'threat')
        .map((t) => ({
          time: t.time,
          series: seriesOf(t),
          label: clip(t.rule ?? t.event ?? t.what, SERIES_MAX),
          severity: t.severity ?? 'info',
          ...(t.count && t.count > 1 ? { count: t.count } : {}),
        })),
      folded: Math.max(0, counts.size - keep.size),
      ...(window ? { window: { start: window.start.toISOString(), end: window.end.toISOString() } } : {}),
    };
  }
}

function bump(m: Map<string, Map<number, number>>, series: string, hour: number): void {
  let hours = m.get(series);
  if (!hours) m.set(series, (hours = new Map()));
  hours.set(hour, (hours.get(hour) ?? 0) + 1);
}

function sum(hours: Map<number, number>): number {
  let n = 0;
  for (const v of hours.values()) n += v;
  return n;
}

/**
 * Several searches of one answer as one chart's data: counts of the same hour and series summed,
 * marks kept in time order. Series kinds that differ are drawn together under "principal / IP".
 */
export function mergeActivity(list: ActivityData[]): ActivityData | undefined {
  if (!list.length) return undefined;
  if (list.length === 1) return list[0];
  const merged = new Map<string, { hour: string; series: string; count: number }>();
  for (const a of list)
    for (const b of a.buckets) {
      const k = `${b.hour}\u0000${b.series}`;
      const cur = merged.get(k);
      if (cur) cur.count += b.count;
      else merged.set(k, { ...b });
    }
  return {
    by: list.every((a) => a.by === list[0]!.by) ? list[0]!.by : 'principal',
    buckets: [...merged.values()].sort((a, b) => a.hour.localeCompare(b.hour) || a.series.localeCompare(b.series)),
    marks: list.flatMap((a) => a.marks).sort((a, b) => a.time.localeCompare(b.time)),
    folded: Math.max(...list.map((a) => a.folded)),
    ...(list.every((a) => a.window)
      ? {
          window: {
            start: list.map((a) => a.window!.start).sort()[0]!,
            end: list
              .map((a) => a.window!.end)
              .sort()
              .at(-1)!,
          },
        }
      : {}),
  };
}
