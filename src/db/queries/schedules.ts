import { and, asc, eq, isNull, lte } from 'drizzle-orm';
import type { Db } from '../client';
import { schedules } from '../schema';

export type ScheduleRow = typeof schedules.$inferSelect;

/** Schedules, by name; only enabled ones unless `all`. */
export async function listSchedules(db: Db, o: { all?: boolean } = {}): Promise<ScheduleRow[]> {
  return db
    .select()
    .from(schedules)
    .where(o.all ? undefined : eq(schedules.enabled, true))
    .orderBy(asc(schedules.name));
}

export interface NewSchedule {
  name: string;
  cron: string;
  channel: string;
  accounts: string[];
  createdBy: string;
  nextRunAt: Date;
}

/** Adds or replaces a schedule by name. */
export async function upsertSchedule(db: Db, s: NewSchedule): Promise<void> {
  await db
    .insert(schedules)
    .values({ ...s, kind: 'digest', enabled: true })
    .onConflictDoUpdate({
      target: schedules.name,
      set: { cron: s.cron, channel: s.channel, accounts: s.accounts, enabled: true, nextRunAt: s.nextRunAt },
    });
}

export async function removeSchedule(db: Db, name: string): Promise<boolean> {
  return (await db.delete(schedules).where(eq(schedules.name, name)).returning({ id: schedules.id })).length > 0;
}

export async function getSchedule(db: Db, name: string): Promise<ScheduleRow | undefined> {
  return (await db.select().from(schedules).where(eq(schedules.name, name)))[0];
}

/** Enabled schedules whose next run is due. */
export async function dueSchedules(db: Db, now: Date): Promise<ScheduleRow[]> {
  return db
    .select()
    .from(schedules)
    .where(and(eq(schedules.enabled, true), lte(schedules.nextRunAt, now)))
    .orderBy(asc(schedules.nextRunAt));
}

/**
 * Claims one due run: moves next_run_at forward only if nobody else already did (compare-and-set on
 * the value read), so two replicas never post the same digest twice.
 */
export async function claimScheduleRun(db: Db, s: ScheduleRow, now: Date, next: Date): Promise<boolean> {
  const rows = await db
    .update(schedules)
    .set({ lastRunAt: now, nextRunAt: next })
    .where(
      and(eq(schedules.id, s.id), s.nextRunAt ? eq(schedules.nextRunAt, s.nextRunAt) : isNull(schedules.nextRunAt)),
    )
    .returning({ id: schedules.id });
  return rows.length === 1;
}
