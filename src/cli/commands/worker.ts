/**
 * `trailhound worker`: processes scan and collect jobs from the PostgreSQL queue (DATABASE_URL)
 * until stopped; `--status` lists queued, running and recent jobs with their progress instead.
 * Also the enqueue helper `scan` and `collect` use when PostgreSQL is configured.
 */
import type { Command } from 'commander';
import { type Config, config } from '../../config';
import { type CollectJob, type JobStatus, JobQueue, type ScanJob } from '../../queue/jobs';
import { startWorker } from '../../runtime/worker';
import { cliActor, printJson, withApp } from '../app';
import { CliError } from '../errors';

export function needPostgres(config: Config, what: string): string {
  if (!config.DATABASE_URL)
    throw new CliError(
      `${what} needs PostgreSQL (DATABASE_URL): the job queue lives there. With the embedded database, scans and collections run in this process.`,
      2,
    );
  return config.DATABASE_URL;
}

export interface Enqueued {
  account: string;
  jobId: string | null;
  /** True when a job for this account was already waiting (not queued twice). */
  alreadyQueued: boolean;
}

export async function enqueueJobs(
  config: Config,
  kind: 'scan',
  jobs: Omit<ScanJob, 'requestedBy'>[],
): Promise<Enqueued[]>;
export async function enqueueJobs(
  config: Config,
  kind: 'collect',
  jobs: Omit<CollectJob, 'requestedBy'>[],
): Promise<Enqueued[]>;
export async function enqueueJobs(
  config: Config,
  kind: 'scan' | 'collect',
  jobs: (Omit<ScanJob, 'requestedBy'> | Omit<CollectJob, 'requestedBy'>)[],
): Promise<Enqueued[]> {
  const queue = await JobQueue.open(needPostgres(config, 'Queueing'), { max: 2 });
  try {
    const out: Enqueued[] = [];
    for (const j of jobs) {
      const data = { ...j, requestedBy: cliActor() };
      const id =
        kind === 'scan'
          ? await queue.enqueue('scan', data as ScanJob)
          : await queue.enqueue('collect', data as CollectJob);
      out.push({ account: j.account, jobId: id, alreadyQueued: id === null });
    }
    return out;
  } finally {
    await queue.stop({ graceful: false, timeout: 5_000 });
  }
}

export function renderEnqueued(kind: string, rows: Enqueued[]): string {
  const lines = rows.map((r) =>
    r.alreadyQueued
      ? `  ${r.account}: a ${kind} is already waiting for this account (not queued twice)`
      : `  ${r.account}: queued as job ${r.jobId}`,
  );
  return [
    `${rows.length} ${kind} job(s):`,
    ...lines,
    'Workers (`trailhound worker`) run them; follow them with `trailhound worker --status`.',
  ].join('\n');
}

function renderStatus(rows: JobStatus[]): string {
  if (!rows.length) return 'No jobs.';
  return rows
    .map(
      (r) =>
        `${r.state.padEnd(9)} ${r.queue.padEnd(7)} ${r.account.padEnd(20)} ${r.id}  attempts ${r.attempts}${r.progress ? `  — ${r.progress}` : ''}`,
    )
    .join('\n');
}

export function register(program: Command): void {
  program
    .command('worker')
    .description(
      'Process scan and collect jobs from the PostgreSQL queue (DATABASE_URL) until stopped (Ctrl-C finishes the running jobs). Run one per machine or replica; per-account and per-service AWS rates hold across all of them. --status lists queued, running and recent jobs instead.',
    )
    .option('--concurrency <n>', 'jobs at once in this process, per queue (1-32)', '2')
    .option('--status', 'list queued, running and recent jobs with their progress, then exit')
    .option('--limit <n>', 'with --status: rows (1-1000)', '100')
    .option('--json', 'with --status: print as JSON')
    .action(async (o: { concurrency: string; status?: boolean; limit: string; json?: boolean }) => {
      const concurrency = Number(o.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32)
        throw new CliError('--concurrency must be a whole number from 1 to 32.', 2);
      const limit = Number(o.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
        throw new CliError('--limit must be a whole number from 1 to 1000.', 2);
      // Checked before opening any database: the embedded one takes seconds to start.
      const url = needPostgres(config(), 'trailhound worker');
      await withApp(async (app) => {
        if (o.status) {
          const queue = await JobQueue.open(url, { max: 2 });
          try {
            const rows = await queue.status({ limit });
            if (o.json) printJson({ jobs: rows });
            else console.log(renderStatus(rows));
          } finally {
            await queue.stop({ graceful: false, timeout: 5_000 });
          }
          return;
        }
        const queue = await JobQueue.open(url, { supervise: true, max: concurrency * 2 + 2 });
        await startWorker({
          config: app.config,
          db: app.db.db,
          queue,
          concurrency,
          log: (m) => console.error(m),
        });
        console.error(`Worker started: ${concurrency} job(s) at a time per queue. Ctrl-C to stop.`);
        await new Promise<void>((resolve) => {
          const stop = () => resolve();
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        console.error('Stopping: waiting for running jobs to finish…');
        await queue.stop({ graceful: true, timeout: 60_000 });
      });
    });
}
