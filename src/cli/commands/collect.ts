import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { parseDuration, shortTime, WindowError } from '../../cloudtrail/time-window';
import { getAccount, listAccounts } from '../../db/queries/accounts';
import { installationExternalId } from '../../db/queries/settings';
import { organizationsReader } from '../../runtime/organizations-reader';
import { collectAccount, type CollectReport, LOOKUP_RETENTION_DAYS, nothingCollected } from '../../runtime/collect';
import { clearProgress, printJson, stderrProgress, withApp } from '../app';
import { collectProgressReporter } from '../collect-progress';
import { CliError } from '../errors';
import { EXIT } from '../exit-codes';
import { config } from '../../config';
import { enqueueJobs, needPostgres, renderEnqueued } from './worker';

export function sinceWindow(since: string, now: Date): { start: Date; end: Date; clipped: boolean } {
  let ms: number;
  try {
    ms = parseDuration(since);
  } catch (err) {
    if (err instanceof WindowError) throw new CliError(`--since ${err.message}`, 2);
    throw err;
  }
  const max = LOOKUP_RETENTION_DAYS * 86_400_000;
  return { start: new Date(now.getTime() - Math.min(ms, max)), end: now, clipped: ms > max };
}

/** 1 when nothing at all could be read, 4 (incomplete) when some part could not be collected, else 0. */
export function collectExitCode(
  r: Pick<CollectReport, 'notCollected' | 'cloudtrail' | 'iam' | 'regional' | 's3'>,
): number {
  if (nothingCollected(r)) return EXIT.error;
  return r.notCollected.length ? EXIT.partial : EXIT.ok;
}

export function renderCollectReport(r: CollectReport): string {
  const lines = [
    `Evidence for ${r.account} (${r.accountId}) written to ${r.dir}`,
    `Window: ${r.window.start} → ${r.window.end}`,
  ];
  for (const c of r.cloudtrail)
    lines.push(
      `  cloudtrail ${c.region}: ${c.events.toLocaleString('en-US')} events in ${c.files.length} file(s)${c.error ? ` — INCOMPLETE: ${c.error}` : ''}${c.truncated ? ' — stopped at --max-events' : ''}`,
    );
  lines.push(`  iam: ${r.iam.files.length ? r.iam.files.join(', ') : 'nothing'}`);
  lines.push(`  ec2 / cloudtrail-config: ${r.regional.files.length} file(s)`);
  lines.push(`  s3: ${r.s3.files.length} file(s)`);
  if (r.notCollected.length) {
    lines.push('Not collected:');
    for (const n of r.notCollected) lines.push(`  - ${n}`);
  }
  lines.push(`Analyse it offline: trailhound ask --evidence ${r.dir} "what happened this week?"`);
  return lines.join('\n');
}

export function register(program: Command): void {
  program
    .command('collect')
    .description(
      'Preserve an account as an evidence folder: CloudTrail (LookupEvents export per region), the IAM snapshot, EC2, CloudTrail and S3 configuration, account.json. Read-only.',
    )
    .requiredOption('--account <name>', 'configured account name or id (see `trailhound accounts list`)')
    .requiredOption('--out <dir>', 'folder to write (created; must be empty or absent)')
    .option(
      '--since <duration>',
      `how far back CloudTrail goes, e.g. 24h, 7d, 30d (max ${LOOKUP_RETENTION_DAYS}d: LookupEvents retention)`,
      '30d',
    )
    .option('--regions <list>', "comma-separated regions (default: the account's configured regions)")
    .option(
      '--max-events <n>',
      'stop each region after this many events (newest first); LookupEvents reads ~100 events/s per region',
    )
    .option(
      '--queue',
      'with PostgreSQL (DATABASE_URL): queue the collection for `trailhound worker` instead of running it here; the folder is written on the machine of the worker that takes the job (use a path every worker shares)',
    )
    .option('--json', 'print the report as JSON (with --queue: the job id)')
    .action(
      async (o: {
        account: string;
        out: string;
        since: string;
        regions?: string;
        maxEvents?: string;
        queue?: boolean;
        json?: boolean;
      }) => {
        const maxEvents = o.maxEvents === undefined ? undefined : Number(o.maxEvents);
        if (maxEvents !== undefined && !(Number.isInteger(maxEvents) && maxEvents > 0))
          throw new CliError('--max-events must be a positive whole number, e.g. 100000.', 2);
        sinceWindow(o.since, new Date()); // a bad --since is a usage error before the database opens
        const out = resolve(o.out);
        if (existsSync(out) && readdirSync(out).length > 0)
          throw new CliError(
            `--out ${out} is not empty; choose a new folder so evidence from different collections is not mixed.`,
            2,
          );
        // Regions given (else the account's): a name that is not one is a usage error before any
        // database opens (the embedded one takes seconds to start), as the checks below are.
        const given = o.regions
          ? o.regions
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean)
          : undefined;
        const unknown = given?.filter((r) => !/^[a-z]{2}(-[a-z]+)+-\d$/.test(r)) ?? [];
        if (unknown.length) throw new CliError(`Not a region name: ${unknown.join(', ')} (e.g. us-east-1).`, 2);
        // Checked before opening any database too.
        if (o.queue) needPostgres(config(), 'collect --queue');
        await withApp(async (app) => {
          const account =
            (await getAccount(app.db.db, o.account)) ??
            (await listAccounts(app.db.db)).find((a) => a.accountId === o.account);
          if (!account)
            throw new CliError(
              `No account named "${o.account}". See \`trailhound accounts list\`, or add it with \`trailhound accounts add\`.`,
              2,
            );
          const regions = given ?? account.regions;
          if (o.queue) {
            const rows = await enqueueJobs(app.config, 'collect', [
              {
                account: account.name,
                out,
                since: o.since,
                regions,
                ...(maxEvents !== undefined ? { maxEventsPerRegion: maxEvents } : {}),
              },
            ]);
            if (o.json) printJson({ queued: rows, out });
            else
              console.log(`${renderEnqueued('collect', rows)}\nThe folder ${out} is written on the worker's machine.`);
            return;
          }
          const now = new Date();
          const w = sinceWindow(o.since, now);
          if (w.clipped && !o.json)
            console.error(
              `Note: LookupEvents keeps ${LOOKUP_RETENTION_DAYS} days; collecting from ${shortTime(w.start)}. Older events are only in the trail's S3 bucket.`,
            );
          const externalId = await installationExternalId(app.db.db);
          const regionProgress = collectProgressReporter({ enabled: !o.json });
          const report = await collectAccount({
            account,
            externalId,
            organizations: organizationsReader(await listAccounts(app.db.db), app.config)(account),
            out,
            start: w.start,
            end: w.end,
            regions,
            maxEventsPerRegion: maxEvents,
            progress: stderrProgress(!o.json),
            onRegionProgress: (p) => regionProgress.update(p),
            now: () => now,
          });
          regionProgress.finish();
          clearProgress();
          if (o.json) printJson(report);
          else console.log(renderCollectReport(report));
          process.exitCode = collectExitCode(report);
          if (process.exitCode === EXIT.error)
            console.error(
              `Nothing collected (exit ${EXIT.error}): every part failed${o.json ? ` — ${report.notCollected.join('; ')}` : ', listed above'}.`,
            );
          else if (process.exitCode === EXIT.partial)
            console.error(
              `Incomplete (exit ${EXIT.partial}): ${report.notCollected.length} part(s) not collected${o.json ? ` — ${report.notCollected.join('; ')}` : ', listed above'}.`,
            );
        });
      },
    );
}
