import type { Command } from 'commander';
import { listAccounts } from '../../db/queries/accounts';
import { installationExternalId } from '../../db/queries/settings';
import { athenaSetup } from '../../runtime/athena-setup';
import { printJson, withApp } from '../app';
import { CliError } from '../errors';

export function register(program: Command): void {
  const ct = program.command('cloudtrail').description('CloudTrail sources beyond LookupEvents (Athena).');
  ct.command('athena-setup')
    .description(
      'Print (and with --apply run) the CREATE EXTERNAL TABLE for the organization trail bucket, with partition projection on account, region and day. Account ids default to the registered active accounts: rerun after `accounts discover`.',
    )
    .requiredOption('--bucket <name>', 'S3 bucket the organization trail delivers to')
    .requiredOption('--org-id <id>', 'organization id (o-…), part of the trail’s S3 keys')
    .option('--prefix <prefix>', 'S3 key prefix before AWSLogs/', '')
    .option('--database <name>', 'Glue database', process.env.TRAILHOUND_ATHENA_DATABASE || 'default')
    .option('--table <name>', 'table name', process.env.TRAILHOUND_ATHENA_TABLE || 'cloudtrail_org')
    .option('--regions <list>', 'regions the trail covers', process.env.AWS_REGION ?? 'us-east-1')
    .option('--accounts <list>', 'account ids (default: every active registered account)')
    .option('--since <yyyy/MM/dd>', 'first day of logs to project', '2020/01/01')
    .option('--apply', 'run the statement on Athena (workgroup and output location from TRAILHOUND_ATHENA_*)')
    .option('--json', 'print as JSON')
    .action(
      async (o: {
        bucket: string;
        orgId: string;
        prefix: string;
        database: string;
        table: string;
        regions: string;
        accounts?: string;
        since: string;
        apply?: boolean;
        json?: boolean;
      }) => {
        await withApp(async (app) => {
          const accountIds = o.accounts
            ? o.accounts
                .split(',')
                .map((s) => s.trim())
                .filter(Boolean)
            : (await listAccounts(app.db.db)).filter((a) => a.status !== 'suspended').map((a) => a.accountId);
          let r: Awaited<ReturnType<typeof athenaSetup>>;
          try {
            r = await athenaSetup(
              {
                bucket: o.bucket,
                prefix: o.prefix,
                organizationId: o.orgId,
                database: o.database,
                table: o.table,
                accountIds: [...new Set(accountIds)],
                regions: o.regions
                  .split(',')
                  .map((s) => s.trim())
                  .filter(Boolean),
                since: o.since,
              },
              { apply: o.apply, config: app.config, externalId: await installationExternalId(app.db.db) },
            );
          } catch (err) {
            if ((err as Error).name === 'AthenaQueryError') throw new CliError((err as Error).message, 2);
            throw err;
          }
          if (o.json) return printJson(r);
          console.log(`${r.sql};`);
          if (r.applied)
            console.error(
              `Applied: Athena query ${r.applied.queryId} ${r.applied.state}. Set TRAILHOUND_CLOUDTRAIL_SOURCE=athena (or auto) and TRAILHOUND_ATHENA_DATABASE=${o.database}, TRAILHOUND_ATHENA_TABLE=${o.table}.`,
            );
        });
      },
    );
}
