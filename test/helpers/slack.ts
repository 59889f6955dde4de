/**
 * Slack test harness: a recording fake of the Slack Web API at the HTTP level (nock on
 * https://slack.com/api/*, answered with the real wire fixtures), Slack request signing, and the
 * real Bolt HTTP receiver started on 127.0.0.1 with a random port.
 */
import { createHmac } from 'node:crypto';
import { resolve } from 'node:path';
import nock from 'nock';
import type Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { parseConfig } from '../../src/config';
import type { Db, DbHandle } from '../../src/db/client';
import { createSlackApp, SLACK_EVENTS_PATH, type SlackAppOptions, type SlackService } from '../../src/slack/app';
import type { HealthState } from '../../src/slack/health';
import { openTestDb } from './db';
import { atFileEnd } from './file-end';
import { wireJson } from './fixtures';

export const SIGNING_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
export const BOT_TOKEN = 'xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy';
export const BOT_USER = 'U0BOTTRAIL';
export const BOT_ID = 'B0TRAILHND';
export const CHANNEL = 'C0SECOPS1';

export interface SlackCall {
  method: string;
  params: Record<string, any>;
}

type Handler = (params: Record<string, any>, call: SlackCall) => Record<string, unknown>;

let tsCounter = 0;
export function nextTs(): string {
  tsCounter += 1;
  return `1741956${String(200 + tsCounter).padStart(3, '0')}.${String(tsCounter).padStart(6, '0')}`;
}

/** Parses a Web API request body (form-encoded with JSON-encoded arrays/objects, or JSON). */
function parseBody(body: unknown): Record<string, any> {
  let raw: Record<string, any>;
  if (body && typeof body === 'object') raw = body as Record<string, any>;
  else {
    const s = String(body ?? '');
    raw = s.trim().startsWith('{') ? JSON.parse(s) : Object.fromEntries(new URLSearchParams(s));
  }
  const out: Record<string, any> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v === 'string' && /^[[{]/.test(v.trim())) {
      try {
        out[k] = JSON.parse(v);
        continue;
      } catch {
        /* keep the string */
      }
    }
    out[k] = v;
  }
  return out;
}

export class FakeSlack {
  readonly calls: SlackCall[] = [];
  private handlers = new Map<string, Handler>();
  /** User id → email for users.info. */
  emails: Record<string, string> = { U061F7AUR: 'carol.danvers@example.com' };
  /** User group id → members for usergroups.users.list. */
  groups: Record<string, string[]> = {};

  constructor() {
    nock('https://slack.com')
      .persist()
      .post(/^\/api\/.+/)
      .reply((uri, body) => {
        const method = uri.replace(/^\/api\//, '').split('?')[0]!;
        const call = { method, params: parseBody(body) };
        this.calls.push(call);
        return [200, this.respond(call), { 'Content-Type': 'application/json; charset=utf-8' }];
      });
  }

  on(method: string, h: Handler): this {
    this.handlers.set(method, h);
    return this;
  }

  private respond(call: SlackCall): Record<string, unknown> {
    const custom = this.handlers.get(call.method);
    if (custom) return custom(call.params, call);
    const p = call.params;
    switch (call.method) {
      case 'chat.postMessage': {
        const base = wireJson('slack/chat-postMessage-ok.json');
        const ts = nextTs();
        return {
          ...base,
          channel: p.channel,
          ts,
          message: { ...base.message, ts, text: p.text, blocks: p.blocks ?? [] },
        };
      }
      case 'chat.update': {
        const base = wireJson('slack/chat-update-ok.json');
        return {
          ...base,
          channel: p.channel,
          ts: p.ts,
          text: p.text,
          message: { ...base.message, text: p.text, blocks: p.blocks ?? [] },
        };
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: nextTs() };
      case 'users.info': {
        const base = wireJson('slack/users-info.json');
        const email = this.emails[p.user];
        return {
          ...base,
          user: { ...base.user, id: p.user, name: p.user.toLowerCase(), profile: { ...base.user.profile, email } },
        };
      }
      case 'usergroups.users.list': {
        const members = this.groups[p.usergroup];
        return members
          ? { ...wireJson('slack/usergroups-users-list.json'), users: members }
          : { ok: false, error: 'no_such_subteam' };
      }
      case 'views.open':
      case 'views.publish':
        return { ok: true, view: { id: 'V0TEST', ...(p.view ?? {}) } };
      case 'auth.test':
        return { ok: true, user_id: BOT_USER, bot_id: BOT_ID, team_id: 'T0123ABCD' };
      default:
        return { ok: true };
    }
  }

  /** Calls of one method, in order. */
  of(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }
}

/** The v0 signature Slack puts on every request. */
export function sign(body: string, ts: number, secret = SIGNING_SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
}

export interface SendOptions {
  contentType?: string;
  /** Request timestamp (seconds); default now. */
  ts?: number;
  /** Signature to send instead of the valid one. */
  signature?: string;
  secret?: string;
}

export async function send(port: number, body: string, o: SendOptions = {}): Promise<{ status: number; text: string }> {
  const ts = o.ts ?? Math.floor(Date.now() / 1000);
  const res = await fetch(`http://127.0.0.1:${port}${SLACK_EVENTS_PATH}`, {
    method: 'POST',
    headers: {
      'content-type': o.contentType ?? 'application/json',
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': o.signature ?? sign(body, ts, o.secret),
    },
    body,
  });
  return { status: res.status, text: await res.text() };
}

/** An Events API envelope around an event (based on the app_mention wire fixture). */
export function eventEnvelope(event: Record<string, unknown>): string {
  const base = wireJson('slack/event-app-mention.json');
  return JSON.stringify({
    ...base,
    event_id: `Ev${Math.random().toString(36).slice(2, 12).toUpperCase()}`,
    event: { ...base.event, ...event },
  });
}

export function mention(
  text: string,
  o: { user?: string; channel?: string; ts?: string; threadTs?: string } = {},
): string {
  const ts = o.ts ?? nextTs();
  return eventEnvelope({
    type: 'app_mention',
    user: o.user ?? 'U061F7AUR',
    channel: o.channel ?? CHANNEL,
    text: `<@${BOT_USER}> ${text}`,
    ts,
    event_ts: ts,
    ...(o.threadTs ? { thread_ts: o.threadTs } : {}),
  });
}

/** An interactivity request body: `payload=<url-encoded JSON>`. */
export function interactive(payload: unknown): { body: string; contentType: string } {
  return {
    body: `payload=${encodeURIComponent(JSON.stringify(payload))}`,
    contentType: 'application/x-www-form-urlencoded',
  };
}

export interface Started {
  svc: SlackService;
  port: number;
  /** Replace per test (the global setup clears nock interceptors after each test). */
  slack: FakeSlack;
  /** The token check as `start` returned it. */
  health: HealthState;
  close(): Promise<void>;
}

/** Starts the real app in HTTP mode on 127.0.0.1 with a random port. */
export async function startApp(o: {
  db: Db;
  env?: Record<string, string>;
  evidenceDir?: string;
  anthropic?: Anthropic;
  now?: () => Date;
  slack?: FakeSlack;
  /** createSlackApp options over the test defaults (e.g. no known bot identity, the token checked). */
  options?: Partial<Omit<SlackAppOptions, 'config' | 'db'>>;
}): Promise<Started> {
  const slack = o.slack ?? new FakeSlack();
  const config = parseConfig({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, ...o.env });
  const svc = createSlackApp({
    config,
    db: o.db,
    evidenceDir: o.evidenceDir,
    anthropic: o.anthropic,
    now: o.now,
    botUserId: BOT_USER,
    botId: BOT_ID,
    mode: 'http',
    clientOptions: { retryConfig: { retries: 0 } },
    progressIntervalMs: 20,
    ...o.options,
  });
  const { port, health } = await svc.start({ port: 0, host: '127.0.0.1' });
  const close = async (): Promise<void> => {
    if (running.delete(close)) await svc.shutdown(1000);
  };
  running.add(close);
  return { svc, port: port!, slack, health, close };
}

/** Apps started and not yet closed: a file's end closes them (server, timers), tests normally do. */
const running = new Set<() => Promise<void>>();
atFileEnd(async () => {
  for (const close of [...running]) await close();
});

/** A fresh recording fake for a new test (drops interceptors left from before). */
export function freshSlack(s: Started): FakeSlack {
  nock.cleanAll();
  s.slack = new FakeSlack();
  return s.slack;
}

/** Waits until the app has no question in flight (work is tracked, so no sleeps). */
export async function settle(s: Started): Promise<void> {
  await new Promise((r) => setImmediate(r));
  await s.svc.deps.work.idle();
}

/** The bundled demo evidence, and the time it was collected (the "now" its questions are asked at). */
export const DEMO_EVIDENCE = resolve(import.meta.dirname, '../../evidence/demo');
export const DEMO_COLLECTED = new Date('2026-11-23T09:00:00Z');

/**
 * One app for a describe block, over the demo evidence at its collection time unless told otherwise:
 * an embedded database (`prepare` fills it) and the app started before the block's tests, a fresh
 * recording Slack fake before each test, both closed after. Read `.s` and `.db` inside the tests.
 */
export function appPerSuite(o: Omit<Parameters<typeof startApp>[0], 'db'> & { prepare?: (db: Db) => Promise<void> }): {
  readonly s: Started;
  readonly db: DbHandle;
} {
  const { prepare, ...app } = o;
  const state = {} as { s: Started; db: DbHandle };
  beforeAll(async () => {
    state.db = await openTestDb('pglite');
    await prepare?.(state.db.db);
    state.s = await startApp({ evidenceDir: DEMO_EVIDENCE, now: () => DEMO_COLLECTED, ...app, db: state.db.db });
  });
  beforeEach(() => {
    freshSlack(state.s);
  });
  afterAll(async () => {
    await state.s?.close();
    await state.db?.close();
  });
  return state;
}
