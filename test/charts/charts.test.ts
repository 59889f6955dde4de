/** Charts: the data each chart draws (pure), and that rendering yields a valid PNG of the expected size. */
import { describe, expect, it } from 'vitest';
import { activityTimelineSpec, chartSeries } from '../../src/charts/activity-timeline';
import { postureTrendSpec, trendData } from '../../src/charts/posture-trend';
import { pngSize, renderChart } from '../../src/charts/render';

const scan = (
  day: number,
  o: Partial<{ status: string; opened: number; resolved: number; critical: number }> = {},
) => ({
  at: new Date(Date.UTC(2026, 10, day, 9)),
  account: 'prod',
  status: o.status ?? 'complete',
  bySeverity: { critical: o.critical ?? 1, high: 4, medium: 2 },
  opened: o.opened ?? 0,
  resolved: o.resolved ?? 0,
});

describe('posture trend data', () => {
  it('orders scans oldest first, one row per severity (missing severities count 0) and per change kind', () => {
    const d = trendData([scan(22, { opened: 3, critical: 2 }), scan(20), scan(21, { status: 'partial', resolved: 1 })]);
    expect(d.scans).toBe(3);
    expect([...new Set(d.open.map((r) => r.scan))]).toEqual(['11-20 09:00', '11-21 09:00 (partial)', '11-22 09:00']);
    expect(d.open.filter((r) => r.scan === '11-22 09:00')).toEqual([
      { scan: '11-22 09:00', severity: 'critical', order: 0, count: 2 },
      { scan: '11-22 09:00', severity: 'high', order: 1, count: 4 },
      { scan: '11-22 09:00', severity: 'medium', order: 2, count: 2 },
      { scan: '11-22 09:00', severity: 'low', order: 3, count: 0 },
    ]);
    expect(d.changes).toContainEqual({ scan: '11-22 09:00', change: 'opened', count: 3 });
    expect(d.changes).toContainEqual({ scan: '11-21 09:00 (partial)', change: 'resolved', count: 1 });
  });

  it('keeps two scans of the same minute as two columns', () => {
    const d = trendData([scan(20), scan(20, { opened: 1 })]);
    expect(d.scans).toBe(2);
    expect(new Set(d.open.map((r) => r.scan))).toEqual(new Set(['11-20 09:00', '11-20 09:00 #2']));
    expect(d.open.filter((r) => r.severity === 'high').map((r) => r.count)).toEqual([4, 4]);
  });

  it('names the account on each scan when several accounts are charted', () => {
    const d = trendData([scan(20), { ...scan(20), account: 'stage' }]);
    expect(new Set(d.open.map((r) => r.scan))).toEqual(new Set(['11-20 09:00 prod', '11-20 09:00 stage']));
  });
});

describe('activity timeline data', () => {
  it('keeps the busiest series, folds the rest into (other), and merges their counts per hour', () => {
    const hour = '2026-11-20T10:00:00.000Z';
    const { buckets, marks } = chartSeries({
      title: 't',
      maxSeries: 2,
      buckets: [
        { hour, series: 'a', count: 10 },
        { hour, series: 'b', count: 5 },
        { hour, series: 'c', count: 2 },
        { hour, series: 'd', count: 1 },
      ],
      marks: [{ time: hour, series: 'd', label: 'StopLogging', severity: 'critical' }],
    });
    expect(buckets).toEqual([
      { hour, series: '(other)', count: 3 },
      { hour, series: 'a', count: 10 },
      { hour, series: 'b', count: 5 },
    ]);
    expect(marks).toEqual([{ time: hour, series: '(other)', label: 'StopLogging', severity: 'critical' }]);
  });
});

describe('rendering', () => {
  it('renders the posture trend to a PNG of the expected size', async () => {
    const chart = await renderChart(postureTrendSpec([scan(20), scan(21, { opened: 2 }), scan(22)], 'trend'));
    expect(chart.svg).toContain('<svg');
    expect(chart.svg).toContain('Open findings by severity');
    const size = pngSize(chart.png);
    expect(size).toEqual({ width: chart.width, height: chart.height });
    expect(size!.width).toBeGreaterThan(1000);
    expect(size!.height).toBeGreaterThan(600);
  });

  it('draws hostile names as text: no markup or links reach the SVG', async () => {
    const hour = '2026-11-20T10:00:00.000Z';
    const evil = '<script>alert(1)</script><a href="https://evil.example">x</a>';
    const chart = await renderChart(
      activityTimelineSpec({
        title: 'activity',
        buckets: [{ hour, series: evil, count: 3 }],
        marks: [{ time: hour, series: evil, label: evil, severity: 'high' }],
      }),
    );
    expect(chart.svg).not.toContain('<script');
    expect(chart.svg).not.toContain('<a href');
    expect(chart.svg).toContain('evil.example&quot;&gt;x&lt;/a&gt;');
    expect(pngSize(chart.png)?.width).toBeGreaterThan(1000);
  });

  it('pngSize rejects what is not a PNG', () => {
    expect(pngSize(Buffer.from('GIF89a not a png at all, long enough'))).toBeUndefined();
  });
});
