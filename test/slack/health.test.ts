/**
 * serve says plainly when the bot token cannot act: auth.test at start (HTTP level, Slack's own
 * error shape), /healthz "degraded" with the reason and 503, and recovery once a re-check succeeds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../src/db/client';
import { authFailureReason } from '../../src/slack/health';
import { openTestDb } from '../helpers/db';
import { FakeSlack, startApp } from '../helpers/slack';

describe('Slack bot token health', () => {
  let db: DbHandle;
  beforeAll(async () => {
    db = await openTestDb('pglite');
  });
  afterAll(async () => db?.close());

  it('a rejected token makes /healthz degraded (503, with the reason); a later successful re-check recovers', async () => {
    const slack = new FakeSlack();
    let answer: Record<string, unknown> = { ok: false, error: 'invalid_auth' };
    slack.on('auth.test', () => answer);
    // No known bot identity: the token is checked at start, as serve does.
    const started = await startApp({
      db: db.db,
      env: { SLACK_BOT_TOKEN: 'xoxb-0000-revoked' },
      slack,
      options: { botUserId: undefined, botId: undefined, verifyToken: true, healthRecheckMs: 50 },
    });
    const { svc } = started;
    try {
      expect(started.health.status).toBe('degraded');
      expect(started.health.reason).toMatch(/rejected by Slack \(auth\.test: invalid_auth\); check SLACK_BOT_TOKEN/);
      expect(started.health.reason).not.toContain('xoxb-0000-revoked');
      const r = await fetch(`http://127.0.0.1:${started.port}/healthz`);
      expect(r.status).toBe(503);
      expect(await r.json()).toMatchObject({ ok: false, status: 'degraded', reason: started.health.reason });

      answer = {
        ok: true,
        url: 'https://example.slack.com/',
        team: 'T',
        user: 'trailhound',
        team_id: 'T0',
        user_id: 'U0BOT',
      };
      for (let i = 0; i < 100 && svc.health.state.status !== 'ok'; i++) await new Promise((res) => setTimeout(res, 20));
      const again = await fetch(`http://127.0.0.1:${started.port}/healthz`);
      expect(again.status).toBe(200);
      expect(await again.json()).toMatchObject({ ok: true, status: 'ok' });
      expect(svc.health.state.botUserId).toBe('U0BOT');
    } finally {
      await started.close();
    }
  });

  it('names each failure kind without the token', () => {
    expect(authFailureReason({ data: { error: 'token_revoked' } })).toMatch(/reinstall the app/);
    expect(authFailureReason({ code: 'slack_webapi_request_error', original: { code: 'ENOTFOUND' } })).toMatch(
      /could not be reached.*ENOTFOUND/,
    );
    expect(authFailureReason({ data: { error: 'missing_scope' } })).toBe('auth.test failed: missing_scope');
  });
});
