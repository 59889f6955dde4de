/**
 * `trailhound scan` runs the posture_scan tool (live account(s) or an evidence folder) and prints
 * a report; `trailhound findings` lists the stored findings history.
 */
import type { Command } from 'commander';
import postureScan, { type PostureScanData } from '../../../tools/posture-scan';
import { countFindings, listFindings } from '../../db/queries/findings';
import { executeTool } from '../../runtime/execute-tool';
import { clearProgress, cliContext, printJson, stderrProgress, withApp } from '../app';
import { CliError } from '../errors';

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
    .option('--json', 'print the tool result as JSON')
    .action(
      async (o: {
        account?: string;
        evidence?: string;
        region?: string;
        max: string;
        store: boolean;
        json?: boolean;
      }) => {
        if (o.account && o.evidence) throw new CliError('Use either --account or --evidence, not both.', 2);
        const max = Number(o.max);
        if (!Number.isInteger(max) || max < 1 || max > 100)
          throw new CliError('--max must be a whole number from 1 to 100.', 2);
        await withApp(async (app) => {
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
          if (o.json) return printJson(out.result);
          console.log(render(out.result.data));
          if (out.result.warnings.length)
            console.log(`\nWarnings:\n${out.result.warnings.map((w) => `  - ${w}`).join('\n')}`);
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
    .option('--limit <n>', 'rows (1-1000)', '100')
    .option('--json', 'print as JSON')
    .action(
      async (o: {
        status: string;
        severity?: string;
        account?: string;
        rule?: string;
        limit: string;
        json?: boolean;
      }) => {
        if (!['open', 'resolved', 'all'].includes(o.status))
          throw new CliError('--status must be open, resolved or all.', 2);
        const limit = Number(o.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
          throw new CliError('--limit must be a whole number from 1 to 1000.', 2);
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
          for (const r of rows)
            console.log(
              `${ICON[r.severity] ?? ' '} ${r.severity.padEnd(8)} ${r.status.padEnd(8)} ${r.account.padEnd(14)} ${r.ruleId.padEnd(40)} ${r.title}  (since ${r.firstSeen.toISOString().slice(0, 10)})`,
            );
          if (total > rows.length) console.log(`… ${total - rows.length} more (--limit).`);
        });
      },
    );
}
