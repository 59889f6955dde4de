/**
 * The optional account-list sync `serve` runs (TRAILHOUND_DISCOVER_EVERY_HOURS): `accounts discover`
 * for the whole organization on a timer, applied like the command (added, updated, suspended; never
 * deleted). A failed run is logged and tried again at the next tick; nothing is changed then.
 */
import type { Config } from '../config';
import type { Db } from '../db/client';
import { type DiscoverResult, discoverAccounts } from './discover-accounts';

export interface DiscoverSchedule {
  stop(): void;
  /** Runs one sync now (what the timer calls). */
  runOnce(): Promise<DiscoverResult | Error>;
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
}): DiscoverSchedule {
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
  const timer = setInterval(() => void runOnce(), o.everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer), runOnce };
}
