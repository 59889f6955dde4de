/**
 * Interval timers shared by every `serve` replica (the `accounts discover` sync): the next due time
 * is a row of the settings table (`timer:<name>`), and a run is claimed with a compare-and-set on
 * it, so of several replicas exactly one runs each due time — like digest schedules and scheduled
 * scans. Stored in the database, the timer also survives restarts: a replica redeployed more often
 * than the interval still runs it when due.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../client';
import { settings } from '../schema';

const keyOf = (name: string) => `timer:${name}`;

export interface TimerState {
  /** When the timer is next due (an unreadable stored value counts as due now). */
  at: Date;
  /** The stored value a claim compares against. */
  stamp: string;
}

/** The timer's next due time; created (first writer wins) as `first` when it has never run. */
export async function timerDue(db: Db, name: string, first: Date): Promise<TimerState> {
  await db
    .insert(settings)
    .values({ key: keyOf(name), value: first.toISOString() })
    .onConflictDoNothing();
  const [row] = await db
    .select()
    .from(settings)
    .where(eq(settings.key, keyOf(name)));
  const stamp = row?.value ?? '';
  const at = new Date(stamp);
  return { at: Number.isNaN(at.getTime()) ? new Date(0) : at, stamp };
}

/**
 * Claims the run `state` describes and moves the timer to `next`: a compare-and-set on the stored
 * value, so true for exactly one caller, however many replicas try at once.
 */
export async function claimTimer(db: Db, name: string, state: TimerState, next: Date): Promise<boolean> {
  const rows = await db
    .update(settings)
    .set({ value: next.toISOString(), updatedAt: new Date() })
    .where(and(eq(settings.key, keyOf(name)), eq(settings.value, state.stamp)))
    .returning({ key: settings.key });
  return rows.length === 1;
}
