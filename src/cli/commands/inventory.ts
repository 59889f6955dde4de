/**
 * `trailhound inventory` (resources the posture scans saw) and `trailhound scans` (scan history
 * with per-region status, counts, duration and errors). Both read the database only.
 */
import type { Command } from 'commander';
import { countResources, listResources } from '../../db/queries/inventory';
import { listScans } from '../../db/queries/scans';
import { printJson, withApp } from '../app';
import { CliError } from '../errors';
import { renderTable, shortTime } from '../table';

const TYPE = /^[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+$/;

function limitOf(v: string | undefined, dflt: number, max: number): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new CliError(`--limit must be a whole number from 1 to ${max}.`, 2);
  return n;
}

export function register(program: Command): void {
  program
    .command('inventory')
    .description(
      'Resources seen by posture scans, per account: type, id/ARN, region, first and last seen. A resource missing from two consecutive complete scans is decommissioned (its open findings resolve as decommissioned).',
    )
    .option('--type <type>', 'a CloudFormation-style type, e.g. AWS::S3::Bucket, AWS::KMS::Key, AWS::IAM::Role')
    .option('--account <name>', 'one account (default: every account)')
    .option('--decommissioned', 'list decommissioned resources instead of current ones')
    .option('--all', 'list current and decommissioned resources')
    .option('--counts', 'print counts per account and type only')
    .option('--limit <n>', 'at most this many rows (default 200, at most 10000)')
    .option('--json', 'print as JSON')
    .action(
      async (o: {
        type?: string;
        account?: string;
        decommissioned?: boolean;
        all?: boolean;
        counts?: boolean;
        limit?: string;
        json?: boolean;
      }) => {
        if (o.type && !TYPE.test(o.type))
          throw new CliError(
            `"${o.type}" is not a resource type: use the form AWS::Service::Resource, e.g. AWS::S3::Bucket.`,
            2,
          );
        if (o.all && o.decommissioned) throw new CliError('Use --all or --decommissioned, not both.', 2);
        const state = o.all ? 'all' : o.decommissioned ? 'decommissioned' : 'active';
        const limit = limitOf(o.limit, 200, 10_000);
        await withApp(async (app) => {
          const filter = { account: o.account, type: o.type, state, limit } as const;
          const counts = await countResources(app.db.db, filter);
          if (o.counts) {
            if (o.json) return printJson(counts);
            if (!counts.length) return console.log(noneText(o.account, o.type, state));
            return console.log(
              renderTable(
                [{ header: 'ACCOUNT', max: 24 }, { header: 'TYPE', max: 40 }, { header: 'COUNT' }],
                counts.map((c) => [c.account, c.type, String(c.count)]),
              ),
            );
          }
          const rows = await listResources(app.db.db, filter);
          const total = counts.reduce((n, c) => n + c.count, 0);
          if (o.json)
            return printJson({
              total,
              shown: rows.length,
              resources: rows.map((r) => ({
                ...r,
                firstSeen: r.firstSeen.toISOString(),
                lastSeen: r.lastSeen.toISOString(),
                decommissionedAt: r.decommissionedAt?.toISOString() ?? null,
              })),
            });
          if (!rows.length) return console.log(noneText(o.account, o.type, state));
          console.log(
            renderTable(
              [
                { header: 'ACCOUNT', max: 24 },
                { header: 'TYPE', max: 40 },
                { header: 'REGION', max: 16 },
                { header: 'FIRST SEEN' },
                { header: 'LAST SEEN' },
                { header: 'DECOMMISSIONED' },
                { header: 'RESOURCE', max: 200 },
              ],
              rows.map((r) => [
                r.account,
                r.type,
                r.region ?? 'global',
                shortTime(r.firstSeen),
                shortTime(r.lastSeen),
                r.decommissionedAt ? shortTime(r.decommissionedAt) : '—',
                r.resourceId,
              ]),
            ),
          );
          if (total > rows.length) console.log(`… ${total - rows.length} more (use --limit, --type or --account).`);
        });
      },
    );

  program
    .command('scans')
    .description(
      'Posture scan history, newest first: status, per-region status, findings by severity, resources, duration, trigger and errors.',
    )
    .option('--account <name>', 'one account (default: every account)')
    .option('--limit <n>', 'at most this many scans (default 20, at most 1000)')
    .option('--json', 'print as JSON')
    .action(async (o: { account?: string; limit?: string; json?: boolean }) => {
      const limit = limitOf(o.limit, 20, 1000);
      await withApp(async (app) => {
        const rows = (await listScans(app.db.db, { account: o.account, limit })).map((s) => {
          const summary = (s.summary ?? {}) as {
            bySeverity?: Record<string, number>;
            findings?: number;
            reason?: string;
            apiCalls?: number;
            throttles?: number;
            throttlesByApi?: Record<string, number>;
          };
          return {
            id: s.id,
            account: s.account,
            status: s.status,
            trigger: s.trigger,
            source: s.source,
            startedAt: s.startedAt.toISOString(),
            finishedAt: s.finishedAt?.toISOString() ?? null,
            durationMs: s.finishedAt ? s.finishedAt.getTime() - s.startedAt.getTime() : null,
            findings: summary.findings ?? null,
            bySeverity: summary.bySeverity ?? null,
            resources: s.resourceCount,
            regions: s.regions,
            errors: s.warnings,
            /** Why a failed scan failed (null otherwise). */
            reason: summary.reason ?? null,
            /** AWS calls and throttled attempts (absorbed by retries) of a live scan; null when not counted. */
            apiCalls: summary.apiCalls ?? null,
            throttles: summary.throttles ?? null,
            throttlesByApi: summary.throttlesByApi ?? null,
          };
        });
        if (o.json) return printJson(rows);
        // With PostgreSQL, scans waiting or running in the queue (JSON: `trailhound worker --status --json`).
        if (app.config.DATABASE_URL) {
          const { JobQueue } = await import('../../queue/jobs');
          const queue = await JobQueue.open(app.config.DATABASE_URL, { max: 1 });
          try {
            const live = (await queue.status({ limit: 200 })).filter(
              (j) =>
                j.queue === 'scan' &&
                ['created', 'retry', 'active'].includes(j.state) &&
                (!o.account || j.account === o.account),
            );
            if (live.length) {
              console.log(`Queued or running (${live.length}):`);
              for (const j of live)
                console.log(
                  `  ${j.account} ${j.state === 'created' ? 'queued' : j.state === 'retry' ? 'waiting to retry' : 'running'} (job ${j.id}, attempt ${j.attempts})${j.progress ? ` — ${j.progress}` : ''}`,
                );
            }
          } finally {
            await queue.stop({ graceful: false, timeout: 5_000 });
          }
        }
        if (!rows.length)
          return console.log(
            `No scans${o.account ? ` of ${o.account}` : ''} yet. Run \`trailhound scan\`, or let \`trailhound serve\` run scheduled scans.`,
          );
        console.log(
          renderTable(
            [
              { header: 'ID', max: 8 },
              { header: 'ACCOUNT', max: 24 },
              { header: 'STATUS', max: 10 },
              { header: 'TRIGGER', max: 10 },
              { header: 'STARTED', max: 17 },
              { header: 'TOOK', max: 8 },
              { header: 'FINDINGS', max: 20 },
              { header: 'RESOURCES', max: 9 },
              { header: 'AWS CALLS', max: 20 },
              { header: 'REGIONS', max: 200 },
            ],
            rows.map((s) => [
              `#${s.id}`,
              s.account,
              s.status,
              s.trigger,
              shortTime(s.startedAt),
              s.durationMs === null ? 'running' : `${(s.durationMs / 1000).toFixed(1)}s`,
              s.bySeverity
                ? `${s.findings ?? 0} (${s.bySeverity.critical ?? 0}C ${s.bySeverity.high ?? 0}H ${s.bySeverity.medium ?? 0}M ${s.bySeverity.low ?? 0}L)`
                : String(s.findings ?? '—'),
              String(s.resources ?? '—'),
              s.apiCalls ? `${s.apiCalls}${s.throttles ? ` (${s.throttles} throttled)` : ''}` : '—',
              Object.entries(s.regions)
                .map(([r, v]) => `${r}:${v.status}`)
                .join(' ') || '—',
            ]),
          ),
        );
        // Why a scan failed and what it could not read, under the table (a table cell would clip them).
        for (const s of rows) {
          if (!s.reason && !s.errors.length) continue;
          console.log(`#${s.id} ${s.account}:`);
          if (s.reason) console.log(`    reason: ${s.reason}`);
          for (const e of s.errors.slice(0, 5)) console.log(`    ${e}`);
          if (s.errors.length > 5) console.log(`    … ${s.errors.length - 5} more (use --json).`);
        }
      });
    });
}

function noneText(account: string | undefined, type: string | undefined, state: string): string {
  return `No ${state === 'all' ? '' : `${state} `}resources${type ? ` of type ${type}` : ''}${account ? ` in ${account}` : ''}. Scans fill the inventory: \`trailhound scan\`.`;
}
