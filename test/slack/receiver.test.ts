/**
 * The real Bolt HTTP receiver on 127.0.0.1 (random port): request signatures verified (valid → handled,
 * bad → 401, older than 5 minutes → 401), /healthz, the slash command, and a signed mention answered
 * in its thread from the demo evidence (offline planner), with progress first and the answer after.
 */
import { describe, expect, it } from 'vitest';
import { conversationFor, loadMessages } from '../../src/db/queries/conversations';
import { wire, wireJson } from '../helpers/fixtures';
import { CHANNEL, FakeSlack, appPerSuite, mention, send, settle, sign, SIGNING_SECRET } from '../helpers/slack';

describe('Slack HTTP receiver', () => {
  // The global setup clears nock after each test: a fresh recording fake per test.
  const app = appPerSuite({ env: { SLACK_ALLOWED_USERS: 'U061F7AUR' } });

  it('answers the url_verification handshake when the signature is valid', async () => {
    const body = wire('slack/url-verification.json');
    const r = await send(app.s.port, body);
    expect(r.status).toBe(200);
    expect(r.text).toContain(wireJson('slack/url-verification.json').challenge);
  });

  it('rejects a bad signature with 401 and handles nothing', async () => {
    const body = mention('what did AKIAIOSFODNN7EXAMPLE do this week?');
    const r = await send(app.s.port, body, {
      signature: sign(body, Math.floor(Date.now() / 1000), 'not-the-secret-at-all'),
    });
    expect(r.status).toBe(401);
    await settle(app.s);
    expect(app.s.slack.calls).toEqual([]);
  });

  it('rejects a correctly signed request whose timestamp is older than 5 minutes', async () => {
    const body = mention('what did AKIAIOSFODNN7EXAMPLE do this week?');
    const old = Math.floor(Date.now() / 1000) - 6 * 60;
    const r = await send(app.s.port, body, { ts: old, signature: sign(body, old, SIGNING_SECRET) });
    expect(r.status).toBe(401);
    await settle(app.s);
    expect(app.s.slack.calls).toEqual([]);
  });

  it('serves /healthz', async () => {
    const r = await fetch(`http://127.0.0.1:${app.s.port}/healthz`);
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ ok: true, status: 'ok', mode: 'http', inflight: 0 });
  });

  it('answers a signed mention in its thread: progress first, then the answer, conversation stored', async () => {
    const body = mention('what did AKIAIOSFODNN7EXAMPLE do this week?', { ts: '1741956170.000200' });
    const r = await send(app.s.port, body);
    expect(r.status).toBe(200);
    await settle(app.s);
    const posts = app.s.slack.of('chat.postMessage');
    expect(posts[0]!.params).toMatchObject({ channel: CHANNEL, thread_ts: '1741956170.000200' });
    expect(JSON.stringify(posts[0]!.params.blocks)).toContain('Looking into it');
    const updates = app.s.slack.of('chat.update');
    const final = updates.at(-1)!.params;
    const text = JSON.stringify(final.blocks);
    expect(text).toContain('AKIAIOSFODNN7EXAMPLE');
    expect(text).toContain('evidence:cloudtrail');
    expect(text).toMatch(/2026-11-16 09:00Z → 2026-11-23 09:00Z/); // the window, said once (in the answer)
    // users.info resolved the asker's email for the audit trail.
    expect(app.s.slack.of('users.info')[0]!.params.user).toBe('U061F7AUR');
    const convo = await conversationFor(app.db.db, `slack:${CHANNEL}:1741956170.000200`, { surface: 'slack' });
    expect((await loadMessages(app.db.db, convo)).length).toBeGreaterThanOrEqual(2);
  });

  it('"who can become admin?" in Slack runs privilege_paths (offline planner) and answers in the thread', async () => {
    const r = await send(app.s.port, mention('who can become admin?', { ts: '1741956171.000300' }));
    expect(r.status).toBe(200);
    await settle(app.s);
    const text = JSON.stringify(app.s.slack.of('chat.update').at(-1)!.params.blocks);
    // The demo's two paths: alice through AdminRole, ci-legacy by writing its own policy.
    expect(text).toMatch(/2 other principal\(s\) can become administrator/);
    expect(text).toContain('ci-legacy');
  });

  it('handles a signed slash command: help in the acknowledgement', async () => {
    const body = wire('slack/slash-command.txt').replace('text=investigate+user%2Fbob+in+222222222222', 'text=help');
    const r = await send(app.s.port, body, { contentType: 'application/x-www-form-urlencoded' });
    expect(r.status).toBe(200);
    expect(r.text).toContain('/trailhound ask');
  });

  it('rejects a signed request with a tampered body', async () => {
    const body = mention('hello');
    const ts = Math.floor(Date.now() / 1000);
    const r = await send(app.s.port, body.replace('hello', 'rm -rf'), { ts, signature: sign(body, ts) });
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
