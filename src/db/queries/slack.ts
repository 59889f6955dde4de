/** Queries the Slack surface needs: thread follow-ups and the App Home summary. */
import { desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { conversations, findings, scans } from '../schema';

/** True when Trailhound already has a conversation for this thread (a follow-up needs no mention). */
export async function conversationExists(db: Db, threadKey: string): Promise<boolean> {
  const rows = await db.select({ id: conversations.id }).from(conversations).where(eq(conversations.threadKey, threadKey)).limit(1);
  return rows.length > 0;
}

export type ScanRow = typeof scans.$inferSelect;

/** The latest finished (complete, partial or failed) scan of each account. */
export async function latestScanPerAccount(db: Db): Promise<ScanRow[]> {
  const latest = db
    .select({ id: sql<number>`max(${scans.id})`.as('id') })
    .from(scans)
    .where(inArray(scans.status, ['complete', 'partial', 'failed']))
    .groupBy(scans.account)
    .as('latest');
  const rows = await db.select().from(scans).where(inArray(scans.id, db.select({ id: latest.id }).from(latest))).orderBy(desc(scans.startedAt));
  return rows;
}

export type FindingRow = typeof findings.$inferSelect;

const SEVERITY_ORDER = sql`case ${findings.severity} when 'critical' then 0 when 'high' then 1 when 'medium' then 2 when 'low' then 3 else 4 end`;

/** Open findings, most severe first, with the total count. */
export async function openFindings(db: Db, limit = 40): Promise<{ rows: FindingRow[]; total: number }> {
  const rows = await db.select().from(findings).where(eq(findings.status, 'open')).orderBy(SEVERITY_ORDER, desc(findings.lastSeen)).limit(limit);
  const [c] = await db.select({ n: sql<number>`count(*)::int` }).from(findings).where(eq(findings.status, 'open'));
  return { rows, total: Number(c?.n ?? rows.length) };
}
