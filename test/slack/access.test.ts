/**
 * Who may ask, and concurrency. A person not on the allowlist gets a short refusal and nothing is read
 * (no AWS request, no model call, no conversation stored); user groups and channels admit people;
 * 20 questions in different threads run at the same time (no global lock), while two questions in
 * one thread are answered in order.
 */
import { resolve } from 'node:path';
import type Anthropic from '@anthropic-ai/sdk';
import nock from 'nock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config';
import type { DbHandle } from '../../src/db/client';
import { upsertAccount } from '../../src/db/queries/accounts';
import { conversationExists } from '../../src/db/queries/slack';
import { mayAsk } from '../../src/slack/access';
import { SlackDirectory } from '../../src/slack/directory';
import { openTestDb } from '../helpers/db';
import { wireJson } from '../helpers/fixtures';
import { CHANNEL, freshSlack, mention, send, settle, startApp, type Started } from '../helpers/slack';

const DEMO = resolve(import.meta.dirname, '../../evidence/demo');

/** Records every request to AWS or Anthropic (there must be none for a refused question). */
function outsideRecorder(): string[] {
  const seen: string[] = [];
  for (const host of [/amazonaws\.com/, /api\.anthropic\.com/]) {
    nock(host)
      .persist()
      .post(/.*/)
      .reply(function (uri) {
        seen.push(`POST ${this.req.headers.host}${uri}`);
        return [500, '{}'];
      })
      .get(/.*/)
      .reply(function (uri) {
        seen.push(`GET ${this.req.headers.host}${uri}`);
        return [500, '{}'];
      });
  }
  return seen;
}

describe('Slack allowlist (live mode)', () => {
  let db: DbHandle;
  let s: Started;
  beforeAll(async () => {
    db = await openTestDb('pglite');
    await upsertAccount(db.db, {
      name: 'prod',
      accountId: '123456789012',
      roleArn: null,
      regions: ['us-east-1'],
      remediationRoleArn: null,
    });
    s = await startApp({
      db: db.db,
      env: {
        SLACK_ALLOWED_USERS: 'U0ALLOWED1',
        SLACK_ALLOWED_USERGROUPS: 'S0ANALYSTS',
        SLACK_ALLOWED_CHANNELS: 'C0SECRET1',
        ANTHROPIC_API_KEY: 'sk-ant-test-key-0000000000',
      },
    });
  });
  beforeEach(() => {
    freshSlack(s);
  });
  afterAll(async () => {
    await s.close();
    await db.close();
  });

  it('refuses someone not on the allowlist and reads nothing from AWS', async () => {
    const outside = outsideRecorder();
    s.slack.groups.S0ANALYSTS = ['U0SOMEONE2'];
    const r = await send(
      s.port,
      mention('what did AKIAIOSFODNN7EXAMPLE do this week?', { user: 'U0STRANGER', ts: '1741956999.000100' }),
    );
    expect(r.status).toBe(200);
    await settle(s);
    expect(outside).toEqual([]);
    const posts = s.slack.of('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.params.thread_ts).toBe('1741956999.000100');
    expect(posts[0]!.params.text).toMatch(/not on Trailhound’s access list/);
    expect(s.slack.of('chat.update')).toEqual([]);
    expect(await conversationExists(db.db, `slack:${CHANNEL}:1741956999.000100`)).toBe(false);
  });

  it('refuses a slash command from someone not on the allowlist, without reading anything', async () => {
    const outside = outsideRecorder();
    const responses: unknown[] = [];
    nock('https://hooks.slack.com')
      .post(/.*/)
      .reply(200, (_u, body) => (responses.push(body), 'ok'));
    const body = new URLSearchParams({
      command: '/trailhound',
      text: 'accounts',
      user_id: 'U0STRANGER',
      channel_id: 'C0PUBLIC1',
      team_id: 'T0123ABCD',
      response_url: 'https://hooks.slack.com/commands/T0123ABCD/1/abc',
      trigger_id: '1.2.3',
      api_app_id: 'A0123TRAIL',
    }).toString();
    const r = await send(s.port, body, { contentType: 'application/x-www-form-urlencoded' });
    expect(r.status).toBe(200);
    await settle(s);
    expect(outside).toEqual([]);
    expect(JSON.stringify(responses)).toMatch(/not on Trailhound’s access list/);
    expect(JSON.stringify(responses)).not.toContain('prod');
  });

  it('admits members of an allowed user group and anyone in an allowed channel (policy unit)', async () => {
    const c = parseConfig({
      SLACK_ALLOWED_USERS: 'U0ALLOWED1',
      SLACK_ALLOWED_USERGROUPS: 'S0ANALYSTS',
      SLACK_ALLOWED_CHANNELS: 'C0SECRET1',
    });
    s.slack.groups.S0ANALYSTS = ['U0MEMBER01'];
    const dir = new SlackDirectory();
    const client = s.svc.app.client;
    expect(await mayAsk(c, dir, client, { user: 'U0ALLOWED1', channel: 'C0PUBLIC1' }, false)).toEqual({
      ok: true,
      via: 'user',
    });
    expect(await mayAsk(c, dir, client, { user: 'U0MEMBER01', channel: 'C0PUBLIC1' }, false)).toEqual({
      ok: true,
      via: 'usergroup',
    });
    expect(await mayAsk(c, dir, client, { user: 'U0OUTSIDER', channel: 'C0SECRET1' }, false)).toEqual({
      ok: true,
      via: 'channel',
    });
    expect((await mayAsk(c, dir, client, { user: 'U0OUTSIDER', channel: 'C0PUBLIC1' }, false)).ok).toBe(false);
    // Empty lists: deny in live mode, open in demo (evidence) mode.
    const empty = parseConfig({});
    expect((await mayAsk(empty, dir, client, { user: 'U0ALLOWED1' }, false)).ok).toBe(false);
    expect(await mayAsk(empty, dir, client, { user: 'U0ALLOWED1' }, true)).toEqual({ ok: true, via: 'demo-open' });
    // A failed group look-up never admits.
    const failing = new SlackDirectory();
    s.slack.on('usergroups.users.list', () => ({ ok: false, error: 'missing_scope' }));
    expect((await mayAsk(c, failing, client, { user: 'U0MEMBER01', channel: 'C0PUBLIC1' }, false)).ok).toBe(false);
  });
});

/** A stand-in Anthropic client whose calls wait until `release` decides; records starts and ends. */
function gatedClaude(onCall: (question: string, pending: number, history: number) => Promise<void>) {
  let pending = 0;
  const final = wireJson('anthropic/message-final.json');
  const client = {
    messages: {
      async create(params: { messages: { role: string; content: unknown }[] }) {
        const last = params.messages.at(-1)!;
        // The loop sends the newest user turn as text blocks (the last one carries cache_control).
        const q =
          typeof last.content === 'string'
            ? last.content
            : (last.content as { type: string; text?: string }[])
                .filter((b) => b.type === 'text')
                .map((b) => b.text)
                .join('');
        pending += 1;
        try {
          await onCall(q, pending, params.messages.length);
        } finally {
          pending -= 1;
        }
        return { ...final, content: [{ type: 'text', text: `Answer to: ${q}` }] };
      },
    },
  };
  return client as unknown as Anthropic;
}

describe('Slack concurrency', () => {
  let db: DbHandle;
  beforeAll(async () => {
    db = await openTestDb('pglite');
  });
  afterAll(async () => db.close());

  it('answers 20 questions from different threads concurrently (all 20 are in flight at once)', async () => {
    let releaseAll!: () => void;
    const allIn = new Promise<void>((r) => (releaseAll = r));
    let maxPending = 0;
    const claude = gatedClaude(async (_q, pending) => {
      maxPending = Math.max(maxPending, pending);
      if (pending === 20) releaseAll();
      await allIn; // with a global lock this would never be released and the test would fail
    });
    const s = await startApp({
      db: db.db,
      evidenceDir: DEMO,
      anthropic: claude,
      env: { SLACK_ALLOWED_CHANNELS: CHANNEL },
    });
    try {
      const tss = Array.from({ length: 20 }, (_, i) => `1741957${String(100 + i)}.000100`);
      const rs = await Promise.all(
        tss.map((ts, i) =>
          send(s.port, mention(`question number ${i}`, { ts, user: `U0USER${String(i).padStart(4, '0')}` })),
        ),
      );
      expect(rs.every((r) => r.status === 200)).toBe(true);
      await settle(s);
      expect(maxPending).toBe(20);
      const finals = s.slack.of('chat.update').map((c) => JSON.stringify(c.params.blocks));
      for (let i = 0; i < 20; i++) expect(finals.some((f) => f.includes(`Answer to: question number ${i}`))).toBe(true);
      // Each answer went to its own thread.
      const threads = new Set(s.slack.of('chat.postMessage').map((c) => c.params.thread_ts));
      expect(threads.size).toBe(20);
    } finally {
      await s.close();
    }
  });

  it('answers two questions in the same thread one after the other, with the history', async () => {
    const order: string[] = [];
    let releaseFirst!: () => void;
    const firstGate = new Promise<void>((r) => (releaseFirst = r));
    const claude = gatedClaude(async (q, _pending, history) => {
      order.push(`start ${q} (${history} messages)`);
      if (q === 'first') await firstGate;
      order.push(`end ${q}`);
    });
    const s = await startApp({
      db: db.db,
      evidenceDir: DEMO,
      anthropic: claude,
      env: { SLACK_ALLOWED_CHANNELS: CHANNEL },
    });
    try {
      const root = '1741958000.000100';
      await send(s.port, mention('first', { ts: root }));
      while (order.length === 0) await new Promise((r) => setImmediate(r));
      await send(s.port, mention('second', { ts: '1741958001.000100', threadTs: root }));
      // Both requests are in: two requests being handled and two jobs (the second waits for the first).
      while (s.svc.deps.work.size < 4) await new Promise((r) => setImmediate(r));
      expect(order).toEqual(['start first (1 messages)']);
      // The follow-up is acknowledged in the thread at once, as queued behind the first.
      const early = s.slack.of('chat.postMessage').map((c) => c.params.text);
      expect(early).toHaveLength(2);
      expect(early[1]).toMatch(/as soon as I finish the previous question/);
      releaseFirst();
      await settle(s);
      // The second saw the first exchange as history: question, answer, new question.
      expect(order).toEqual(['start first (1 messages)', 'end first', 'start second (3 messages)', 'end second']);
    } finally {
      await s.close();
    }
  });
});
