import { z } from 'zod';
import { type ApiCallTally, withApiCallTally } from '../src/aws/api-calls';
import type { StoredScan } from '../src/db/queries/posture-scans';
import { collectSnapshot } from '../src/posture/collect';
import { IAM_PARTS, regionStatuses } from '../src/posture/region-status';
import { snapshotResources } from '../src/posture/resources';
import { type Severity, SEVERITIES, SEVERITY_RANK } from '../src/posture/rule';
import { rules } from '../src/posture/rules';
import { type AccountScan, scanSnapshot } from '../src/posture/scan';
import { hasIam } from '../src/posture/snapshot';
import { selectAccounts, selectRegions } from './select';
import { defineTool, type UnreadSource } from './define-tool';

const input = z.object({
  accounts: z
    .array(z.string().min(1).max(64))
    .max(50)
    .optional()
    .describe('Account names or ids to scan; default every configured account (or the evidence folder).'),
  regions: z
    .array(z.string().min(1).max(32))
    .max(30)
    .optional()
    .describe("Regions to scan for EC2/CloudTrail; default each account's configured regions. IAM is global."),
  min_severity: z
    .enum(['critical', 'high', 'medium', 'low'])
    .optional()
    .describe('Only list findings at or above this severity in top_findings (counts always cover all). Default low.'),
  rules: z
    .array(z.string().min(3).max(80))
    .max(60)
    .optional()
    .describe('Run only these rule ids (see docs/posture.md); default all rules.'),
  max_findings: z
    .number()
    .int()
    .min(1)
    .max(100)
    .optional()
    .describe('How many top findings to return across accounts (default 25).'),
  store: z
    .boolean()
    .optional()
    .describe('Store the scan and update the findings history (default true when a database is available).'),
});

export interface PostureScanData {
  accounts: {
    account: string;
    accountId: string;
    /** failed: nothing could be read (no rule checked; stored as a failed scan, no finding changed). */
    status: 'complete' | 'partial' | 'failed';
    bySeverity: Record<Severity, number>;
    findings: number;
    history?: Omit<StoredScan, 'status'>;
    cis: {
      section: string;
      name: string;
      score: number | null;
      passed: number;
      failed: number;
      notChecked: number;
      failedControls: string[];
    }[];
    rulesChecked: number;
    rulesPartial: string[];
    rulesNotChecked: { id: string; missing: string[] }[];
  }[];
  totals: Record<Severity, number>;
  topRules: { rule: string; title: string; severity: Severity; count: number }[];
  topFindings: {
    severity: Severity;
    rule: string;
    account: string;
    region?: string;
    resource: string;
    message: string;
    cis?: string;
  }[];
  truncated: boolean;
}

const TOP_WARNINGS = 15;
const ACCOUNT_CONCURRENCY = 3;

function numeric(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++)
    if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

export default defineTool({
  name: 'posture_scan',
  title: 'Posture scan (stores the scan and findings history)',
  writes: 'stores',
  description: `Run the posture rules (${rules.length} checks: IAM hygiene, root account, trust policies, privilege escalation, Okta/IdP gaps, security groups, IMDSv1, EBS encryption, VPC flow logs, CloudTrail configuration, S3 buckets (public policy/ACL evaluated against Block Public Access, cross-account grants, encryption, logging, TLS) and the CloudTrail log bucket, KMS keys, RDS (public instances and snapshots, encryption, backups), Lambda (public or cross-account invoke, public function URLs, deprecated runtimes, secret-like variable names), SNS/SQS (open policies, encryption), EKS (open endpoint, audit logs, unsupported versions) and ECS task definitions (privileged, host network, secret-like variables) — CIS AWS Foundations v3.0 where a control exists) on one or more accounts, store the scan and update the findings history.
Use for "run a posture scan", "what are our biggest risks", "are we CIS compliant", "which accounts are worst".
Returns per account: status (complete, or partial with what could not be read), counts by severity, new/reopened/resolved findings since the last scan, score per CIS section, and rules not checked; plus the top findings across accounts (severity first) and the most frequent rules. Never raw resource lists.
Limits: reads IAM (GetAccountAuthorizationDetails pages + credential report + 5 calls), per region 6 EC2 calls + DescribeTrails, 2 calls per trail, S3: 2 calls + 6 per bucket (8 buckets at a time), per region KMS (1 + keys + 2 per customer key), RDS (3 + 1 per manual snapshot), Lambda (1 + 2 per function), SNS/SQS/EKS/ECS (1 + 1 per topic/queue/cluster/task family), and Okta users once (cached). A few seconds per account. SCPs are not evaluated. A partial scan never marks findings resolved.`,
  input,
  storesState: (args) => args.store !== false && !args.rules?.length,
  async run(ctx, args) {
    const accounts = selectAccounts(ctx, args.accounts);
    const selected = args.rules?.length ? rules.filter((r) => args.rules!.includes(r.id)) : rules;
    const unknownRules = (args.rules ?? []).filter((id) => !rules.some((r) => r.id === id));
    const warnings: string[] = unknownRules.length ? [`Unknown rule id(s) ignored: ${unknownRules.join(', ')}.`] : [];
    const store = args.store !== false && !!ctx.db && !args.rules?.length;
    if (args.store !== false && args.rules?.length && ctx.db)
      warnings.push('A scan restricted to some rules is not stored (it would look like the other rules passed).');
    if (args.store !== false && !args.rules?.length && !ctx.db)
      warnings.push(
        'This scan was not stored in the findings history (no database is open for this question); `trailhound scan` stores it.',
      );
    const scans: { scan: AccountScan; stored?: StoredScan; failed?: boolean; apiCalls: number }[] = [];
    // Several accounts: every progress line says how many are done ("2/5 accounts done · prod: …").
    let accountsDone = 0;
    const progress =
      accounts.length > 1
        ? (m: string) => ctx.progress(`${accountsDone}/${accounts.length} accounts done · ${m}`)
        : ctx.progress;
    const scanOne = async (account: (typeof accounts)[number]) => {
      const notes: string[] = [];
      const { regions, skipped } = selectRegions(account, args.regions);
      if (skipped.length)
        notes.push(
          `${account.name}: regions ${skipped.join(', ')} are not configured for this account and were not scanned.`,
        );
      const startedAt = ctx.now();
      const trigger = ctx.actor?.startsWith('schedule:') ? 'schedule' : 'manual';
      const q = store ? await import('../src/db/queries/posture-scans') : undefined;
      const sq = store ? await import('../src/db/queries/scans') : undefined;
      // The row exists from the start (`running`), so a scan that fails or never finishes is in the history.
      const scanId = sq ? await sq.startScan(ctx.db!, account.name, ctx.mode, startedAt, trigger) : undefined;
      const callsOf = (t: ApiCallTally) => ({
        apiCalls: t.total,
        throttles: t.throttles,
        throttlesByApi: t.throttlesByApi,
      });
      let collected: Awaited<ReturnType<typeof collectSnapshot>>;
      let tally: ApiCallTally;
      try {
        ({ value: collected, tally } = await withApiCallTally(() =>
          collectSnapshot(
            { ...account, regions },
            {
              iam: ctx.sources.iam(account),
              regional: ctx.sources.regional(account),
              global: ctx.sources.global(account),
              idp: ctx.sources.idp(),
            },
            {
              now: ctx.now(),
              signal: ctx.signal,
              progress,
            },
          ),
        ));
      } catch (err) {
        if (sq && scanId !== undefined) {
          const reason = err instanceof Error ? err.message : String(err);
          await sq.failScan(ctx.db!, scanId, {
            finishedAt: ctx.now(),
            reason: `The scan stopped: ${reason}`,
            regions: Object.fromEntries(
              [...regions, 'global'].map((r) => [r, { status: 'failed' as const, errors: [reason] }]),
            ),
          });
        }
        throw err;
      }
      const snapshot = collected;
      progress(`${account.name}: evaluating ${selected.length} rules…`);
      const scan = scanSnapshot(snapshot, selected);
      const nothingRead =
        IAM_PARTS.every((p) => !hasIam(snapshot, p)) &&
        Object.values(snapshot.regions).every((r) => Object.values(r).every((v) => v === undefined)) &&
        Object.values(snapshot.global).every((v) => v === undefined);
      if (nothingRead)
        notes.push(
          `${account.name}: nothing could be read, so no rule was checked${store ? ' (the scan is stored as failed; no finding changed)' : ''}. Fix the first error below (often the role trust policy or External ID: \`trailhound accounts test ${account.name}\`).`,
        );
      let stored: StoredScan | undefined;
      if (q && sq && scanId !== undefined) {
        if (nothingRead) {
          const lines = q.warningLines(scan);
          await sq.failScan(ctx.db!, scanId, {
            finishedAt: ctx.now(),
            reason: `Nothing could be read${lines[0] ? `: ${lines[0]}` : ''}`,
            warnings: lines,
            regions: regionStatuses(snapshot),
            calls: callsOf(tally),
          });
        } else
          stored = await q.storeScan(ctx.db!, scan, snapshotResources(snapshot), {
            source: ctx.mode,
            startedAt,
            finishedAt: ctx.now(),
            trigger,
            regions: regionStatuses(snapshot),
            scanId,
            calls: callsOf(tally),
          });
      }
      // The message already names the API and what to grant or collect (src/aws/errors, evidence loaders).
      for (const w of scan.warnings)
        notes.push(
          `${account.name}${w.region ? ` ${w.region}` : ''}: ${w.message.includes(w.api) ? '' : `${w.api}: `}${w.message}${w.rulesAffected?.length ? ` Not (fully) checked: ${w.rulesAffected.join(', ')}.` : ''}`,
        );
      return { scan, stored, failed: nothingRead, notes, apiCalls: tally.total };
    };
    const notScanned: string[] = [];
    // A few accounts at a time: each scan is mostly waiting on AWS, and per-region pacing is per account.
    for (let i = 0; i < accounts.length; i += ACCOUNT_CONCURRENCY) {
      if (ctx.signal?.aborted) {
        notScanned.push(...accounts.slice(i).map((a) => a.name));
        warnings.push(
          `Stopped: ${accounts.length - i} account(s) were not scanned (${accounts
            .slice(i)
            .map((a) => a.name)
            .join(', ')}).`,
        );
        break;
      }
      const scanCounted = async (a: (typeof accounts)[number]) => {
        const r = await scanOne(a);
        accountsDone += 1;
        progress(`${a.name}: ${r.failed ? 'could not be read' : 'scanned'}`);
        return r;
      };
      for (const r of await Promise.all(accounts.slice(i, i + ACCOUNT_CONCURRENCY).map(scanCounted))) {
        scans.push(r);
        warnings.push(...r.notes);
      }
    }

    const totals = Object.fromEntries(
      SEVERITIES.map((s) => [s, scans.reduce((n, x) => n + x.scan.bySeverity[s], 0)]),
    ) as Record<Severity, number>;
    const min = SEVERITY_RANK[args.min_severity ?? 'low'];
    const all = scans
      .flatMap((x) => x.scan.findings.map((f) => ({ f, account: x.scan.account })))
      .filter(({ f }) => SEVERITY_RANK[f.severity] >= min)
      .sort((a, b) => SEVERITY_RANK[b.f.severity] - SEVERITY_RANK[a.f.severity]);
    const max = args.max_findings ?? 25;
    const ruleCounts = new Map<string, { rule: string; title: string; severity: Severity; count: number }>();
    for (const x of scans)
      for (const f of x.scan.findings) {
        const c = ruleCounts.get(f.ruleId) ?? { rule: f.ruleId, title: f.title, severity: f.severity, count: 0 };
        c.count++;
        ruleCounts.set(f.ruleId, c);
      }
    const data: PostureScanData = {
      accounts: scans.map(({ scan, stored, failed }) => ({
        account: scan.account,
        accountId: scan.accountId,
        status: failed ? 'failed' : scan.complete ? 'complete' : 'partial',
        bySeverity: scan.bySeverity,
        findings: scan.findings.length,
        history: stored && {
          scanId: stored.scanId,
          opened: stored.opened,
          reopened: stored.reopened,
          missed: stored.missed,
          resolved: stored.resolved,
          decommissioned: stored.decommissioned,
          resolvedDecommissioned: stored.resolvedDecommissioned,
        },
        cis: scan.cis
          .filter((c) => c.passed + c.failed + c.notChecked > 0)
          .map((c) => ({ ...c, failedControls: [...c.failedControls].sort(numeric) })),
        rulesChecked: scan.checkedRules.length,
        rulesPartial: scan.partialRules,
        rulesNotChecked: scan.notCheckedRules.slice(0, 20),
      })),
      totals,
      topRules: [...ruleCounts.values()]
        .sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || b.count - a.count)
        .slice(0, 15),
      topFindings: all.slice(0, max).map(({ f, account }) => ({
        severity: f.severity,
        rule: f.ruleId,
        account,
        region: f.region,
        resource: f.resourceId,
        message: f.message,
        cis: f.cis,
      })),
      truncated: all.length > max,
    };

    const partial = scans.filter((x) => !x.scan.complete).length;
    const count = SEVERITIES.map((s) => `${totals[s]} ${s}`).join(', ');
    const cisLine = scans
      .map(
        (x) =>
          `${x.scan.account}: ${x.scan.cis
            .filter((c) => c.score !== null)
            .map((c) => `§${c.section} ${c.score}%`)
            .join(', ')}`,
      )
      .join('; ');
    const top = data.topFindings
      .slice(0, 3)
      .map((f) => `[${f.severity}] ${f.message}`)
      .join(' ');
    const hist = scans
      .filter((x) => x.stored)
      .map(
        (x) =>
          `${x.scan.account}: ${x.stored!.opened} new, ${x.stored!.reopened} reopened, ${x.stored!.resolved} resolved`,
      );
    const summary =
      `Scanned ${accounts.length} account(s) with ${selected.length} rules (${accounts.length - partial} complete${partial ? `, ${partial} partial — some checks could not run, see warnings` : ''}): ${count}.` +
      (top ? ` Top: ${top}` : '') +
      (cisLine ? ` CIS v3.0 score per section — ${cisLine}.` : '') +
      (hist.length ? ` Since the last scan: ${hist.join('; ')}.` : '');
    const unread: UnreadSource[] = [
      ...scans.flatMap((x) =>
        x.scan.warnings.map((w) => ({
          account: x.scan.account,
          ...(w.region ? { region: w.region } : {}),
          api: w.api,
          reason: w.message,
        })),
      ),
      ...notScanned.map((account) => ({ account, api: 'posture scan', reason: 'stopped before this account' })),
    ];
    const kept = warnings.slice(0, TOP_WARNINGS);
    if (warnings.length > TOP_WARNINGS) kept.push(`…and ${warnings.length - TOP_WARNINGS} more warnings.`);
    return {
      summary,
      data,
      sources: scans.map((x) => ({
        account: x.scan.account,
        api:
          ctx.mode === 'evidence'
            ? 'evidence: iam/, ec2/, cloudtrail-config/, s3/, okta/'
            : 'iam:GetAccountAuthorizationDetails+credential report, ec2:Describe*, cloudtrail:DescribeTrails/GetTrailStatus/GetEventSelectors, s3:ListAllMyBuckets/GetBucket*, s3:GetAccountPublicAccessBlock, okta users',
        // The AWS calls this account's scan made (0 over an evidence folder), as docs/cost-model.md promises.
        calls: x.apiCalls,
        detail: `${x.scan.checkedRules.length} rules checked, ${x.scan.partialRules.length} partial, ${x.scan.notCheckedRules.length} not checked`,
      })),
      warnings: kept,
      // What a partial scan could not read, structured: its rules were not (fully) checked there.
      ...(unread.length ? { unread } : {}),
      next: [
        data.topFindings[0]
          ? `Explain the top finding and how to fix it: ${data.topFindings[0].rule} on ${data.topFindings[0].resource}`
          : 'Which roles are riskiest?',
        'Which roles are the riskiest? (analyze_roles)',
        'Show open critical findings (trailhound findings --severity critical)',
      ],
    };
  },
});
