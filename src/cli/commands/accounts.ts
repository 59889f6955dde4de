import type { Command } from 'commander';
import { validateAccount } from '../../aws/accounts';
import { testAccount } from '../../aws/account-test';
import { installationPrincipal } from '../../aws/installation-principal';
import { cliCommands, cloudFormationTemplate, trustPolicy } from '../../aws/trust-policy';
import { getAccount, listAccounts, removeAccount, upsertAccount } from '../../db/queries/accounts';
import { installationExternalId } from '../../db/queries/settings';
import { printJson, withApp } from '../app';
import { CliError } from '../errors';

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
    .option('--json', 'print the result as JSON')
    .action(
      async (
        name: string,
        o: { accountId: string; roleArn?: string; regions: string; remediationRoleArn?: string; json?: boolean },
      ) => {
        const account = validateAccount({
          name,
          accountId: o.accountId,
          roleArn: o.roleArn,
          regions: o.regions.split(','),
          remediationRoleArn: o.remediationRoleArn,
        });
        await withApp(async (app) => {
          await upsertAccount(app.db.db, account);
          const externalId = await installationExternalId(app.db.db);
          if (o.json) return printJson({ ok: true, account, externalId });
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
    .command('list')
    .description('List configured accounts.')
    .option('--json', 'print as JSON')
    .action(async (o: { json?: boolean }) => {
      await withApp(async (app) => {
        const list = await listAccounts(app.db.db);
        if (o.json) return printJson(list);
        if (!list.length)
          return console.log(
            'No accounts configured. Add one: trailhound accounts add NAME --account-id ID [--role-arn ARN] --regions us-east-1',
          );
        for (const a of list)
          console.log(
            `${a.name.padEnd(20)} ${a.accountId}  ${a.regions.join(',').padEnd(24)} ${a.roleArn ?? '(ambient credentials)'}${a.remediationRoleArn ? `  remediation: ${a.remediationRoleArn}` : ''}`,
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
    .command('test <name>')
    .description(
      'AssumeRole with the External ID, read iam:GetAccountSummary and check each region; diagnose failures.',
    )
    .option('--json', 'print as JSON')
    .action(async (name: string, o: { json?: boolean }) => {
      await withApp(async (app) => {
        const account = await getAccount(app.db.db, name);
        if (!account) throw new CliError(`No account named "${name}". See \`trailhound accounts list\`.`);
        const result = await testAccount(account, await installationExternalId(app.db.db));
        if (o.json) printJson(result);
        else for (const c of result.checks) console.log(`${c.ok ? '✓' : '✗'} ${c.step}: ${c.detail}`);
        if (!result.ok) process.exitCode = 1;
      });
    });

  accounts
    .command('trust-policy')
    .description(
      'Print the trust policy, a CloudFormation template (StackSet-ready) and AWS CLI commands for the read-only role.',
    )
    .option('--role-name <name>', 'role name to create', 'TrailhoundReadOnly')
    .option('--format <fmt>', 'all | json | cloudformation | cli', 'all')
    .option('--json', 'print everything as one JSON object')
    .action(async (o: { roleName: string; format: string; json?: boolean }) => {
      await withApp(async (app) => {
        const externalId = await installationExternalId(app.db.db);
        const principal = await installationPrincipal(app.config.TRAILHOUND_PRINCIPAL_ARN);
        const t = { principalArn: principal.arn, externalId, roleName: o.roleName };
        const out = {
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
        if (o.format === 'all' || o.format === 'json')
          console.log(`# External ID: ${externalId}\n# Trust policy\n${JSON.stringify(out.trustPolicy, null, 2)}\n`);
        if (o.format === 'all' || o.format === 'cloudformation')
          console.log(
            `# CloudFormation (deploy per account, or as a service-managed StackSet to an Organization)\n${JSON.stringify(out.cloudFormation, null, 2)}\n`,
          );
        if (o.format === 'all' || o.format === 'cli') console.log(`# AWS CLI\n${out.cli.join('\n')}`);
      });
    });
}
