/**
 * Scheduled posture scans (`accounts add|update --scan-every`, run by `trailhound serve`): each due
 * account's scan is claimed once across replicas (src/db/queries/account-scans.ts), then run with
 * the posture_scan tool like any scan — stored with trigger `schedule`, and with the same honesty:
 * a region that fails is named and a partial scan resolves nothing. Live accounts only (a demo
 * `serve` on an evidence folder has no registered account to scan).
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
}

async function scanWithTool(ctx: ToolContext, account: string): Promise<{ status: string; summary: string }> {
  const out = await executeTool({ ...ctx, actor: `schedule:scan:${account}` }, postureScan, { accounts: [account] });
  if (!out.ok) return { status: 'failed', summary: out.error };
  return { status: out.result.data.accounts[0]?.status ?? 'failed', summary: out.result.summary };
}

/** One pass: claims and runs every due account scan; one failure does not stop the others. */
export async function runDueScans(deps: ScanRunnerDeps): Promise<{ ran: { account: string; status: string }[] }> {
  const now = deps.now?.() ?? new Date();
  const ran: { account: string; status: string }[] = [];
  const due = await dueAccountScans(deps.db, now);
  if (!due.length) return { ran };
  const ctx = await deps.context();
  if (ctx.mode !== 'live') return { ran };
  for (const s of due) {
    let every: ReturnType<typeof parseScanEvery>;
    try {
      every = parseScanEvery(s.scanEvery);
    } catch (err) {
      log.warn('account has an invalid scan-every; using the default', { account: s.name, err });
      every = parseScanEvery(DEFAULT_SCAN_EVERY);
    }
    if (!(await claimAccountScan(deps.db, s, now, nextScan(every, now)))) continue;
    try {
      const r = await (deps.scan ?? scanWithTool)(ctx, s.name);
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
