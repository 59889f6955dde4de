/**
 * The Bolt app: Socket Mode when SLACK_APP_TOKEN is set, otherwise the HTTP receiver (request
 * signatures verified with SLACK_SIGNING_SECRET, `/healthz` for load balancers). Logs are JSON
 * lines through src/log.ts. `shutdown()` stops receiving, lets in-flight questions finish for a
 * grace period, then records the unfinished ones as interrupted (in the database and in Slack).
 */
import type Anthropic from '@anthropic-ai/sdk';
import { App, HTTPReceiver, webApi } from '@slack/bolt';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from '../config';
import type { Db } from '../db/client';
import { setConversationStatus } from '../db/queries/conversations';
import { log } from '../log';
import { allowlistsEmpty } from './access';
import { interruptedMessage } from './blocks/progress';
import { DEPS_KEY, type SlackDeps } from './deps';
import { type HealthState, SlackHealth } from './health';
import { SlackDirectory } from './directory';
import { registerListeners } from './listeners/index';
import { boltLogger } from './logger';
import { WorkTracker } from './work-tracker';

export const SLACK_EVENTS_PATH = '/slack/events';

export interface SlackAppOptions {
  config: Config;
  db: Db;
  evidenceDir?: string;
  anthropic?: Anthropic;
  now?: () => Date;
  /** Known bot identity (skips auth.test; tests). */
  botUserId?: string;
  botId?: string;
  /** Web API client options (tests: retries off). */
  clientOptions?: webApi.WebClientOptions;
  progressIntervalMs?: number;
  /** Force a mode; default: socket when SLACK_APP_TOKEN is set. */
  mode?: 'socket' | 'http';
  /** Verify the bot token with auth.test at start (default: yes, unless botUserId/botId are given). */
  verifyToken?: boolean;
  /** How often a failed token check is retried (default one minute). */
  healthRecheckMs?: number;
}

export interface SlackService {
  app: App;
  deps: SlackDeps;
  mode: 'socket' | 'http';
  /** Whether the bot token could be verified (auth.test), as /healthz reports it. */
  health: SlackHealth;
  /** Starts receiving; in HTTP mode listens on `port` (0 = any) and `host`, and returns the bound port. */
  start(listen?: { port?: number; host?: string }): Promise<{ port?: number; health: HealthState }>;
  /** Graceful stop: returns the number of questions recorded as interrupted. */
  shutdown(graceMs?: number): Promise<number>;
}

/** What is missing to run the Slack app, as a message naming the variables; undefined when complete. */
export function slackConfigProblem(c: Config): string | undefined {
  const missing: string[] = [];
  if (!c.SLACK_BOT_TOKEN)
    missing.push('SLACK_BOT_TOKEN (Slack app → OAuth & Permissions → Bot User OAuth Token, xoxb-…)');
  if (!c.SLACK_APP_TOKEN && !c.SLACK_SIGNING_SECRET)
    missing.push(
      'SLACK_APP_TOKEN for Socket Mode (Basic Information → App-Level Tokens, scope connections:write, xapp-…) or SLACK_SIGNING_SECRET for HTTP mode (Basic Information → Signing Secret)',
    );
  if (!missing.length) return undefined;
  return `The Slack app is not configured. Set:\n${missing.map((m) => `  - ${m}`).join('\n')}\nSee docs/slack.md (create the app from slack/manifest.json in one step).`;
}

/** The HTTP receiver: signed requests on the events path, and `/healthz` for load balancers. */
function httpReceiver(
  c: Config,
  logger: ReturnType<typeof boltLogger>,
  work: WorkTracker,
  health: SlackHealth,
  mode: 'socket' | 'http',
): HTTPReceiver {
  return new HTTPReceiver({
    signingSecret: c.SLACK_SIGNING_SECRET!,
    endpoints: SLACK_EVENTS_PATH,
    logger,
    customRoutes: [
      {
        path: '/healthz',
        method: ['GET'],
        handler: (_req, res) => {
          const h = health.state;
          // Degraded (the bot token cannot be verified) or draining: not ready for traffic.
          const ok = work.accepting && h.status !== 'degraded';
          res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({
              ok,
              status: !work.accepting ? 'stopping' : h.status,
              ...(h.reason ? { reason: h.reason } : {}),
              mode,
              inflight: work.size,
            }),
          );
        },
      },
    ],
  });
}

/** What a listener needs (config, database, directory, work tracker…), attached to every request's context. */
function slackDeps(o: SlackAppOptions, work: WorkTracker, logger: ReturnType<typeof boltLogger>): SlackDeps {
  return {
    config: o.config,
    db: o.db,
    evidenceDir: o.evidenceDir,
    anthropic: o.anthropic,
    now: o.now,
    directory: new SlackDirectory(),
    work,
    progressIntervalMs: o.progressIntervalMs,
    progressClient: new webApi.WebClient(o.config.SLACK_BOT_TOKEN, {
      ...o.clientOptions,
      logger,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
    }),
  };
}

export function createSlackApp(o: SlackAppOptions): SlackService {
  const c = o.config;
  const problem = slackConfigProblem(c);
  if (problem) throw new Error(problem);
  const mode = o.mode ?? (c.SLACK_APP_TOKEN ? 'socket' : 'http');
  if (mode === 'http' && !c.SLACK_SIGNING_SECRET)
    throw new Error('HTTP mode needs SLACK_SIGNING_SECRET (Slack app → Basic Information → Signing Secret).');
  const work = new WorkTracker();
  const logger = boltLogger();
  const deps = slackDeps(o, work, logger);
  const health = new SlackHealth(deps.progressClient!, o.healthRecheckMs);
  const receiver = mode === 'http' ? httpReceiver(c, logger, work, health, mode) : undefined;
  const app = new App({
    token: c.SLACK_BOT_TOKEN,
    logger,
    ...(mode === 'socket' ? { socketMode: true, appToken: c.SLACK_APP_TOKEN } : { receiver }),
    ...(o.botUserId && o.botId ? { botUserId: o.botUserId, botId: o.botId } : {}),
    // Bolt would call auth.test in its constructor and leave a failure as an unhandled rejection (a
    // crash with a stack trace); SlackHealth verifies the token instead and says what is wrong.
    tokenVerificationEnabled: false,
    clientOptions: o.clientOptions,
  });
  // Global middleware (Bolt's extension point): every request is tracked until its listeners finish
  // (they run inside next(), also after their ack()), so shutdown and tests can wait for them.
  app.use(async ({ context, next }) => {
    context[DEPS_KEY] = deps;
    await work.track(next());
  });
  registerListeners(app);
  app.error(async (err) => {
    log.error('slack listener error', { err: err.original ?? err, code: err.code });
  });
  warnIfNoAllowlist(c, o.evidenceDir);

  let stopped = false;
  return {
    app,
    deps,
    mode,
    health,
    async start(listen = {}) {
      let port: number | undefined;
      if (mode === 'socket') await app.start();
      else {
        const server = (await app.start({
          port: listen.port ?? c.PORT,
          host: listen.host ?? c.HOST,
        })) as unknown as Server;
        port = (server.address() as AddressInfo | null)?.port;
      }
      // Tests that pass a known bot identity skip the check; everyone else learns at once when the
      // token cannot act (serve prints it; /healthz reports degraded until a re-check succeeds).
      if (o.verifyToken ?? !(o.botUserId && o.botId)) await health.verify();
      else health.state = { status: 'ok', botUserId: o.botUserId };
      log.info('slack app started', {
        mode,
        port,
        path: mode === 'http' ? SLACK_EVENTS_PATH : undefined,
        health: health.state.status,
      });
      return { port, health: health.state };
    },
    async shutdown(graceMs = c.TRAILHOUND_SHUTDOWN_GRACE_SECONDS * 1000) {
      if (stopped) return 0;
      stopped = true;
      health.stopRechecking();
      return drainAndStop(app, o.db, work, graceMs);
    },
  };
}

function warnIfNoAllowlist(c: Config, evidenceDir: string | undefined): void {
  if (!allowlistsEmpty(c)) return;
  log.warn(
    evidenceDir
      ? 'No Slack allowlist configured: in demo mode (TRAILHOUND_EVIDENCE_DIR) everyone in the workspace may ask.'
      : 'No Slack allowlist configured: every question will be refused. Set SLACK_ALLOWED_USERS, SLACK_ALLOWED_USERGROUPS or SLACK_ALLOWED_CHANNELS.',
  );
}

/** Stops receiving, lets in-flight questions finish for `graceMs`, records the rest as interrupted. */
async function drainAndStop(app: App, db: Db, work: WorkTracker, graceMs: number): Promise<number> {
  work.accepting = false;
  log.info('slack app stopping', { inflight: work.size, graceMs });
  const stopReceiving = app.stop().catch((err) => log.warn('stopping the receiver failed', { err }));
  const left = await work.drain(graceMs);
  for (const job of left) {
    if (job.conversationId)
      await setConversationStatus(db, job.conversationId, 'interrupted').catch((err) =>
        log.warn('could not mark interrupted', { err }),
      );
    if (job.progress) {
      const m = interruptedMessage();
      await app.client.chat.update({ ...job.progress, text: m.text, blocks: m.blocks }).catch(() => {});
    }
  }
  await Promise.race([stopReceiving, new Promise((r) => setTimeout(r, 5000).unref())]);
  log.info('slack app stopped', { interrupted: left.length });
  return left.length;
}
