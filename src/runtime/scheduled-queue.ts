/**
 * What `serve` hands its scheduler on PostgreSQL: a due account scan, once claimed (one replica per
 * due time, src/db/queries/account-scans.ts), is queued as a scan job for `trailhound worker`
 * instead of running in the bot's process. Embedded (PGlite) and evidence-folder (demo) mode have
 * no queue: the scheduler runs the scan in-process as before.
 */
import type { Config } from '../config';
import { JobQueue, type ScanJob } from '../queue/jobs';

export interface ScheduledQueue {
  enqueue(account: string): Promise<string | null>;
  stop(): Promise<void>;
}

/** The scan job a scheduled scan becomes (stored by the worker with trigger `schedule`). */
export function scheduledScanJob(account: string): ScanJob {
  return { account, requestedBy: 'schedule', trigger: 'schedule' };
}

/** Opens the queue when scheduled scans should go to the workers; undefined for the in-process path. */
export async function openScheduledQueue(o: {
  config: Pick<Config, 'DATABASE_URL'>;
  dbKind: 'postgres' | 'pglite';
  evidence: boolean;
  open?: typeof JobQueue.open;
}): Promise<ScheduledQueue | undefined> {
  if (o.evidence || o.dbKind !== 'postgres' || !o.config.DATABASE_URL) return undefined;
  const queue = await (o.open ?? JobQueue.open.bind(JobQueue))(o.config.DATABASE_URL, { max: 2 });
  return {
    enqueue: (account) => queue.enqueue('scan', scheduledScanJob(account)),
    stop: () => queue.stop({ graceful: false, timeout: 5_000 }),
  };
}
