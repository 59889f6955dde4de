/**
 * Scheduled scans per account (`accounts add|update --scan-every`): the schedule columns of the
 * accounts table, which accounts are due, and the claim — a compare-and-set on next_scan_at, so
 * of several `serve` replicas exactly one runs each due scan (like digest schedules).
 */
import { and, asc, eq, isNull, lte, or } from 'drizzle-orm';
import type { Db } from '../client';
import { accounts } from '../schema';

export interface ScanSchedule {
  name: string;
  scanEvery: string;
  nextScanAt: Date | null;
  lastScanAt: Date | null;
}

const cols = {
  name: accounts.name,
  scanEvery: accounts.scanEvery,
  nextScanAt: accounts.nextScanAt,
  lastScanAt: accounts.lastScanAt,
};

export async function scanSchedules(db: Db): Promise<ScanSchedule[]> {
  return db.select(cols).from(accounts).orderBy(asc(accounts.name));
}

/** Sets how often an account is scanned and when next; false when there is no such account. */
export async function setScanEvery(db: Db, name: string, scanEvery: string, nextScanAt: Date | null): Promise<boolean> {
  const rows = await db
    .update(accounts)
    .set({ scanEvery, nextScanAt })
    .where(eq(accounts.name, name))
    .returning({ name: accounts.name });
  return rows.length === 1;
}

/** Active accounts whose scan is due (never scanned on schedule, or next_scan_at reached). */
export async function dueAccountScans(db: Db, now: Date): Promise<ScanSchedule[]> {
  return db
    .select(cols)
    .from(accounts)
    .where(and(eq(accounts.status, 'active'), or(isNull(accounts.nextScanAt), lte(accounts.nextScanAt, now))))
    .orderBy(asc(accounts.nextScanAt), asc(accounts.name));
}

/** Claims a due scan: true for exactly one caller per due time, whatever the number of replicas. */
export async function claimAccountScan(db: Db, s: ScanSchedule, now: Date, next: Date): Promise<boolean> {
  const rows = await db
    .update(accounts)
    .set({ lastScanAt: now, nextScanAt: next })
    .where(
      and(
        eq(accounts.name, s.name),
        s.nextScanAt ? eq(accounts.nextScanAt, s.nextScanAt) : isNull(accounts.nextScanAt),
      ),
    )
    .returning({ name: accounts.name });
  return rows.length === 1;
}
