/**
 * The posture trend chart (pure): open findings by severity over the last scans, and the findings
 * opened and resolved by each scan. Input is the stored scan history; output a Vega-Lite spec.
 */
import type { TopLevelSpec } from 'vega-lite';

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
const COLORS = ['#7f1d1d', '#dc2626', '#f59e0b', '#60a5fa'];

export interface TrendPoint {
  /** When the scan finished. */
  at: Date;
  account: string;
  status: string;
  bySeverity: Partial<Record<(typeof SEVERITIES)[number], number>>;
  opened: number;
  resolved: number;
}

export interface TrendData {
  /** One row per scan and severity: the stacked "open findings" series. */
  open: { scan: string; severity: string; order: number; count: number }[];
  /** One row per scan and change kind: the opened / resolved bars. */
  changes: { scan: string; change: 'opened' | 'resolved'; count: number }[];
  scans: number;
}

const label = (p: TrendPoint, multiAccount: boolean) =>
  `${p.at.toISOString().slice(5, 16).replace('T', ' ')}${multiAccount ? ` ${p.account}` : ''}${p.status === 'complete' ? '' : ` (${p.status})`}`;

/** The chart's data, oldest scan first (tests assert on this, not on pixels). */
export function trendData(points: TrendPoint[]): TrendData {
  const sorted = [...points].sort((a, b) => a.at.getTime() - b.at.getTime());
  const multi = new Set(sorted.map((p) => p.account)).size > 1;
  const open: TrendData['open'] = [];
  const changes: TrendData['changes'] = [];
  const used = new Map<string, number>();
  for (const p of sorted) {
    // Two scans in one minute (evidence scans share the folder's clock) stay two columns.
    const base = label(p, multi);
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    const scan = n === 1 ? base : `${base} #${n}`;
    for (const [i, s] of SEVERITIES.entries()) open.push({ scan, severity: s, order: i, count: p.bySeverity[s] ?? 0 });
    changes.push({ scan, change: 'opened', count: p.opened }, { scan, change: 'resolved', count: p.resolved });
  }
  return { open, changes, scans: sorted.length };
}

export function postureTrendSpec(points: TrendPoint[], title: string): TopLevelSpec {
  const d = trendData(points);
  const scanOrder = [...new Set(d.open.map((r) => r.scan))];
  const x = {
    field: 'scan',
    type: 'ordinal' as const,
    sort: scanOrder,
    title: 'scan (UTC)',
    axis: { labelAngle: -30 },
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, anchor: 'start' },
    config: { font: 'DejaVu Sans', view: { stroke: null } },
    vconcat: [
      {
        width: 560,
        height: 200,
        title: 'Open findings by severity',
        data: { values: d.open },
        mark: { type: 'bar' },
        encoding: {
          x,
          y: { field: 'count', type: 'quantitative', title: 'findings', stack: 'zero' },
          color: {
            field: 'severity',
            type: 'nominal',
            scale: { domain: [...SEVERITIES], range: COLORS },
            sort: [...SEVERITIES],
          },
          order: { field: 'order', type: 'quantitative', sort: 'ascending' },
        },
      },
      {
        width: 560,
        height: 120,
        title: 'Opened and resolved per scan',
        data: { values: d.changes },
        mark: { type: 'bar' },
        encoding: {
          x,
          xOffset: { field: 'change', type: 'nominal' },
          y: { field: 'count', type: 'quantitative', title: 'findings' },
          color: {
            field: 'change',
            type: 'nominal',
            scale: { domain: ['opened', 'resolved'], range: ['#dc2626', '#16a34a'] },
          },
        },
      },
    ],
    resolve: { scale: { color: 'independent' } },
  } as TopLevelSpec;
}
