/**
 * Findings history and the resources table. A finding is keyed by (account, rule, resource id).
 * Seen again: last_seen moves, missed_scans resets, a resolved finding reopens. Not seen by a
 * COMPLETE scan that checked the rule: missed_scans + 1; at 2 it resolves. A partial scan never
 * counts a miss, so it never resolves anything. Resources follow the same two-complete-scans rule
 * for decommissioning. All set-based (one statement per step); inserts are batched upserts, one JSON parameter per batch.
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
  region?: string | null;
}

/**
 * Rows per statement: each batch is one JSON parameter, so a statement's size, not its parameter count,
 * is the limit. 500 rather than 2,000: with PGlite the batch is parsed inside WebAssembly memory, which
 * never shrinks; at 10,000 roles (18,000 findings) the smaller batch peaked ~35 MiB lower, no slower.
 */
const CHUNK = 500;
function chunks<T>(xs: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += CHUNK) out.push(xs.slice(i, i + CHUNK));
  return out;
}

/** Rows of `db.execute` from either driver (postgres.js returns the rows, PGlite `{ rows }`). */
function rowsOf<T>(r: unknown): T[] {
  return (Array.isArray(r) ? r : ((r as { rows?: T[] }).rows ?? [])) as T[];
}

/** One row per key (the last wins): an upsert statement may not touch a row twice. */
function uniqueBy<T>(xs: T[], key: (x: T) => string): T[] {
  return [...new Map(xs.map((x) => [key(x), x])).values()];
}

/**
 * Upserts the findings a scan saw; returns how many were new and how many reopened. One statement
 * per batch of CHUNK findings: the batch is a single JSON parameter, the previous status is read
 * from the same snapshot the upsert writes over, and the counts come back with it (no
 * select-then-write round trips).
 */
export async function upsertSeenFindings(
  db: Db,
  account: string,
  scanId: number,
  at: Date,
  seen: FindingInput[],
): Promise<{ opened: number; reopened: number }> {
  let opened = 0;
  let reopened = 0;
  const atIso = at.toISOString();
  for (const part of chunks(uniqueBy(seen, (f) => `${f.ruleId}\u0000${f.resourceId}`))) {
    const batch = JSON.stringify(
      part.map((f) => ({
        rule_id: f.ruleId,
        resource_id: f.resourceId,
        region: f.region ?? null,
        severity: f.severity,
        title: f.title,
        detail: f.detail ?? {},
      })),
    );
    const r = await db.execute(sql`
      with input as (
        select * from jsonb_to_recordset(${batch}::jsonb)
          as x(rule_id text, resource_id text, region text, severity text, title text, detail jsonb)
      ), prev as (
        select f.status from findings f
          join input i on f.account = ${account} and f.rule_id = i.rule_id and f.resource_id = i.resource_id
      ), up as (
        insert into findings (account, rule_id, resource_id, region, severity, title, detail, status,
                              first_seen, last_seen, last_scan_id, missed_scans)
        select ${account}, rule_id, resource_id, region, severity, title, coalesce(detail, '{}'::jsonb), 'open',
               ${atIso}::timestamptz, ${atIso}::timestamptz, ${scanId}, 0
          from input
        on conflict (account, rule_id, resource_id) do update set
          region = excluded.region, severity = excluded.severity, title = excluded.title, detail = excluded.detail,
          status = 'open', last_seen = excluded.last_seen, last_scan_id = excluded.last_scan_id,
          missed_scans = 0, resolved_at = null, resolution = null
        returning (xmax = 0) as inserted
      )
      select (select count(*) from up where inserted)::int as opened,
             (select count(*) from prev where status = 'resolved')::int as reopened`);
    const [row] = rowsOf<{ opened: number; reopened: number }>(r);
    opened += Number(row?.opened ?? 0);
    reopened += Number(row?.reopened ?? 0);
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
    .set({ status: 'resolved', resolvedAt: at, resolution: 'not_seen' })
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

/**
 * Marks resources seen; after a complete scan, counts misses and decommissions at two — and then
 * resolves the open findings on a decommissioned resource (resolution `decommissioned`; the rows
 * and their history stay). A partial scan only refreshes what it saw.
 */
export async function recordResources(
  db: Db,
  account: string,
  at: Date,
  seen: ResourceInput[],
  complete: boolean,
): Promise<{ decommissioned: number; findingsResolved: number }> {
  const atIso = at.toISOString();
  for (const part of chunks(uniqueBy(seen, (r) => r.resourceId))) {
    const batch = JSON.stringify(
      part.map((r) => ({ resource_id: r.resourceId, type: r.type, region: r.region ?? null })),
    );
    await db.execute(sql`
      insert into resources (account, resource_id, type, region, first_seen, last_seen, missed_scans)
      select ${account}, resource_id, type, region, ${atIso}::timestamptz, ${atIso}::timestamptz, 0
        from jsonb_to_recordset(${batch}::jsonb) as x(resource_id text, type text, region text)
      on conflict (account, resource_id) do update set
        type = excluded.type, region = coalesce(excluded.region, resources.region), last_seen = excluded.last_seen,
        missed_scans = 0, decommissioned_at = null`);
  }
  if (!complete) return { decommissioned: 0, findingsResolved: 0 };
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
    .returning({ id: resources.id, resourceId: resources.resourceId });
  let findingsResolved = 0;
  for (const part of chunks(gone.map((g) => g.resourceId))) {
    const r = await db
      .update(findings)
      .set({ status: 'resolved', resolvedAt: at, resolution: 'decommissioned' })
      .where(and(eq(findings.account, account), eq(findings.status, 'open'), inArray(findings.resourceId, part)))
      .returning({ id: findings.id });
    findingsResolved += r.length;
  }
  return { decommissioned: gone.length, findingsResolved };
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
