/**
 * Findings history and the resources table. A finding is keyed by (account, rule, resource id).
 * Seen again: last_seen moves, missed_scans resets, a resolved finding reopens. Not seen by a
 * COMPLETE scan that checked the rule: missed_scans + 1; at 2 it resolves. A partial scan never
 * counts a miss, so it never resolves anything. Resources follow the same two-complete-scans rule
 * for decommissioning. All set-based (one statement per step), batched inserts.
 */
import { and, asc, desc, eq, gte, inArray, lt, ne, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { findings, resources } from '../schema';

export const RESOLVE_AFTER_MISSES = 2;

export interface FindingInput {
  ruleId: string;
  resourceId: string;
  region?: string | null;
  severity: string;
  title: string;
  detail?: Record<string, unknown>;
}

export interface ResourceInput {
  resourceId: string;
  type: string;
}

const CHUNK = 500;
function chunks<T>(xs: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += CHUNK) out.push(xs.slice(i, i + CHUNK));
  return out;
}

/** Upserts the findings a scan saw; returns how many were new and how many reopened. */
export async function upsertSeenFindings(
  db: Db,
  account: string,
  scanId: number,
  at: Date,
  seen: FindingInput[],
): Promise<{ opened: number; reopened: number }> {
  let opened = 0;
  let reopened = 0;
  for (const part of chunks(seen)) {
    const before = await db
      .select({ ruleId: findings.ruleId, resourceId: findings.resourceId, status: findings.status })
      .from(findings)
      .where(
        and(eq(findings.account, account), inArray(findings.resourceId, [...new Set(part.map((f) => f.resourceId))])),
      );
    const known = new Map(before.map((b) => [`${b.ruleId}\u0000${b.resourceId}`, b.status]));
    for (const f of part) {
      const st = known.get(`${f.ruleId}\u0000${f.resourceId}`);
      if (st === undefined) opened++;
      else if (st === 'resolved') reopened++;
    }
    await db
      .insert(findings)
      .values(
        part.map((f) => ({
          account,
          ruleId: f.ruleId,
          resourceId: f.resourceId,
          region: f.region ?? null,
          severity: f.severity,
          title: f.title,
          detail: f.detail ?? {},
          status: 'open',
          firstSeen: at,
          lastSeen: at,
          lastScanId: scanId,
          missedScans: 0,
        })),
      )
      .onConflictDoUpdate({
        target: [findings.account, findings.ruleId, findings.resourceId],
        set: {
          region: sql`excluded.region`,
          severity: sql`excluded.severity`,
          title: sql`excluded.title`,
          detail: sql`excluded.detail`,
          status: 'open',
          lastSeen: at,
          lastScanId: scanId,
          missedScans: 0,
          resolvedAt: null,
        },
      });
  }
  return { opened, reopened };
}

/**
 * After a complete scan: open findings of `checkedRules` not seen by it count one miss; those at
 * RESOLVE_AFTER_MISSES resolve. Returns the ids resolved now.
 */
export async function recordMisses(
  db: Db,
  account: string,
  scanId: number,
  at: Date,
  checkedRules: string[],
): Promise<{ missed: number; resolved: number }> {
  if (!checkedRules.length) return { missed: 0, resolved: 0 };
  const missed = await db
    .update(findings)
    .set({ missedScans: sql`${findings.missedScans} + 1` })
    .where(
      and(
        eq(findings.account, account),
        eq(findings.status, 'open'),
        ne(findings.lastScanId, scanId),
        inArray(findings.ruleId, checkedRules),
      ),
    )
    .returning({ id: findings.id });
  const resolved = await db
    .update(findings)
    .set({ status: 'resolved', resolvedAt: at })
    .where(
      and(
        eq(findings.account, account),
        eq(findings.status, 'open'),
        sql`${findings.missedScans} >= ${RESOLVE_AFTER_MISSES}`,
      ),
    )
    .returning({ id: findings.id });
  return { missed: missed.length, resolved: resolved.length };
}

/** Marks resources seen; after a complete scan, counts misses and decommissions at two. */
export async function recordResources(
  db: Db,
  account: string,
  at: Date,
  seen: ResourceInput[],
  complete: boolean,
): Promise<{ decommissioned: number }> {
  for (const part of chunks(seen))
    await db
      .insert(resources)
      .values(
        part.map((r) => ({
          account,
          resourceId: r.resourceId,
          type: r.type,
          firstSeen: at,
          lastSeen: at,
          missedScans: 0,
        })),
      )
      .onConflictDoUpdate({
        target: [resources.account, resources.resourceId],
        set: { type: sql`excluded.type`, lastSeen: at, missedScans: 0, decommissionedAt: null },
      });
  if (!complete) return { decommissioned: 0 };
  await db
    .update(resources)
    .set({ missedScans: sql`${resources.missedScans} + 1` })
    .where(and(eq(resources.account, account), lt(resources.lastSeen, at), sql`${resources.decommissionedAt} is null`));
  const gone = await db
    .update(resources)
    .set({ decommissionedAt: at })
    .where(
      and(
        eq(resources.account, account),
        sql`${resources.decommissionedAt} is null`,
        sql`${resources.missedScans} >= ${RESOLVE_AFTER_MISSES}`,
      ),
    )
    .returning({ id: resources.id });
  return { decommissioned: gone.length };
}

export interface FindingFilter {
  status?: 'open' | 'resolved';
  severities?: string[];
  accounts?: string[];
  ruleIds?: string[];
  /** First seen at or after (digests: "new since yesterday"). */
  openedSince?: Date;
  /** Resolved at or after. */
  resolvedSince?: Date;
  limit?: number;
}

const severityOrder = sql`case ${findings.severity} when 'critical' then 4 when 'high' then 3 when 'medium' then 2 when 'low' then 1 else 0 end`;

function where(f: FindingFilter): SQL | undefined {
  const c: SQL[] = [];
  if (f.status) c.push(eq(findings.status, f.status));
  if (f.severities?.length) c.push(inArray(findings.severity, f.severities));
  if (f.accounts?.length) c.push(inArray(findings.account, f.accounts));
  if (f.ruleIds?.length) c.push(inArray(findings.ruleId, f.ruleIds));
  if (f.openedSince) c.push(gte(findings.firstSeen, f.openedSince));
  if (f.resolvedSince) c.push(gte(findings.resolvedAt, f.resolvedSince));
  return c.length ? and(...c) : undefined;
}

export async function listFindings(db: Db, f: FindingFilter = {}) {
  return db
    .select()
    .from(findings)
    .where(where(f))
    .orderBy(desc(severityOrder), desc(findings.lastSeen), asc(findings.ruleId), asc(findings.resourceId))
    .limit(f.limit ?? 100);
}

export async function countFindings(db: Db, f: FindingFilter = {}): Promise<{ severity: string; count: number }[]> {
  const rows = await db
    .select({ severity: findings.severity, count: sql<number>`count(*)::int` })
    .from(findings)
    .where(where(f))
    .groupBy(findings.severity);
  return rows.map((r) => ({ severity: r.severity, count: Number(r.count) }));
}

export async function getFinding(db: Db, account: string, ruleId: string, resourceId: string) {
  const rows = await db
    .select()
    .from(findings)
    .where(and(eq(findings.account, account), eq(findings.ruleId, ruleId), eq(findings.resourceId, resourceId)));
  return rows[0];
}

export async function getResource(db: Db, account: string, resourceId: string) {
  const rows = await db
    .select()
    .from(resources)
    .where(and(eq(resources.account, account), eq(resources.resourceId, resourceId)));
  return rows[0];
}
