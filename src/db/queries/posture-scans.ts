/**
 * Persists a posture scan (src/posture stays pure analysis; this is where its results are written):
 * the scan row, the findings it saw (opened / still open / reopened), the misses that resolve findings after two consecutive complete scans, and the resources it saw. A
 * partial scan (a warning: region not enabled, AccessDenied, throttled) is stored as `partial`: it
 * refreshes what it saw and never counts a miss, so it never resolves a finding it could not check.
 */
import type { SeenResource } from '../../posture/resources';
import type { AccountScan } from '../../posture/scan';
import { log } from '../../log';
import type { Db } from '../client';
import { recordMisses, recordResources, upsertSeenFindings } from './findings';
import { finishScan, type ScanCalls, startScan } from './scans';

export interface StoredScan {
  scanId: number;
  status: 'complete' | 'partial';
  opened: number;
  reopened: number;
  /** Findings counted one miss by this scan (not seen, rule checked). */
  missed: number;
  resolved: number;
  decommissioned: number;
  /** Open findings resolved because their resource was decommissioned. */
  resolvedDecommissioned: number;
}

/** Per region of a scan: complete, partial (some parts unread) or failed (nothing read), with the failing APIs. */
export type RegionScanStatus = Record<string, { status: 'complete' | 'partial' | 'failed'; errors: string[] }>;

export function warningLines(scan: AccountScan): string[] {
  return scan.warnings.map((w) => `${w.region ? `${w.region} ` : ''}${w.api}: ${w.message}`);
}

export async function storeScan(
  db: Db,
  scan: AccountScan,
  resources: SeenResource[],
  o: {
    source: string;
    startedAt: Date;
    finishedAt: Date;
    trigger?: 'manual' | 'schedule';
    regions?: RegionScanStatus;
    /** The `running` row written when the scan started (startScan); a new row when absent. */
    scanId?: number;
    calls?: ScanCalls;
  },
): Promise<StoredScan> {
  const at = o.finishedAt;
  const started = performance.now();
  const cpu = process.cpuUsage();
  const scanId = o.scanId ?? (await startScan(db, scan.account, o.source, o.startedAt, o.trigger ?? 'manual'));
  const status = scan.complete ? 'complete' : 'partial';
  const { opened, reopened } = await upsertSeenFindings(
    db,
    scan.account,
    scanId,
    at,
    scan.findings.map((f) => ({
      ruleId: f.ruleId,
      resourceId: f.resourceId,
      region: f.region,
      severity: f.severity,
      title: f.message,
      detail: f.detail,
    })),
  );
  // Resources first: findings on a resource gone for two complete scans resolve as decommissioned,
  // then only a complete scan's fully checked rules can count a miss (the rest resolve as not seen).
  const { decommissioned, findingsResolved } = await recordResources(db, scan.account, at, resources, scan.complete);
  const { missed, resolved } = scan.complete
    ? await recordMisses(db, scan.account, scanId, at, scan.checkedRules)
    : { missed: 0, resolved: 0 };
  await finishScan(db, scanId, {
    status,
    finishedAt: at,
    warnings: warningLines(scan),
    checkedRules: scan.checkedRules,
    trigger: o.trigger ?? 'manual',
    regions: o.regions ?? {},
    resourceCount: resources.length,
    summary: {
      accountId: scan.accountId,
      bySeverity: scan.bySeverity,
      findings: scan.findings.length,
      cis: scan.cis,
      partialRules: scan.partialRules,
      notCheckedRules: scan.notCheckedRules,
      warnings: scan.warnings,
      opened,
      reopened,
      resolved: resolved + findingsResolved,
      resolvedDecommissioned: findingsResolved,
      decommissioned,
      ...(o.calls ?? {}),
    },
  });
  log.debug('posture scan stored', {
    account: scan.account,
    findings: scan.findings.length,
    resources: resources.length,
    ms: Math.round(performance.now() - started),
    // This process's CPU: with PGlite the database's own work, with PostgreSQL only the client's.
    cpuMs: Math.round(((u) => (u.user + u.system) / 1000)(process.cpuUsage(cpu))),
  });
  return {
    scanId,
    status,
    opened,
    reopened,
    missed,
    resolved: resolved + findingsResolved,
    decommissioned,
    resolvedDecommissioned: findingsResolved,
  };
}
