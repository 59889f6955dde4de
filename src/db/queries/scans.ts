/** Posture scans: one row per account per scan, with its status, summary and what it could check. */
import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../client';
import { scans } from '../schema';

export type ScanStatus = 'running' | 'complete' | 'partial' | 'failed';

/** What the scan cost in AWS calls (stored in the summary, printed by `trailhound scans --json`). */
export interface ScanCalls {
  apiCalls: number;
  throttles: number;
  throttlesByApi: Record<string, number>;
}

/** Written when a scan starts, so a scan that never finishes (crash, failure) still shows in the history. */
export async function startScan(
  db: Db,
  account: string,
  source: string,
  startedAt: Date,
  trigger: 'manual' | 'schedule' = 'manual',
): Promise<number> {
  const [row] = await db
    .insert(scans)
    .values({ account, source, status: 'running', startedAt, trigger })
    .returning({ id: scans.id });
  return row!.id;
}

/**
 * A scan that read nothing usable or stopped with an error: `failed`, with the reason and how each
 * region went. It resolves nothing and touches no finding (only storeScan does).
 */
export async function failScan(
  db: Db,
  id: number,
  r: {
    finishedAt: Date;
    reason: string;
    warnings?: string[];
    regions?: Record<string, { status: 'complete' | 'partial' | 'failed'; errors: string[] }>;
    calls?: ScanCalls;
  },
): Promise<void> {
  await db
    .update(scans)
    .set({
      status: 'failed',
      finishedAt: r.finishedAt,
      summary: { reason: r.reason, ...(r.calls ?? {}) },
      warnings: r.warnings ?? [r.reason],
      checkedRules: [],
      ...(r.regions ? { regions: r.regions } : {}),
    })
    .where(eq(scans.id, id));
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
