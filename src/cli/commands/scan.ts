/**
 * `trailhound scan` runs the posture_scan tool (live account(s) or an evidence folder) and prints
 * a report; `trailhound findings` lists the stored findings history.
 */
import type { Command } from 'commander';
import postureScan, { type PostureScanData } from '../../../tools/posture-scan';
import { listAccounts } from '../../db/queries/accounts';
import { countFindings, listFindings } from '../../db/queries/findings';
import {
  EXPORT_FORMATS,
  type ExportFinding,
  type ExportFormat,
  findingsCsv,
  findingsJson,
  findingsOcsf,
  findingsSarif,
} from '../../posture/export';
import { SEVERITY_RANK, type Severity } from '../../posture/rule';
import { rules as RULES } from '../../posture/rules';
import { executeTool } from '../../runtime/execute-tool';
import { clearProgress, cliContext, printJson, stderrProgress, withApp, withMaybeApp } from '../app';
import { CliError } from '../errors';
import { renderTable } from '../table';
import { enqueueJobs, renderEnqueued } from './worker';
import { config } from '../../config';
import { EXIT } from '../exit-codes';

const SEVERITIES = ['critical', 'high', 'medium', 'low'];
const ICON: Record<string, string> = { critical: '‼', high: '!', medium: '•', low: '·' };

function parseSeverities(v: string | undefined): string[] | undefined {
  if (!v) return undefined;
  const list = v
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const bad = list.filter((s) => !SEVERITIES.includes(s));
  if (bad.length)
    throw new CliError(`Unknown severity "${bad.join(', ')}": use critical, high, medium or low (comma-separated).`, 2);
  return list;
}

function render(d: PostureScanData): string {
  const lines: string[] = [];
  for (const a of d.accounts) {
    lines.push(
      `${a.account} (${a.accountId}) — ${a.status}: ${SEVERITIES.map((s) => `${a.bySeverity[s as keyof typeof a.bySeverity]} ${s}`).join(', ')}`,
    );
    if (a.history)
      lines.push(
        `  since last scan: ${a.history.opened} new, ${a.history.reopened} reopened, ${a.history.resolved} resolved (scan #${a.history.scanId})`,
      );
    const cis = a.cis.filter((c) => c.score !== null);
    if (cis.length)
      lines.push(
        `  CIS v3.0: ${cis.map((c) => `${c.section} ${c.name} ${c.score}% (${c.passed}/${c.passed + c.failed})`).join(' · ')}`,
      );
    if (a.rulesNotChecked.length) lines.push(`  not checked: ${a.rulesNotChecked.map((r) => r.id).join(', ')}`);
  }
  lines.push('', 'Top findings:');
  for (const f of d.topFindings)
    lines.push(`  ${ICON[f.severity]} ${f.severity.padEnd(8)} ${f.rule.padEnd(40)} ${f.message}`);
  if (d.truncated) lines.push('  … more: trailhound findings --status open');
  return lines.join('\n');
}

/** The parts of a scan that could not be read, one line per account (empty when complete). */
export function scanGaps(d: PostureScanData): string[] {
  return d.accounts
    .filter((a) => a.status !== 'complete')
    .map((a) =>
      a.status === 'failed'
        ? `${a.account}: could not be read`
        : `${a.account}: partial — ${[
            ...a.rulesNotChecked.map((r) => `${r.id} not checked (${r.missing.join(', ')})`),
            ...a.rulesPartial.map((r) => `${r} partly checked`),
          ].join(', ')}`,
    );
}

/**
 * The scan's exit code: 3 when `--fail-on` is given and findings at or above it are open (as Prowler
 * does); else 1 when no account could be read, 4 when an account was partial or failed (a gate that
 * did not see everything must not pass), else 0. Reasons go to stderr.
 */
export function scanExitCode(d: PostureScanData, failOn?: Severity): number {
  if (failOn) {
    const over = (Object.keys(d.totals) as Severity[]).filter(
      (s) => SEVERITY_RANK[s] >= SEVERITY_RANK[failOn] && d.totals[s] > 0,
    );
    if (over.length) {
      console.error(`--fail-on ${failOn}: ${over.map((s) => `${d.totals[s]} ${s}`).join(', ')} finding(s) open.`);
      return EXIT.findings;
    }
  }
  const gaps = scanGaps(d);
  if (!gaps.length) return EXIT.ok;
  const none = d.accounts.every((a) => a.status === 'failed');
  console.error(
    `${none ? `Failed (exit ${EXIT.error})` : `Incomplete (exit ${EXIT.partial})`}${failOn ? `, failing --fail-on ${failOn}` : ''}: ${gaps.join('; ')}.`,
  );
  return none ? EXIT.error : EXIT.partial;
}

const ACCOUNT_IN_ARN = /^arn:[^:]+:[^:]*:[^:]*:(\d{12}):/;

async function exportFindings(
  rows: Awaited<ReturnType<typeof listFindings>>,
  format: ExportFormat,
  accountIds: Map<string, string>,
): Promise<string> {
  const catalogue = new Map(RULES.map((r) => [r.id, r]));
  const list: ExportFinding[] = rows.map((r) => ({
    account: r.account,
    accountId: accountIds.get(r.account) ?? ACCOUNT_IN_ARN.exec(r.resourceId)?.[1],
    ruleId: r.ruleId,
    severity: r.severity,
    status: r.status,
    resourceId: r.resourceId,
    region: r.region,
    message: r.title,
    firstSeen: r.firstSeen,
    lastSeen: r.lastSeen,
    resolvedAt: r.resolvedAt,
  }));
  const version = '0.1.0';
  switch (format) {
    case 'csv':
      return findingsCsv(list, catalogue);
    case 'json':
      return `${JSON.stringify(findingsJson(list, catalogue), null, 2)}\n`;
    case 'ocsf':
      return `${JSON.stringify(findingsOcsf(list, catalogue, { version, now: new Date() }), null, 2)}\n`;
    case 'sarif':
      return `${JSON.stringify(findingsSarif(list, catalogue, { version }), null, 2)}\n`;
  }
}

export function register(program: Command): void {
  program
    .command('scan')
    .description(
      'Run the posture rules on configured accounts (or an evidence folder), store the scan and print the findings summary.',
    )
    .option('--account <name>', 'scan one configured account (default: all)')
    .option('--evidence <dir>', 'scan an evidence folder instead of live AWS')
    .option('--region <list>', 'comma-separated regions (default: the account’s)')
    .option('--max <n>', 'top findings to show (1-100)', '25')
    .option('--no-store', 'do not store the scan in the findings history')
    .option(
      '--fail-on <severity>',
      'CI gate: exit 3 when the scan finds anything at or above critical|high|medium|low (4 when the scan was incomplete, 0 otherwise)',
    )
    .option(
      '--inline',
      'with PostgreSQL (DATABASE_URL): scan in this process instead of queueing one job per account for `trailhound worker`',
    )
    .option('--json', 'print the tool result as JSON')
    .action(
      async (o: {
        account?: string;
        evidence?: string;
        region?: string;
        max: string;
        store: boolean;
        failOn?: string;
        inline?: boolean;
        json?: boolean;
      }) => {
        if (o.account && o.evidence) throw new CliError('Use either --account or --evidence, not both.', 2);
        const failOn = o.failOn?.toLowerCase() as Severity | undefined;
        if (failOn !== undefined && !(failOn in SEVERITY_RANK))
          throw new CliError('--fail-on must be critical, high, medium or low.', 2);
        const max = Number(o.max);
        if (!Number.isInteger(max) || max < 1 || max > 100)
          throw new CliError('--max must be a whole number from 1 to 100.', 2);
        // With PostgreSQL, a live scan is queued (one job per account) for the workers, unless --inline
        // or a CI gate (--fail-on needs the result here).
        if (!o.evidence && !o.inline && !failOn && config().DATABASE_URL) {
          await withApp(async (app) => {
            const all = await listAccounts(app.db.db);
            const chosen = o.account
              ? all.filter((a) => a.name === o.account || a.accountId === o.account)
              : all.filter((a) => a.status !== 'suspended');
            if (!chosen.length)
              throw new CliError(
                o.account
                  ? `Unknown account "${o.account}". See \`trailhound accounts list\`.`
                  : 'No account is configured: `trailhound accounts add …` or `trailhound accounts discover`.',
              );
            const regions = o.region?.split(',').map((r) => r.trim());
            const rows = await enqueueJobs(
              app.config,
              'scan',
              chosen.map((a) => ({ account: a.name, ...(regions ? { regions } : {}) })),
            );
            if (o.json) printJson({ queued: rows });
            else console.log(renderEnqueued('scan', rows));
          });
          return;
        }
        // An evidence scan that is not stored reads and writes no stored state: no database.
        await withMaybeApp(!o.evidence || o.store, async (app) => {
          const ctx = await cliContext(app, {
            evidence: o.evidence,
            account: o.account,
            progress: stderrProgress(!o.json),
          });
          // Over an evidence folder ctx.now() is its collection time (buildContext: account.json collectedAt),
          // so ages ("unused 90 days") are judged as of the moment the folder captures.
          const out = await executeTool(ctx, postureScan, {
            regions: o.region?.split(',').map((r) => r.trim()),
            max_findings: max,
            store: o.store,
          });
          clearProgress();
          if (!out.ok) throw new CliError(out.error);
          const data = out.result.data as PostureScanData;
          if (o.json) printJson(out.result);
          else {
            console.log(render(data));
            if (out.result.warnings.length)
              console.log(`\nWarnings:\n${out.result.warnings.map((w) => `  - ${w}`).join('\n')}`);
          }
          process.exitCode = scanExitCode(data, failOn);
        });
      },
    );

  program
    .command('findings')
    .description('List stored posture findings (from previous scans).')
    .option('--status <status>', 'open | resolved | all', 'open')
    .option('--severity <list>', 'comma-separated: critical,high,medium,low')
    .option('--account <name>', 'only this account')
    .option('--rule <id>', 'only this rule id')
    .option('--limit <n>', 'rows (1-1000; with --format up to 100000, default all up to that)')
    .option(
      '--format <fmt>',
      'export instead of listing: csv | json | ocsf (OCSF 1.1 Compliance Finding) | sarif (SARIF 2.1.0, for code scanning)',
    )
    .option('--json', 'print as JSON')
    .action(
      async (o: {
        status: string;
        severity?: string;
        account?: string;
        rule?: string;
        limit?: string;
        format?: string;
        json?: boolean;
      }) => {
        if (!['open', 'resolved', 'all'].includes(o.status))
          throw new CliError('--status must be open, resolved or all.', 2);
        const format = o.format?.toLowerCase() as ExportFormat | undefined;
        if (format !== undefined && !EXPORT_FORMATS.includes(format))
          throw new CliError(`--format must be one of ${EXPORT_FORMATS.join(', ')}.`, 2);
        const maxLimit = format ? 100_000 : 1000;
        const limit = Number(o.limit ?? (format ? maxLimit : 100));
        if (!Number.isInteger(limit) || limit < 1 || limit > maxLimit)
          throw new CliError(`--limit must be a whole number from 1 to ${maxLimit}.`, 2);
        const filter = {
          status: o.status === 'all' ? undefined : (o.status as 'open' | 'resolved'),
          severities: parseSeverities(o.severity),
          accounts: o.account ? [o.account] : undefined,
          ruleIds: o.rule ? [o.rule] : undefined,
        };
        await withApp(async (app) => {
          const [rows, counts] = await Promise.all([
            listFindings(app.db.db, { ...filter, limit }),
            countFindings(app.db.db, filter),
          ]);
          const total = counts.reduce((n, c) => n + c.count, 0);
          if (format) {
            const ids = new Map((await listAccounts(app.db.db)).map((a) => [a.name, a.accountId]));
            process.stdout.write(await exportFindings(rows, format, ids));
            if (total > rows.length)
              console.error(`Exported ${rows.length} of ${total} findings (--limit); the rest were left out.`);
            return;
          }
          if (o.json)
            return printJson({
              total,
              bySeverity: Object.fromEntries(
                SEVERITIES.map((s) => [s, counts.find((c) => c.severity === s)?.count ?? 0]),
              ),
              findings: rows.map((r) => ({
                account: r.account,
                rule: r.ruleId,
                severity: r.severity,
                status: r.status,
                resource: r.resourceId,
                region: r.region,
                message: r.title,
                firstSeen: r.firstSeen.toISOString(),
                lastSeen: r.lastSeen.toISOString(),
                resolvedAt: r.resolvedAt?.toISOString() ?? null,
              })),
            });
          if (!rows.length)
            return console.log(
              `No ${o.status === 'all' ? '' : `${o.status} `}findings. Run \`trailhound scan\` first.`,
            );
          console.log(
            renderTable(
              [
                { header: 'SEVERITY', max: 10 },
                { header: 'STATUS', max: 8 },
                { header: 'ACCOUNT', max: 20 },
                { header: 'RULE', max: 40 },
                { header: 'SINCE', max: 10 },
                { header: 'FINDING', max: 160 },
              ],
              rows.map((r) => [
                `${ICON[r.severity] ?? ' '} ${r.severity}`,
                r.status,
                r.account,
                r.ruleId,
                r.firstSeen.toISOString().slice(0, 10),
                r.title,
              ]),
            ),
          );
          if (total > rows.length) console.log(`… ${total - rows.length} more (--limit).`);
        });
      },
    );
}
