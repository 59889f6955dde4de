/**
 * The real Bolt HTTP receiver on 127.0.0.1 (random port): request signatures verified (valid → handled,
 * bad → 401, older than 5 minutes → 401), /healthz, the slash command, and a signed mention answered
 * in its thread from the demo evidence (offline planner), with progress first and the answer after.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { conversationFor, loadMessages } from '../../src/db/queries/conversations';
import type { DbHandle } from '../../src/db/client';
import { openTestDb } from '../helpers/db';
import { wire, wireJson } from '../helpers/fixtures';
import {
  CHANNEL,
  FakeSlack,
  freshSlack,
  mention,
  send,
  settle,
  sign,
  SIGNING_SECRET,
  startApp,
  type Started,
} from '../helpers/slack';

const DEMO = resolve(import.meta.dirname, '../../evidence/demo');
const COLLECTED = new Date('2026-11-23T09:00:00Z');

describe('Slack HTTP receiver', () => {
  let db: DbHandle;
  let s: Started;
  beforeAll(async () => {
    db = await openTestDb('pglite');
    s = await startApp({
      db: db.db,
      evidenceDir: DEMO,
      now: () => COLLECTED,
      env: { SLACK_ALLOWED_USERS: 'U061F7AUR' },
    });
  });
  // The global setup clears nock after each test: a fresh recording fake per test.
  beforeEach(() => {
    freshSlack(s);
  });
  afterAll(async () => {
    await s.close();
    await db.close();
  });

  it('answers the url_verification handshake when the signature is valid', async () => {
    const body = wire('slack/url-verification.json');
    const r = await send(s.port, body);
    expect(r.status).toBe(200);
    expect(r.text).toContain(wireJson('slack/url-verification.json').challenge);
  });

  it('rejects a bad signature with 401 and handles nothing', async () => {
    const body = mention('what did AKIAIOSFODNN7EXAMPLE do this week?');
    const r = await send(s.port, body, {
      signature: sign(body, Math.floor(Date.now() / 1000), 'not-the-secret-at-all'),
    });
    expect(r.status).toBe(401);
    await settle(s);
    expect(s.slack.calls).toEqual([]);
  });

  it('rejects a correctly signed request whose timestamp is older than 5 minutes', async () => {
    const body = mention('what did AKIAIOSFODNN7EXAMPLE do this week?');
    const old = Math.floor(Date.now() / 1000) - 6 * 60;
    const r = await send(s.port, body, { ts: old, signature: sign(body, old, SIGNING_SECRET) });
    expect(r.status).toBe(401);
    await settle(s);
    expect(s.slack.calls).toEqual([]);
  });

  it('serves /healthz', async () => {
    const r = await fetch(`http://127.0.0.1:${s.port}/healthz`);
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ ok: true, status: 'ok', mode: 'http', inflight: 0 });
  });

  it('answers a signed mention in its thread: progress first, then the answer, conversation stored', async () => {
    const body = mention('what did AKIAIOSFODNN7EXAMPLE do this week?', { ts: '1741956170.000200' });
    const r = await send(s.port, body);
    expect(r.status).toBe(200);
    await settle(s);
    const posts = s.slack.of('chat.postMessage');
    expect(posts[0]!.params).toMatchObject({ channel: CHANNEL, thread_ts: '1741956170.000200' });
    expect(JSON.stringify(posts[0]!.params.blocks)).toContain('Looking into it');
    const updates = s.slack.of('chat.update');
    const final = updates.at(-1)!.params;
    const text = JSON.stringify(final.blocks);
    expect(text).toContain('AKIAIOSFODNN7EXAMPLE');
    expect(text).toContain('evidence:cloudtrail');
    expect(text).toMatch(/2026-11-16 09:00Z → 2026-11-23 09:00Z/); // the window, said once (in the answer)
    // users.info resolved the asker's email for the audit trail.
    expect(s.slack.of('users.info')[0]!.params.user).toBe('U061F7AUR');
    const convo = await conversationFor(db.db, `slack:${CHANNEL}:1741956170.000200`, { surface: 'slack' });
    expect((await loadMessages(db.db, convo)).length).toBeGreaterThanOrEqual(2);
  });

  it('"who can become admin?" in Slack runs privilege_paths (offline planner) and answers in the thread', async () => {
    const r = await send(s.port, mention('who can become admin?', { ts: '1741956171.000300' }));
    expect(r.status).toBe(200);
    await settle(s);
    const text = JSON.stringify(s.slack.of('chat.update').at(-1)!.params.blocks);
    // The demo's two paths: alice through AdminRole, ci-legacy by writing its own policy.
    expect(text).toMatch(/2 other principal\(s\) can become administrator/);
    expect(text).toContain('ci-legacy');
  });

  it('handles a signed slash command: help in the acknowledgement', async () => {
    const body = wire('slack/slash-command.txt').replace('text=investigate+user%2Fbob+in+222222222222', 'text=help');
    const r = await send(s.port, body, { contentType: 'application/x-www-form-urlencoded' });
    expect(r.status).toBe(200);
    expect(r.text).toContain('/trailhound ask');
  });

  it('rejects a signed request with a tampered body', async () => {
    const body = mention('hello');
    const ts = Math.floor(Date.now() / 1000);
    const r = await send(s.port, body.replace('hello', 'rm -rf'), { ts, signature: sign(body, ts) });
    expect(r.status).toBe(401);
  });
});

describe('FakeSlack sanity', () => {
  it('records calls made through the Web API client', async () => {
    const f = new FakeSlack();
    const { WebClient } = (await import('@slack/bolt')).webApi;
    const c = new WebClient('xoxb-test-token-123456', { retryConfig: { retries: 0 } });
    const r = await c.chat.postMessage({ channel: 'C1', text: 'hi', blocks: [{ type: 'divider' }] });
    expect(r.ok).toBe(true);
    expect(f.of('chat.postMessage')[0]!.params).toMatchObject({
      channel: 'C1',
      text: 'hi',
      blocks: [{ type: 'divider' }],
    });
  });
});
