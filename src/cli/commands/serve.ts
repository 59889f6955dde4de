import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { drainExecutions } from '../../approvals/in-flight';
import { reconcileInterrupted } from '../../approvals/reconcile';
import { log } from '../../log';
import { startScheduler } from '../../scheduler/runner';
import { createSlackApp, slackConfigProblem } from '../../slack/app';
import { digestMessages } from '../../slack/blocks/digest';
import { postDigestChart } from '../../slack/digest-chart';
import { buildContext, evidenceInfo } from '../../runtime/build-context';
import { discoverScheduleOf, startDiscoverSchedule } from '../../runtime/discover-schedule';
import { openScheduledQueue } from '../../runtime/scheduled-queue';
import { openApp } from '../app';
import { CliError } from '../errors';
import { DEMO_EVIDENCE } from './demo';

export function register(program: Command): void {
  program
    .command('serve')
    .description(
      'Run the Slack app (Socket Mode with SLACK_APP_TOKEN, else HTTP on PORT with /healthz). See docs/slack.md.',
    )
    .option('--evidence <dir>', 'answer from an evidence folder instead of live AWS (default TRAILHOUND_EVIDENCE_DIR)')
    .option('--demo', 'answer from the bundled demo evidence (evidence/demo)')
    .option('--port <n>', 'HTTP mode: port to listen on (default PORT or 3000)')
    .action(async (o: { evidence?: string; demo?: boolean; port?: string }) => {
      const app = await openApp();
      const c = app.config;
      const problem = slackConfigProblem(c);
      if (problem) {
        await app.db.close();
        throw new CliError(problem);
      }
      const evidenceDir = o.demo ? DEMO_EVIDENCE : (o.evidence ?? c.TRAILHOUND_EVIDENCE_DIR);
      const evidence = evidenceDir ? resolve(evidenceDir) : undefined;
      if (evidence && !existsSync(evidence)) {
        await app.db.close();
        throw new CliError(`Evidence folder ${evidence} does not exist (TRAILHOUND_EVIDENCE_DIR / --evidence).`);
      }
      // Executions a previous process left half-done are marked interrupted (approvers can retry them).
      for (const r of await reconcileInterrupted(app.db.db))
        log.warn('execution was interrupted by a previous stop', { proposalId: r.id, lastStep: r.lastStep });
      const svc = createSlackApp({
        config: c,
        db: app.db.db,
        evidenceDir: evidence,
        now: evidence ? evidenceInfo(evidence).clock : undefined,
      });
      const port = o.port ? Number(o.port) : undefined;
      const started = await svc.start({ port });
      // With PostgreSQL, due account scans (`--scan-every`) are claimed once and queued for
      // `trailhound worker`; with the embedded database they run in this process.
      const scanQueue = await openScheduledQueue({ config: c, dbKind: app.db.kind, evidence: !!evidence });
      // Scheduled posture digests (`trailhound schedules add`): checked every minute, each run claimed once.
      const stopScheduler = startScheduler({
        enqueue: scanQueue?.enqueue,
        db: app.db.db,
        context: () => buildContext({ config: c, db: app.db.db, evidenceDir: evidence, actor: 'scheduler' }),
        post: async (channel, digest) => {
          for (const m of digestMessages(digest))
            await svc.app.client.chat.postMessage({ channel, text: m.text, blocks: m.blocks });
          await postDigestChart(svc.app.client, channel, digest);
        },
      });
      // Optional: keep the account list in sync with the organization (TRAILHOUND_DISCOVER_EVERY_HOURS).
      const sync = evidence ? null : discoverScheduleOf(c);
      const discover = sync
        ? startDiscoverSchedule({ db: app.db.db, ...sync, log: (m, f) => log.info(m, f) })
        : undefined;
      const where =
        svc.mode === 'socket'
          ? 'Socket Mode'
          : `HTTP on ${c.HOST ?? '*'}:${started.port} (Slack request URL: https://<your-host>/slack/events, health: /healthz)`;
      process.stderr.write(
        `Trailhound Slack app running — ${where}; ${evidence ? `demo mode, evidence ${evidence}` : 'live AWS'}; database ${app.db.kind}. Ctrl-C to stop.\n`,
      );
      if (scanQueue)
        process.stderr.write(
          'Scheduled account scans are queued on PostgreSQL: run `trailhound worker` (any machine) to process them.\n',
        );
      if (started.health.status === 'degraded')
        process.stderr.write(
          `The Slack bot cannot act: ${started.health.reason}. /healthz reports "degraded" until a re-check (every minute) succeeds.\n`,
        );
      let stopping = false;
      const stop = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        log.info('shutdown requested', { signal });
        try {
          await stopScheduler();
          await scanQueue?.stop().catch((err) => log.error('could not stop the job queue', { err }));
          discover?.stop();
          // Remediations in flight finish their current step (no new step starts) or are recorded as interrupted.
          const left = await drainExecutions(c.TRAILHOUND_SHUTDOWN_GRACE_SECONDS * 1000);
          if (left.length)
            await reconcileInterrupted(app.db.db, {
              ownIds: left,
              reason: `Trailhound was stopped (${signal}) while it ran`,
            }).catch((err) => log.error('could not record interrupted executions', { err }));
          await svc.shutdown();
        } finally {
          await app.db.close().catch(() => {});
          process.exit(0);
        }
      };
      process.once('SIGTERM', () => void stop('SIGTERM'));
      process.once('SIGINT', () => void stop('SIGINT'));
      await new Promise<void>(() => {});
    });
}
