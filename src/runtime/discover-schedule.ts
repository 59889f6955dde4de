/**
 * The optional account-list sync `serve` runs (TRAILHOUND_DISCOVER_EVERY_HOURS): `accounts discover`
 * for the whole organization on a timer, applied like the command (added, updated, suspended; never
 * deleted). The timer lives in the database (src/db/queries/timers.ts): every replica checks it each
 * minute and exactly one claims each due run, so N replicas sync once per interval, not N times, and
 * a restart does not push the next run back. A failed run is logged and changes nothing; it is tried
 * again at the next due time.
 */
import type { Config } from '../config';
import type { Db } from '../db/client';
import { claimTimer, timerDue } from '../db/queries/timers';
import { type DiscoverResult, discoverAccounts } from './discover-accounts';

export const DISCOVER_TIMER = 'accounts-discover';

export interface DiscoverSchedule {
  stop(): void;
  /** Runs one sync now, unclaimed. */
  runOnce(): Promise<DiscoverResult | Error>;
  /**
   * What the timer calls: when the shared timer is due and this replica claims it, runs one sync;
   * null when not due or another replica claimed it.
   */
  tick(): Promise<DiscoverResult | Error | null>;
}

export function discoverScheduleOf(config: Config): { everyMs: number; roleName: string; regions: string[] } | null {
  const hours = config.TRAILHOUND_DISCOVER_EVERY_HOURS;
  if (!hours) return null;
  return {
    everyMs: hours * 3_600_000,
    roleName: config.TRAILHOUND_DISCOVER_ROLE_NAME ?? 'TrailhoundReadOnly',
    regions: [process.env.AWS_REGION ?? 'us-east-1'],
  };
}

export function startDiscoverSchedule(o: {
  db: Db;
  everyMs: number;
  roleName: string;
  regions: string[];
  log: (message: string, fields?: Record<string, unknown>) => void;
  discover?: typeof discoverAccounts;
  now?: () => Date;
  /** How often this replica checks the shared timer (default: every minute, or everyMs if shorter). */
  checkMs?: number;
}): DiscoverSchedule {
  const now = o.now ?? (() => new Date());
  let running = false;
  const runOnce = async (): Promise<DiscoverResult | Error> => {
    if (running) return new Error('a sync is already running');
    running = true;
    try {
      const r = await (o.discover ?? discoverAccounts)(o.db, { roleName: o.roleName, regions: o.regions });
      const counts: Record<string, number> = {};
      for (const c of r.changes) counts[c.kind] = (counts[c.kind] ?? 0) + 1;
      o.log('account list synced with the organization', { listed: r.listed, ...counts });
      return r;
    } catch (err) {
      o.log('account list sync failed; nothing changed, retried at the next run', {
        error: (err as Error).message,
      });
      return err as Error;
    } finally {
      running = false;
    }
  };
  const tick = async (): Promise<DiscoverResult | Error | null> => {
    try {
      const at = now();
      // Never run before: the first sync is one interval after the first replica starts.
      const due = await timerDue(o.db, DISCOVER_TIMER, new Date(at.getTime() + o.everyMs));
      if (due.at.getTime() > at.getTime()) return null;
      if (!(await claimTimer(o.db, DISCOVER_TIMER, due, new Date(at.getTime() + o.everyMs)))) return null;
    } catch (err) {
      o.log('account list sync could not check its timer; retried in a minute', { error: (err as Error).message });
      return err as Error;
    }
    return runOnce();
  };
  const timer = setInterval(() => void tick(), o.checkMs ?? Math.min(o.everyMs, 60_000));
  timer.unref();
  return { stop: () => clearInterval(timer), runOnce, tick };
}
