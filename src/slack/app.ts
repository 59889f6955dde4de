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
}

export interface SlackService {
  app: App;
  deps: SlackDeps;
  mode: 'socket' | 'http';
  /** Starts receiving; in HTTP mode listens on `port` (0 = any) and `host`, and returns the bound port. */
  start(listen?: { port?: number; host?: string }): Promise<{ port?: number }>;
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

export function createSlackApp(o: SlackAppOptions): SlackService {
  const c = o.config;
  const problem = slackConfigProblem(c);
  if (problem) throw new Error(problem);
  const mode = o.mode ?? (c.SLACK_APP_TOKEN ? 'socket' : 'http');
  if (mode === 'http' && !c.SLACK_SIGNING_SECRET)
    throw new Error('HTTP mode needs SLACK_SIGNING_SECRET (Slack app → Basic Information → Signing Secret).');
  const work = new WorkTracker();
  const deps: SlackDeps = {
    config: c,
    db: o.db,
    evidenceDir: o.evidenceDir,
    anthropic: o.anthropic,
    now: o.now,
    directory: new SlackDirectory(),
    work,
    progressIntervalMs: o.progressIntervalMs,
  };
  const logger = boltLogger();
  deps.progressClient = new webApi.WebClient(c.SLACK_BOT_TOKEN, {
    ...o.clientOptions,
    logger,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  });
  let receiver: HTTPReceiver | undefined;
  if (mode === 'http') {
    receiver = new HTTPReceiver({
      signingSecret: c.SLACK_SIGNING_SECRET!,
      endpoints: SLACK_EVENTS_PATH,
      logger,
      customRoutes: [
        {
          path: '/healthz',
          method: ['GET'],
          handler: (_req, res) => {
            const ok = work.accepting;
            res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
            res.end(JSON.stringify({ ok, mode, inflight: work.size }));
          },
        },
      ],
    });
  }
  const app = new App({
    token: c.SLACK_BOT_TOKEN,
    logger,
    ...(mode === 'socket' ? { socketMode: true, appToken: c.SLACK_APP_TOKEN } : { receiver }),
    ...(o.botUserId && o.botId ? { botUserId: o.botUserId, botId: o.botId } : {}),
    clientOptions: o.clientOptions,
  });
  // Every incoming request is tracked from the moment the receiver hands it over, so shutdown (and
  // tests) can wait for listeners still running after their ack().
  const processEvent = app.processEvent.bind(app);
  app.processEvent = (event) => work.track(processEvent(event));
  app.use(async ({ context, next }) => {
    context[DEPS_KEY] = deps;
    await next();
  });
  registerListeners(app);
  app.error(async (err) => {
    log.error('slack listener error', { err: err.original ?? err, code: err.code });
  });

  if (allowlistsEmpty(c))
    log.warn(
      o.evidenceDir
        ? 'No Slack allowlist configured: in demo mode (TRAILHOUND_EVIDENCE_DIR) everyone in the workspace may ask.'
        : 'No Slack allowlist configured: every question will be refused. Set SLACK_ALLOWED_USERS, SLACK_ALLOWED_USERGROUPS or SLACK_ALLOWED_CHANNELS.',
    );

  let stopped = false;
  return {
    app,
    deps,
    mode,
    async start(listen = {}) {
      if (mode === 'socket') {
        await app.start();
        log.info('slack app started', { mode });
        return {};
      }
      const server = (await app.start({ port: listen.port ?? c.PORT, host: listen.host })) as unknown as Server;
      const port = (server.address() as AddressInfo | null)?.port;
      log.info('slack app started', { mode, port, path: SLACK_EVENTS_PATH });
      return { port };
    },
    async shutdown(graceMs = c.TRAILHOUND_SHUTDOWN_GRACE_SECONDS * 1000) {
      if (stopped) return 0;
      stopped = true;
      work.accepting = false;
      log.info('slack app stopping', { inflight: work.size, graceMs });
      const stopReceiving = app.stop().catch((err) => log.warn('stopping the receiver failed', { err }));
      const left = await work.drain(graceMs);
      for (const job of left) {
        if (job.conversationId)
          await setConversationStatus(o.db, job.conversationId, 'interrupted').catch((err) =>
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
    },
  };
}
