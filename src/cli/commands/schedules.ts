import type { Command } from 'commander';
import { getSchedule, listSchedules, removeSchedule, upsertSchedule } from '../../db/queries/schedules';
import { getAccount } from '../../db/queries/accounts';
import { CronError, nextRun, parseCron } from '../../scheduler/cron';
import { writeFileSync } from 'node:fs';
import { digestText } from '../../scheduler/digest';
import { digestChart } from '../../scheduler/digest-chart';
import { runDueSchedules, runSchedule } from '../../scheduler/runner';
import { cliActor, cliContext, printJson, withApp } from '../app';
import { CliError } from '../errors';
import { renderTable, shortTime } from '../table';

const CHANNEL = /^[CGD][A-Z0-9]{8,12}$/;

export function register(program: Command): void {
  const schedules = program
    .command('schedules')
    .description('Scheduled posture digests posted to Slack channels (run by `trailhound serve`).');

  schedules
    .command('add <name>')
    .description('Add or replace a digest schedule, e.g. --cron "0 9 * * 1" (Mondays 09:00 UTC).')
    .requiredOption('--cron <expr>', 'five-field cron expression in UTC, or @daily/@weekly')
    .requiredOption('--channel <id>', 'Slack channel id (C…), where the bot is a member')
    .option('--accounts <list>', 'comma-separated account names (default: every account)')
    .option('--json', 'print the result as JSON')
    .action(async (name: string, o: { cron: string; channel: string; accounts?: string; json?: boolean }) => {
      if (!/^[\w.-]{1,64}$/.test(name))
        throw new CliError(`Schedule name "${name}" is invalid: letters, digits, . _ - (at most 64).`, 2);
      if (!CHANNEL.test(o.channel))
        throw new CliError(
          `"${o.channel}" is not a Slack channel id: open the channel's details in Slack and copy the id (C…).`,
          2,
        );
      let next: Date;
      try {
        next = nextRun(parseCron(o.cron), new Date());
      } catch (err) {
        if (err instanceof CronError) throw new CliError(err.message, 2);
        throw err;
      }
      const accounts = (o.accounts ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      await withApp(async (app) => {
        for (const a of accounts)
          if (!(await getAccount(app.db.db, a)))
            throw new CliError(`Unknown account "${a}". See \`trailhound accounts list\`.`, 2);
        await upsertSchedule(app.db.db, {
          name,
          cron: o.cron,
          channel: o.channel,
          accounts,
          createdBy: cliActor(),
          nextRunAt: next,
        });
        if (o.json) return printJson({ ok: true, name, nextRunAt: next.toISOString() });
        console.log(
          `Schedule ${name} saved: ${o.cron} (UTC) → ${o.channel}; next run ${shortTime(next)}. \`trailhound serve\` posts it.`,
        );
      });
    });

  schedules
    .command('list')
    .description('List digest schedules.')
    .option('--all', 'include disabled schedules')
    .option('--json', 'print as JSON')
    .action(async (o: { all?: boolean; json?: boolean }) => {
      await withApp(async (app) => {
        const rows = await listSchedules(app.db.db, { all: o.all });
        if (o.json) return printJson(rows);
        if (!rows.length)
          return console.log(
            'No schedules. Add one: trailhound schedules add weekly --cron "0 9 * * 1" --channel C0123456789',
          );
        console.log(
          renderTable(
            [
              { header: 'NAME', max: 24 },
              { header: 'CRON (UTC)', max: 20 },
              { header: 'CHANNEL', max: 24 },
              { header: 'ACCOUNTS', max: 40 },
              { header: 'NEXT RUN' },
              { header: 'LAST RUN' },
            ],
            rows.map((s) => [
              s.name,
              s.cron,
              s.channel,
              s.accounts.length ? s.accounts.join(',') : '(all accounts)',
              shortTime(s.nextRunAt),
              s.lastRunAt ? shortTime(s.lastRunAt) : 'never',
            ]),
          ),
        );
      });
    });

  schedules
    .command('remove <name>')
    .description('Remove a schedule.')
    .option('--json', 'print as JSON')
    .action(async (name: string, o: { json?: boolean }) => {
      await withApp(async (app) => {
        if (!(await removeSchedule(app.db.db, name)))
          throw new CliError(`No schedule named "${name}". See \`trailhound schedules list\`.`);
        if (o.json) printJson({ ok: true, removed: name });
        else console.log(`Removed ${name}.`);
      });
    });

  schedules
    .command('run [name]')
    .description('Run one schedule now (or every due one) and print its digest here instead of posting it.')
    .option('--evidence <dir>', 'scan an evidence folder instead of live AWS')
    .option('--json', 'print the digests as JSON')
    .option('--chart <file.png>', 'also write the trend chart the digest would post (PNG; one file per digest)')
    .action(async (name: string | undefined, o: { evidence?: string; json?: boolean; chart?: string }) => {
      await withApp(async (app) => {
        const printed: unknown[] = [];
        let posted = 0;
        const deps = {
          db: app.db.db,
          context: () => cliContext(app, { evidence: o.evidence }),
          post: async (channel: string, digest: Parameters<typeof digestText>[0]) => {
            const chartFile = o.chart ? await writeDigestChart(digest, o.chart, posted++) : undefined;
            if (o.json) printed.push({ channel, digest, chartFile });
            else
              console.log(
                `${digestText(digest)}\n(would be posted to ${channel}${chartFile ? `, with the trend chart ${chartFile}` : ''})\n`,
              );
          },
        };
        if (name) {
          const s = await getSchedule(app.db.db, name);
          if (!s) throw new CliError(`No schedule named "${name}". See \`trailhound schedules list\`.`);
          await runSchedule(deps, s);
        } else {
          const r = await runDueSchedules(deps);
          if (!o.json && r.ran.length === 0) console.log('No schedule was due.');
        }
        if (o.json) printJson(printed);
      });
    });
}

/** Writes a digest's trend chart; the n-th digest of one run gets a numbered file name. */
async function writeDigestChart(
  digest: Parameters<typeof digestText>[0],
  file: string,
  n: number,
): Promise<string | undefined> {
  const chart = await digestChart(digest);
  if (!chart) return undefined;
  const path = n === 0 ? file : file.replace(/(\.png)?$/i, `-${n + 1}.png`);
  writeFileSync(path, chart.png);
  return path;
}
