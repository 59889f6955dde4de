import { asc, eq } from 'drizzle-orm';
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
