/** The scan history a posture trend chart draws: the last finished scans of some accounts, oldest first. */
import { and, desc, inArray, isNotNull, ne } from 'drizzle-orm';
import type { TrendPoint } from '../../charts/posture-trend';
import type { Db } from '../client';
import { scans } from '../schema';

interface StoredSummary {
  bySeverity?: TrendPoint['bySeverity'];
  opened?: number;
  reopened?: number;
  resolved?: number;
}

/** Up to `limit` finished (complete or partial) scans per account; failed and running scans are left out. */
export async function scanTrend(db: Db, accounts: string[], limit = 12): Promise<TrendPoint[]> {
  if (accounts.length === 0) return [];
  const rows = await db
    .select({
      account: scans.account,
      status: scans.status,
      finishedAt: scans.finishedAt,
      summary: scans.summary,
    })
    .from(scans)
    .where(and(inArray(scans.account, accounts), isNotNull(scans.finishedAt), ne(scans.status, 'failed')))
    .orderBy(desc(scans.id))
    .limit(limit * accounts.length);
  const perAccount = new Map<string, number>();
  const out: TrendPoint[] = [];
  for (const r of rows) {
    const n = perAccount.get(r.account) ?? 0;
    if (n >= limit || r.status === 'running') continue;
    perAccount.set(r.account, n + 1);
    const s = (r.summary ?? {}) as StoredSummary;
    out.push({
      at: r.finishedAt!,
      account: r.account,
      status: r.status,
      bySeverity: s.bySeverity ?? {},
      opened: (s.opened ?? 0) + (s.reopened ?? 0),
      resolved: s.resolved ?? 0,
    });
  }
  return out.sort((a, b) => a.at.getTime() - b.at.getTime());
}
