/**
 * The resource inventory: what complete and partial scans saw per account (type, id/ARN, region,
 * first and last seen), and what was decommissioned (missing from two consecutive complete scans).
 */
import { and, asc, count, eq, isNull, isNotNull, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { resources } from '../schema';

export interface InventoryFilter {
  account?: string;
  type?: string;
  /** active (default): not decommissioned; decommissioned; all. */
  state?: 'active' | 'decommissioned' | 'all';
  limit?: number;
}

function where(f: InventoryFilter): SQL | undefined {
  const c: SQL[] = [];
  if (f.account) c.push(eq(resources.account, f.account));
  if (f.type) c.push(eq(resources.type, f.type));
  if ((f.state ?? 'active') === 'active') c.push(isNull(resources.decommissionedAt));
  if (f.state === 'decommissioned') c.push(isNotNull(resources.decommissionedAt));
  return c.length ? and(...c) : undefined;
}

export async function listResources(db: Db, f: InventoryFilter = {}) {
  return db
    .select({
      account: resources.account,
      type: resources.type,
      resourceId: resources.resourceId,
      region: resources.region,
      firstSeen: resources.firstSeen,
      lastSeen: resources.lastSeen,
      decommissionedAt: resources.decommissionedAt,
    })
    .from(resources)
    .where(where(f))
    .orderBy(asc(resources.account), asc(resources.type), asc(resources.resourceId))
    .limit(f.limit ?? 200);
}

export async function countResources(db: Db, f: InventoryFilter = {}) {
  const rows = await db
    .select({ account: resources.account, type: resources.type, count: count() })
    .from(resources)
    .where(where(f))
    .groupBy(resources.account, resources.type)
    .orderBy(asc(resources.account), asc(resources.type));
  return rows.map((r) => ({ ...r, count: Number(r.count) }));
}
