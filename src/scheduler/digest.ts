/**
 * The posture digest (pure): what on-call reads in the channel after a scheduled scan — per
 * account, counts by severity, what changed since the last scan, the worst findings, and what
 * could not be checked.
 */
import type { TrendPoint } from '../charts/posture-trend';
import type { ToolResult } from '../../tools/define-tool';
import type { PostureScanData } from '../../tools/posture-scan';

export interface Digest {
  title: string;
  /** One line per account. */
  accounts: { account: string; status: string; line: string }[];
  top: { severity: string; account: string; rule: string; resource: string; message: string }[];
  warnings: string[];
  totals: PostureScanData['totals'];
  failed: boolean;
  /** The schedule's accounts over their last scans (this one included): the trend chart's data. */
  trend?: TrendPoint[];
}

const ORDER = ['critical', 'high', 'medium', 'low'] as const;

export function buildDigest(
  scheduleName: string,
  at: Date,
  result: ToolResult<PostureScanData> | { error: string },
): Digest {
  const title = `Posture digest “${scheduleName}” — ${at.toISOString().slice(0, 16).replace('T', ' ')}Z`; // the one short format (shortTime; src/cloudtrail is not this layer's);
  if ('error' in result)
    return {
      title,
      accounts: [],
      top: [],
      warnings: [`The scan could not run: ${result.error}`],
      totals: { critical: 0, high: 0, medium: 0, low: 0 },
      failed: true,
    };
  const d = result.data;
  return {
    title,
    accounts: d.accounts.map((a) => {
      const counts = ORDER.map((s) => `${a.bySeverity[s] ?? 0} ${s}`).join(', ');
      const h = a.history;
      const change = h ? ` · ${h.opened} new, ${h.reopened} reopened, ${h.resolved} resolved since the last scan` : '';
      const status =
        a.status === 'complete'
          ? ''
          : a.status === 'partial'
            ? ' · partial (some checks could not run)'
            : ' · FAILED (nothing could be read)';
      return { account: a.account, status: a.status, line: `${counts}${change}${status}` };
    }),
    top: d.topFindings.slice(0, 10).map((f) => ({
      severity: f.severity,
      account: f.account,
      rule: f.rule,
      resource: f.resource,
      message: f.message,
    })),
    warnings: result.warnings.slice(0, 5),
    totals: d.totals,
    failed: d.accounts.length > 0 && d.accounts.every((a) => a.status === 'failed'),
  };
}

/** Plain text, for the CLI and Slack's notification fallback. */
export function digestText(d: Digest): string {
  const lines = [d.title];
  for (const a of d.accounts) lines.push(`• ${a.account}: ${a.line}`);
  if (d.top.length) {
    lines.push('Top findings:');
    for (const f of d.top) lines.push(`  [${f.severity}] ${f.account}: ${f.message}`);
  }
  for (const w of d.warnings) lines.push(`⚠ ${w}`);
  return lines.join('\n');
}
