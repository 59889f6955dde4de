/**
 * Runs due digest schedules: claims each run atomically (so replicas never double-post), scans the
 * schedule's accounts with the posture_scan tool (stored, audited like any tool call), and hands
 * the digest to a poster (Slack in `serve`, stdout for `trailhound schedules run`).
 */
import postureScan from '../../tools/posture-scan';
import type { Db } from '../db/client';
import { claimScheduleRun, dueSchedules, type ScheduleRow } from '../db/queries/schedules';
import { appendAudit } from '../db/queries/audit';
import { scanTrend } from '../db/queries/scan-trend';
import { log } from '../log';
import type { ToolContext } from '../../tools/context';
import { executeTool } from '../runtime/execute-tool';
import { nextRun, parseCron } from './cron';
import { runDueScans } from './scan-runner';
import { buildDigest, type Digest } from './digest';

export interface RunnerDeps {
  db: Db;
  /** A tool context for the scheduler (live accounts, or the evidence folder in demo mode). */
  context(): Promise<ToolContext>;
  post(channel: string, digest: Digest): Promise<void>;
  now?: () => Date;
  /** With PostgreSQL: queue due account scans for the workers (src/scheduler/scan-runner.ts). */
  enqueue?: (account: string) => Promise<string | null>;
}

export async function runSchedule(deps: RunnerDeps, s: ScheduleRow): Promise<Digest> {
  const ctx = await deps.context();
  const at = deps.now?.() ?? new Date();
  const out = await executeTool(
    { ...ctx, actor: `schedule:${s.name}` },
    postureScan,
    s.accounts.length ? { accounts: s.accounts } : {},
  );
  const digest = buildDigest(s.name, at, out.ok ? out.result : { error: out.error });
  if (out.ok) {
    const accounts = out.result.data.accounts.map((a) => a.account);
    digest.trend = await scanTrend(deps.db, accounts).catch((err) => {
      log.warn('could not read the scan history for the trend chart', { schedule: s.name, err });
      return undefined;
    });
  }
  await deps.post(s.channel, digest);
  await appendAudit(deps.db, {
    actor: `schedule:${s.name}`,
    kind: 'digest.posted',
    data: { channel: s.channel, accounts: s.accounts, totals: digest.totals, failed: digest.failed },
  });
  return digest;
}

/** One pass: every due schedule is claimed, then run; a failing schedule does not stop the others. */
export async function runDueSchedules(deps: RunnerDeps): Promise<{ ran: string[]; failed: string[] }> {
  const now = deps.now?.() ?? new Date();
  const ran: string[] = [];
  const failed: string[] = [];
  for (const s of await dueSchedules(deps.db, now)) {
    let next: Date;
    try {
      next = nextRun(parseCron(s.cron), now);
    } catch (err) {
      log.warn('schedule has an invalid cron expression; skipped', { schedule: s.name, err });
      failed.push(s.name);
      continue;
    }
    if (!(await claimScheduleRun(deps.db, s, now, next))) continue;
    try {
      await runSchedule(deps, s);
      ran.push(s.name);
    } catch (err) {
      log.error('scheduled digest failed', { schedule: s.name, err });
      failed.push(s.name);
    }
  }
  return { ran, failed };
}

/** Checks every minute until stopped (due digests, then due account scans); returns the stop function. */
export function startScheduler(deps: RunnerDeps, everyMs = 60_000): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = running
      .then(() => runDueSchedules(deps))
      .catch((err) => log.error('scheduler pass failed', { err }))
      .then(() => runDueScans(deps))
      .catch((err) => log.error('scheduled scan pass failed', { err }));
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  tick();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
