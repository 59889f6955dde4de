import type { Command } from 'commander';
import { type AwsAccount, REGION, validateAccount } from '../../aws/accounts';
import { testAccounts } from '../../aws/account-test-all';
import { testAccount } from '../../aws/account-test';
import { OrganizationsReadError } from '../../aws/org-accounts';
import { type DiscoverResult, discoverAccounts } from '../../runtime/discover-accounts';
import { installationPrincipal } from '../../aws/installation-principal';
import {
  cliCommands,
  cloudFormationTemplate,
  remediationCliCommands,
  remediationCloudFormationTemplate,
  remediationTrustPolicy,
  trustPolicy,
} from '../../aws/trust-policy';
import { getAccount, listAccounts, removeAccount, upsertAccount } from '../../db/queries/accounts';
import { scanSchedules, setScanEvery } from '../../db/queries/account-scans';
import { DEFAULT_SCAN_EVERY, nextScan, parseScanEvery, ScanEveryError } from '../../scheduler/scan-every';
import { installationExternalId } from '../../db/queries/settings';
import { printJson, withApp } from '../app';
import { CliError } from '../errors';
import { renderTable, shortTime } from '../table';

/** The role name `accounts trust-policy` templates and `accounts discover` expects. */
export const DEFAULT_ROLE_NAME = 'TrailhoundReadOnly';

function printPlan(plan: DiscoverResult): void {
  const c = plan.counts;
  console.log(
    `${plan.dryRun ? 'Dry run — nothing saved. ' : ''}${plan.listed} account(s) listed (${plan.scope}): ${c.added} added, ${c.updated} updated, ${c.suspended} marked suspended, ${c.unchanged} unchanged${c.skipped ? `, ${c.skipped} skipped` : ''}.`,
  );
  for (const ch of plan.changes) {
    if (ch.kind === 'added')
      console.log(`+ ${ch.account.name.padEnd(24)} ${ch.account.accountId}  ${ch.account.roleArn}`);
    else if (ch.kind === 'updated') console.log(`~ ${ch.account.name.padEnd(24)} ${ch.account.accountId}  ${ch.why}`);
    else if (ch.kind === 'suspended')
      console.log(
        `! ${ch.account.name.padEnd(24)} ${ch.account.accountId}  ${ch.state}: marked suspended (history kept)`,
      );
    else if (ch.kind === 'skipped') console.log(`- ${ch.name.padEnd(24)} ${ch.id}  skipped: ${ch.why}`);
  }
  if (plan.notInOrganization.length)
    console.log(
      `Registered but not listed by the organization (left as they are): ${plan.notInOrganization.map((a) => `${a.name} (${a.accountId})`).join(', ')}.`,
    );
}

export function register(program: Command): void {
  const accounts = program.command('accounts').description('Manage the AWS accounts Trailhound reads.');

  accounts
    .command('add <name>')
    .description(
      'Add (or update) an account. Without --role-arn the ambient credential chain is used (single-account use).',
    )
    .requiredOption('--account-id <id>', '12-digit AWS account id')
    .option('--role-arn <arn>', 'read-only role to assume with this installation’s External ID')
    .option('--regions <list>', 'comma-separated regions', process.env.AWS_REGION ?? 'us-east-1')
    .option('--remediation-role-arn <arn>', 'separate role assumed only to execute approved remediations')
    .option(
      '--scan-every <spec>',
      `how often \`serve\` scans it: 1h, 4h, 24h or a cron expression in UTC (default ${DEFAULT_SCAN_EVERY})`,
    )
    .option('--json', 'print the result as JSON')
    .action(
      async (
        name: string,
        o: {
          accountId: string;
          roleArn?: string;
          regions: string;
          remediationRoleArn?: string;
          scanEvery?: string;
          json?: boolean;
        },
      ) => {
        const every = o.scanEvery === undefined ? undefined : scanEveryOption(o.scanEvery);
        const account = validateAccount({
          name,
          accountId: o.accountId,
          roleArn: o.roleArn,
          regions: o.regions.split(','),
          remediationRoleArn: o.remediationRoleArn,
        });
        await withApp(async (app) => {
          await upsertAccount(app.db.db, account);
          if (every) await setScanEvery(app.db.db, account.name, every.source, null);
          const externalId = await installationExternalId(app.db.db);
          if (o.json) return printJson({ ok: true, account, externalId, scanEvery: every?.source });
          console.log(
            `Account ${account.name} (${account.accountId}) saved: regions ${account.regions.join(', ')}; ${account.roleArn ? `role ${account.roleArn}` : 'ambient credentials'}.`,
          );
          if (account.roleArn)
            console.log(
              `Its trust policy must require sts:ExternalId = ${externalId} (see \`trailhound accounts trust-policy\`). Then run \`trailhound accounts test ${account.name}\`.`,
            );
        });
      },
    );

  accounts
    .command('update <name>')
    .description('Change an account: how often `trailhound serve` scans it (--scan-every 1h|4h|24h|"<cron>").')
    .requiredOption(
      '--scan-every <spec>',
      '1h, 4h, 24h (default for new accounts) or a five-field cron expression in UTC',
    )
    .option('--json', 'print the result as JSON')
    .action(async (name: string, o: { scanEvery: string; json?: boolean }) => {
      const every = scanEveryOption(o.scanEvery);
      await withApp(async (app) => {
        const prev = (await scanSchedules(app.db.db)).find((s) => s.name === name);
        if (!prev) throw new CliError(`Unknown account "${name}". See \`trailhound accounts list\`.`);
        // The next scan keeps the last one's rhythm: due from the last scheduled scan, or now.
        const next = prev.lastScanAt ? nextScan(every, prev.lastScanAt) : null;
        await setScanEvery(app.db.db, name, every.source, next);
        if (o.json)
          return printJson({ ok: true, name, scanEvery: every.source, nextScanAt: next?.toISOString() ?? null });
        console.log(
          `Account ${name}: scanned every ${every.source}${every.kind === 'cron' ? ' (cron, UTC)' : ''}; next scan ${next && next > new Date() ? shortTime(next) : 'as soon as `trailhound serve` runs'}.`,
        );
      });
    });

  accounts
    .command('list')
    .description('List configured accounts.')
    .option('--json', 'print as JSON')
    .action(async (o: { json?: boolean }) => {
      await withApp(async (app) => {
        const list = await listAccounts(app.db.db);
        const sched = new Map((await scanSchedules(app.db.db)).map((s) => [s.name, s]));
        if (o.json)
          return printJson(
            list.map((a) => ({
              ...a,
              scanEvery: sched.get(a.name)?.scanEvery ?? DEFAULT_SCAN_EVERY,
              nextScanAt: sched.get(a.name)?.nextScanAt?.toISOString() ?? null,
              lastScanAt: sched.get(a.name)?.lastScanAt?.toISOString() ?? null,
            })),
          );
        if (!list.length)
          return console.log(
            'No accounts configured. Add one: trailhound accounts add NAME --account-id ID [--role-arn ARN] --regions us-east-1',
          );
        console.log(
          renderTable(
            [
              { header: 'NAME', max: 32 },
              { header: 'ACCOUNT ID', max: 12 },
              { header: 'STATUS', max: 10 },
              { header: 'REGIONS', max: 40 },
              { header: 'READ ROLE', max: 90 },
              { header: 'REMEDIATION ROLE', max: 90 },
              { header: 'SCAN EVERY', max: 20 },
            ],
            list.map((a) => [
              a.name,
              a.accountId,
              a.status === 'suspended' ? 'suspended' : 'active',
              a.regions.join(','),
              a.roleArn ?? '(ambient credentials)',
              a.remediationRoleArn ?? '—',
              sched.get(a.name)?.scanEvery ?? DEFAULT_SCAN_EVERY,
            ]),
          ),
        );
      });
    });

  accounts
    .command('remove <name>')
    .description('Remove an account from the registry (nothing is changed in AWS).')
    .option('--json', 'print as JSON')
    .action(async (name: string, o: { json?: boolean }) => {
      await withApp(async (app) => {
        const removed = await removeAccount(app.db.db, name);
        if (!removed) throw new CliError(`No account named "${name}". See \`trailhound accounts list\`.`);
        if (o.json) printJson({ ok: true, removed: name });
        else console.log(`Removed ${name}.`);
      });
    });

  accounts
    .command('discover')
    .description(
      'Register every active account of the AWS Organization (organizations:ListAccounts, or ListAccountsForParent with --ou) with the StackSet role; mark suspended/closed ones (history kept). Run with management-account or delegated-administrator credentials.',
    )
    .option('--role-name <name>', 'role name the StackSet deployed (see `accounts trust-policy`)', DEFAULT_ROLE_NAME)
    .option('--ou <id>', 'only the accounts directly under this OU (ou-…) or root (r-…)')
    .option('--regions <list>', 'regions for newly added accounts', process.env.AWS_REGION ?? 'us-east-1')
    .option('--via <name>', 'read Organizations through this configured account (default: ambient credentials)')
    .option('--dry-run', 'show what would change, change nothing')
    .option('--json', 'print the plan as JSON')
    .action(
      async (o: { roleName: string; ou?: string; regions: string; via?: string; dryRun?: boolean; json?: boolean }) => {
        if (!/^[\w+=,.@-]{1,64}$/.test(o.roleName))
          throw new CliError(
            `--role-name "${o.roleName}" is not an IAM role name (letters, digits, +=,.@_-; up to 64).`,
          );
        const regions = [
          ...new Set(
            o.regions
              .split(',')
              .map((r) => r.trim())
              .filter(Boolean),
          ),
        ];
        for (const r of regions)
          if (!REGION.test(r)) throw new CliError(`Region "${r}" is not a valid AWS region code (e.g. us-east-1).`);
        await withApp(async (app) => {
          let via: AwsAccount | undefined;
          if (o.via) {
            via = await getAccount(app.db.db, o.via);
            if (!via) throw new CliError(`No account named "${o.via}". See \`trailhound accounts list\`.`);
          }
          let result: DiscoverResult;
          try {
            result = await discoverAccounts(app.db.db, {
              roleName: o.roleName,
              regions,
              ou: o.ou,
              via,
              dryRun: o.dryRun,
            });
          } catch (err) {
            if (err instanceof OrganizationsReadError) throw new CliError(err.message, err.kind === 'usage' ? 2 : 1);
            throw err;
          }
          if (o.json) return printJson(result);
          printPlan(result);
        });
      },
    );

  accounts
    .command('test [name]')
    .description(
      'AssumeRole with the External ID, read iam:GetAccountSummary and check each region; with a remediation role, assume it too and simulate each action’s permissions (iam:SimulatePrincipalPolicy); diagnose failures. --all: every active account, 4 at a time, failures summarised by cause.',
    )
    .option('--all', 'test every active registered account')
    .option('--concurrency <n>', 'accounts tested at once with --all', '4')
    .option('--json', 'print as JSON')
    .action(async (name: string | undefined, o: { all?: boolean; concurrency: string; json?: boolean }) => {
      if (!name && !o.all) throw new CliError('Name an account, or use --all.', 2);
      if (name && o.all) throw new CliError('Give either an account name or --all, not both.', 2);
      const concurrency = Number(o.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32)
        throw new CliError('--concurrency must be an integer from 1 to 32.', 2);
      const { ACTIONS } = await import('../../approvals/index');
      const remediationActions = ACTIONS.map((a) => ({ kind: a.kind, permissions: a.permissions }));
      if (o.all)
        return withApp(async (app) => {
          const all = await listAccounts(app.db.db);
          const r = await testAccounts(
            all.filter((a) => a.status !== 'suspended'),
            await installationExternalId(app.db.db),
            { concurrency, remediationActions },
          );
          const skipped = all.filter((a) => a.status === 'suspended').map((a) => a.name);
          if (o.json) printJson({ ...r, skippedSuspended: skipped });
          else {
            if (r.results.length)
              console.log(
                renderTable(
                  [
                    { header: 'ACCOUNT', max: 32 },
                    { header: 'RESULT', max: 8 },
                    { header: 'FAILED STEP', max: 40 },
                    { header: 'DETAIL', max: 160 },
                  ],
                  r.results.map((a) => {
                    const failed = a.checks.find((c) => !c.ok && !c.skipped);
                    const skippedChecks = a.checks.filter((c) => c.skipped).length;
                    return [
                      a.account,
                      a.ok ? '✓ ok' : '✗ failed',
                      failed?.step ?? '—',
                      failed
                        ? failed.detail
                        : `${a.checks.length - skippedChecks} check(s) passed${skippedChecks ? `, ${skippedChecks} skipped` : ''}`,
                    ];
                  }),
                ),
              );
            console.log(
              `${r.passed}/${r.tested} accounts OK.${skipped.length ? ` Not tested (suspended): ${skipped.join(', ')}.` : ''}`,
            );
            for (const c of r.causes) {
              console.log(`✗ ${c.step} — ${c.kind}: ${c.accounts.length} account(s): ${c.accounts.join(', ')}`);
              console.log(`    e.g. ${c.example}`);
            }
          }
          if (r.passed < r.tested) process.exitCode = 1;
        });
      await withApp(async (app) => {
        const account = await getAccount(app.db.db, name!);
        if (!account) throw new CliError(`No account named "${name}". See \`trailhound accounts list\`.`);
        const result = await testAccount(account, await installationExternalId(app.db.db), { remediationActions });
        if (o.json) printJson(result);
        else {
          for (const c of result.checks) console.log(`${c.skipped ? '–' : c.ok ? '✓' : '✗'} ${c.step}: ${c.detail}`);
          if (!account.remediationRoleArn)
            console.log('– remediation: no remediation role registered for this account (nothing to test).');
        }
        if (!result.ok) process.exitCode = 1;
      });
    });

  accounts
    .command('trust-policy')
    .description(
      'Print the trust policy, a CloudFormation template (StackSet-ready) and AWS CLI commands for the read-only role, or with --remediation for the remediation role (with its permissions policy).',
    )
    .option('--role-name <name>', 'role name to create (default TrailhoundReadOnly, or TrailhoundRemediation)')
    .option('--remediation', 'the remediation role instead of the read-only role')
    .option('--format <fmt>', 'all | json | cloudformation | cli', 'all')
    .option('--json', 'print everything as one JSON object')
    .action(async (o: { roleName?: string; remediation?: boolean; format: string; json?: boolean }) => {
      if (!['all', 'json', 'cloudformation', 'cli'].includes(o.format))
        throw new CliError(`--format must be one of all, json, cloudformation, cli (got "${o.format}").`, 2);
      const roleName = o.roleName ?? (o.remediation ? 'TrailhoundRemediation' : DEFAULT_ROLE_NAME);
      if (!/^[\w+=,.@-]{1,64}$/.test(roleName))
        throw new CliError(
          `--role-name "${roleName}" is not an IAM role name (letters, digits, +=,.@_-; up to 64).`,
          2,
        );
      const policy = o.remediation ? (await import('../../approvals/index')).remediationPolicy() : undefined;
      await withApp(async (app) => {
        const externalId = await installationExternalId(app.db.db);
        const principal = await installationPrincipal(app.config.TRAILHOUND_PRINCIPAL_ARN);
        const t = { principalArn: principal.arn, externalId, roleName, remediationRoleName: roleName };
        const out = policy
          ? {
              role: 'remediation',
              externalId,
              principal: principal.arn,
              trustPolicy: remediationTrustPolicy(t),
              permissionsPolicy: policy,
              cloudFormation: remediationCloudFormationTemplate(t, policy),
              cli: remediationCliCommands(t, policy),
            }
          : {
              externalId,
              principal: principal.arn,
              trustPolicy: trustPolicy(t),
              cloudFormation: cloudFormationTemplate(t),
              cli: cliCommands(t),
            };
        if (o.json) return printJson(out);
        if (!principal.known)
          console.error(
            'Note: could not tell which AWS principal Trailhound runs as; replace TRAILHOUND_ACCOUNT_ID below, or set TRAILHOUND_PRINCIPAL_ARN.\n',
          );
        if (o.format === 'all' || o.format === 'json') {
          console.log(`# External ID: ${externalId}\n# Trust policy\n${JSON.stringify(out.trustPolicy, null, 2)}\n`);
          if (policy)
            console.log(
              `# Permissions policy (every action's IAM actions; \`trailhound remediation-policy\`)\n${JSON.stringify(policy, null, 2)}\n`,
            );
        }
        if (o.format === 'all' || o.format === 'cloudformation')
          console.log(
            `# CloudFormation (deploy per account, or as a service-managed StackSet to an Organization)\n${JSON.stringify(out.cloudFormation, null, 2)}\n`,
          );
        if (o.format === 'all' || o.format === 'cli') console.log(`# AWS CLI\n${out.cli.join('\n')}`);
        if (policy && (o.format === 'all' || o.format === 'cli'))
          console.log(
            `\n# Then register it and test it:\n# trailhound accounts add NAME --account-id ID … --remediation-role-arn arn:aws:iam::ID:role/${roleName}\n# trailhound accounts test NAME`,
          );
      });
    });
}

function scanEveryOption(v: string) {
  try {
    return parseScanEvery(v);
  } catch (err) {
    if (err instanceof ScanEveryError) throw new CliError(err.message, 2);
    throw err;
  }
}
