/** Posture scans: one row per account per scan, with its status, summary and what it could check. */
import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../client';
import { scans } from '../schema';

export type ScanStatus = 'running' | 'complete' | 'partial' | 'failed';

export async function startScan(db: Db, account: string, source: string, startedAt: Date): Promise<number> {
  const [row] = await db
    .insert(scans)
    .values({ account, source, status: 'running', startedAt })
    .returning({ id: scans.id });
  return row!.id;
}

export async function finishScan(
  db: Db,
  id: number,
  r: {
    status: ScanStatus;
    finishedAt: Date;
    summary: unknown;
    warnings: string[];
    checkedRules: string[];
    trigger?: string;
    regions?: Record<string, { status: 'complete' | 'partial' | 'failed'; errors: string[] }>;
    resourceCount?: number;
  },
): Promise<void> {
  await db
    .update(scans)
    .set({
      status: r.status,
      finishedAt: r.finishedAt,
      summary: r.summary,
      warnings: r.warnings,
      checkedRules: r.checkedRules,
      ...(r.trigger ? { trigger: r.trigger } : {}),
      ...(r.regions ? { regions: r.regions } : {}),
      ...(r.resourceCount !== undefined ? { resourceCount: r.resourceCount } : {}),
    })
    .where(eq(scans.id, id));
}

export async function listScans(db: Db, o: { account?: string; limit?: number } = {}) {
  return db
    .select()
    .from(scans)
    .where(o.account ? eq(scans.account, o.account) : undefined)
    .orderBy(desc(scans.id))
    .limit(o.limit ?? 20);
}

export async function latestScan(db: Db, account: string, status?: ScanStatus) {
  const rows = await db
    .select()
    .from(scans)
    .where(status ? and(eq(scans.account, account), eq(scans.status, status)) : eq(scans.account, account))
    .orderBy(desc(scans.id))
    .limit(1);
  return rows[0];
}
