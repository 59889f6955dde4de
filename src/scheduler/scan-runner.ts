/**
 * Scheduled posture scans (`accounts add|update --scan-every`, run by `trailhound serve`): each due
 * account's scan is claimed once across replicas (src/db/queries/account-scans.ts). With PostgreSQL
 * the claimed scan is queued (`enqueue`: one scan job for `trailhound worker`, which stores it with
 * trigger `schedule`); with the embedded database it runs here with the posture_scan tool like any
 * scan — stored with trigger `schedule`, and with the same honesty: a region that fails is named and
 * a partial scan resolves nothing. Live accounts only (a demo `serve` on an evidence folder has no
 * registered account to scan).
 */
import postureScan from '../../tools/posture-scan';
import type { ToolContext } from '../../tools/context';
import { claimAccountScan, dueAccountScans } from '../db/queries/account-scans';
import { appendAudit } from '../db/queries/audit';
import type { Db } from '../db/client';
import { log } from '../log';
import { executeTool } from '../runtime/execute-tool';
import { nextScan, parseScanEvery, DEFAULT_SCAN_EVERY } from './scan-every';

export interface ScanRunnerDeps {
  db: Db;
  context(): Promise<ToolContext>;
  now?: () => Date;
  /** Runs one account's scan (default: the posture_scan tool in the context); returns its status. */
  scan?: (ctx: ToolContext, account: string) => Promise<{ status: string; summary: string }>;
  /**
   * With PostgreSQL: queues the claimed scan for the workers instead of running it here; returns the
   * job id, or null when a scan job for the account is already waiting (not queued twice).
   */
  enqueue?: (account: string) => Promise<string | null>;
}

async function scanWithTool(ctx: ToolContext, account: string): Promise<{ status: string; summary: string }> {
  const out = await executeTool({ ...ctx, actor: `schedule:scan:${account}` }, postureScan, { accounts: [account] });
  if (!out.ok) return { status: 'failed', summary: out.error };
  return { status: out.result.data.accounts[0]?.status ?? 'failed', summary: out.result.summary };
}

export interface DueScanRun {
  account: string;
  /** complete | partial | failed (run here), queued | already-queued (PostgreSQL). */
  status: string;
  jobId?: string;
}

/** One pass: claims every due account scan, then queues it (PostgreSQL) or runs it; one failure does not stop the others. */
export async function runDueScans(deps: ScanRunnerDeps): Promise<{ ran: DueScanRun[] }> {
  const now = deps.now?.() ?? new Date();
  const ran: DueScanRun[] = [];
  const due = await dueAccountScans(deps.db, now);
  if (!due.length) return { ran };
  // Queued scans are built by the worker; only the in-process path needs a context here.
  const ctx = deps.enqueue ? undefined : await deps.context();
  if (ctx && ctx.mode !== 'live') return { ran };
  for (const s of due) {
    let every: ReturnType<typeof parseScanEvery>;
    try {
      every = parseScanEvery(s.scanEvery);
    } catch (err) {
      log.warn('account has an invalid scan-every; using the default', { account: s.name, err });
      every = parseScanEvery(DEFAULT_SCAN_EVERY);
    }
    if (!(await claimAccountScan(deps.db, s, now, nextScan(every, now)))) continue;
    if (deps.enqueue) {
      try {
        const jobId = await deps.enqueue(s.name);
        ran.push({ account: s.name, status: jobId ? 'queued' : 'already-queued', ...(jobId ? { jobId } : {}) });
        await appendAudit(deps.db, {
          actor: `schedule:scan:${s.name}`,
          kind: 'scan.scheduled',
          account: s.name,
          data: { status: jobId ? 'queued' : 'already-queued', jobId, every: s.scanEvery },
        });
      } catch (err) {
        // The claim moved the next scan; say loudly that this one was not queued.
        log.error('scheduled scan could not be queued; it runs at the next due time', { account: s.name, err });
        ran.push({ account: s.name, status: 'failed' });
      }
      continue;
    }
    try {
      const r = await (deps.scan ?? scanWithTool)(ctx!, s.name);
      ran.push({ account: s.name, status: r.status });
      await appendAudit(deps.db, {
        actor: `schedule:scan:${s.name}`,
        kind: 'scan.scheduled',
        account: s.name,
        data: { status: r.status, every: s.scanEvery },
      });
      if (r.status !== 'complete') log.warn('scheduled scan was not complete', { account: s.name, summary: r.summary });
    } catch (err) {
      log.error('scheduled scan failed', { account: s.name, err });
      ran.push({ account: s.name, status: 'failed' });
    }
  }
  return { ran };
}
