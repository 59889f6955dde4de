/**
 * `trailhound worker`: takes scan and collect jobs from the PostgreSQL queue (src/queue) and runs
 * them with the same code as the in-process path — a scan is the posture_scan tool on one account,
 * a collect is `collectAccount`. Every SDK call waits for its per-account, per-service token in the
 * PostgreSQL bucket, so the rates hold across every worker and replica. Progress is written as the
 * job runs; the job's output is what was found (and what could not be read). A job is aborted at
 * its time limit, and a thrown job is retried by the queue with backoff.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import postureScan, { type PostureScanData } from '../../tools/posture-scan';
import { DEFAULT_SERVICE_RATE, SERVICE_RATES, setSharedPacer } from '../aws/rate-limit';
import { parseDuration } from '../cloudtrail/time-window';
import type { Config } from '../config';
import type { Db } from '../db/client';
import { listAccounts } from '../db/queries/accounts';
import { installationExternalId } from '../db/queries/settings';
import type { CollectJob, JobQueue, ScanJob } from '../queue/jobs';
import { buildContext } from './build-context';
import { collectAccount, LOOKUP_RETENTION_DAYS, nothingCollected } from './collect';
import { executeTool } from './execute-tool';
import { organizationsReader } from './organizations-reader';

export interface WorkerOptions {
  config: Config;
  db: Db;
  queue: JobQueue;
  /** Jobs run at once in this process (per queue). */
  concurrency: number;
  /** Per-service rates (requests/s per account); default SERVICE_RATES. */
  rates?: Record<string, number>;
  log?: (m: string) => void;
}

/** Installs the PostgreSQL-backed pacer every SDK client awaits (per account and service). */
export function shareRates(queue: JobQueue, rates: Record<string, number> = SERVICE_RATES): void {
  setSharedPacer((service, accountId) =>
    queue.bucket.take(`${service}:${accountId}`, rates[service] ?? DEFAULT_SERVICE_RATE),
  );
}

/** Who a scan job runs as: a scheduled scan keeps the scheduler's actor, so it is stored with trigger `schedule`. */
export function scanJobActor(job: ScanJob): string {
  return job.trigger === 'schedule' ? `schedule:scan:${job.account}` : `worker:${job.requestedBy}`;
}

export async function runScanJob(
  o: Pick<WorkerOptions, 'config' | 'db' | 'queue'>,
  job: { id: string; data: ScanJob; expireInSeconds: number },
): Promise<object> {
  const signal = AbortSignal.timeout(Math.max(1, job.expireInSeconds - 5) * 1000);
  const step = (m: string) => void o.queue.progress(job.id, 'scan', job.data.account, m).catch(() => {});
  step('starting');
  const ctx = await buildContext({
    config: o.config,
    db: o.db,
    accountName: job.data.account,
    actor: scanJobActor(job.data),
    progress: step,
    signal,
  });
  const out = await executeTool(ctx, postureScan, {
    ...(job.data.regions ? { regions: job.data.regions } : {}),
    max_findings: 10,
    store: true,
  });
  if (!out.ok) throw new Error(out.error);
  const d = out.result.data as PostureScanData;
  const failed = d.accounts.filter((a) => a.status === 'failed');
  // Nothing could be read: fail the attempt so the queue retries it (with backoff).
  if (failed.length === d.accounts.length)
    throw new Error(`${job.data.account} could not be read: ${out.result.warnings.slice(0, 3).join(' ')}`);
  step(`done: ${out.result.summary.slice(0, 200)}`);
  return {
    summary: out.result.summary,
    totals: d.totals,
    accounts: d.accounts.map((a) => ({ account: a.account, status: a.status, bySeverity: a.bySeverity })),
    warnings: out.result.warnings.slice(0, 20),
  };
}

export async function runCollectJob(
  o: Pick<WorkerOptions, 'config' | 'db' | 'queue'>,
  job: { id: string; data: CollectJob; expireInSeconds: number },
): Promise<object> {
  const step = (m: string) => void o.queue.progress(job.id, 'collect', job.data.account, m).catch(() => {});
  const accounts = await listAccounts(o.db);
  const account = accounts.find((a) => a.name === job.data.account || a.accountId === job.data.account);
  if (!account) throw new Error(`No account named "${job.data.account}".`);
  const out = resolve(job.data.out);
  // Never mix two collections in one folder (what `collect` checks before queueing, checked again
  // here); a retry of this same job may reuse the folder its earlier attempt started (marked).
  const marker = join(out, '.trailhound-job');
  const ours = existsSync(marker) && readFileSync(marker, 'utf8').trim() === job.id;
  if (!ours && existsSync(out) && readdirSync(out).length > 0)
    throw new Error(`${out} is not empty on this worker; queue the collection to a new folder.`);
  // A retry starts the folder over: the failed attempt's files (CloudTrail named by its own window,
  // parts this attempt may not rewrite) would otherwise stay beside this attempt's and be read as
  // evidence too — the same events twice, or a part this attempt could not read.
  if (ours) for (const f of readdirSync(out)) if (f !== '.trailhound-job') rmSync(join(out, f), { recursive: true });
  mkdirSync(out, { recursive: true });
  writeFileSync(marker, `${job.id}\n`);
  const now = new Date();
  // The job's time limit holds inside the attempt too: an expired attempt must not go on writing
  // into the folder its retry starts over.
  const signal = AbortSignal.timeout(Math.max(1, job.expireInSeconds - 5) * 1000);
  const ms = Math.min(parseDuration(job.data.since), LOOKUP_RETENTION_DAYS * 86_400_000);
  const report = await collectAccount({
    account,
    externalId: await installationExternalId(o.db),
    organizations: organizationsReader(accounts, o.config)(account),
    out,
    start: new Date(now.getTime() - ms),
    end: now,
    regions: job.data.regions ?? account.regions,
    maxEventsPerRegion: job.data.maxEventsPerRegion,
    progress: step,
    now: () => now,
    signal,
  });
  if (signal.aborted)
    throw new Error(
      `The collection of ${account.name} reached its time limit (${job.expireInSeconds} s); the retry starts the folder over.`,
    );
  // Nothing read at all (the role cannot be assumed, the credentials are refused): a failed job, for
  // pg-boss to retry and then record as failed with the reason — not "completed" with an empty folder.
  if (nothingCollected(report))
    throw new Error(
      `Nothing of ${account.name} could be collected (${report.notCollected.length} part(s) failed); the first: ${report.notCollected[0]}`,
    );
  step('done');
  return { dir: report.dir, notCollected: report.notCollected, cloudtrail: report.cloudtrail };
}

/** Starts taking jobs; resolves once the handlers are registered (they run until `queue.stop()`). */
export async function startWorker(o: WorkerOptions): Promise<void> {
  shareRates(o.queue, o.rates);
  const log = o.log ?? (() => {});
  await o.queue.work<ScanJob>('scan', o.concurrency, async (job) => {
    log(`scan ${job.data.account} (job ${job.id}) started`);
    const r = await runScanJob(o, job);
    log(`scan ${job.data.account} (job ${job.id}) done`);
    return r;
  });
  await o.queue.work<CollectJob>('collect', o.concurrency, async (job) => {
    log(`collect ${job.data.account} (job ${job.id}) started`);
    return runCollectJob(o, job);
  });
}
