/**
 * SLACK_MENTION_ONLY: for workspaces whose admins refuse channels:history / groups:history. Channel
 * messages are never read as questions; a thread follow-up needs a mention (app_mention); DMs work.
 */
import { resolve } from 'node:path';
import type Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../src/db/client';
import { openTestDb } from '../helpers/db';
import { wireJson } from '../helpers/fixtures';
import { CHANNEL, eventEnvelope, freshSlack, mention, send, settle, startApp } from '../helpers/slack';

const THREAD = '1741956170.000700';
const DEMO = resolve(import.meta.dirname, '../../evidence/demo');
const sure = {
  messages: {
    create: async () => ({ ...wireJson('anthropic/message-final.json'), content: [{ type: 'text', text: 'Sure.' }] }),
  },
} as unknown as Anthropic;

let db: DbHandle;
beforeAll(async () => {
  db = await openTestDb('pglite');
});
afterAll(async () => db.close());

describe('Slack mention-only mode', () => {
  it('ignores an unmentioned follow-up, answers a mentioned one and DMs', async () => {
    const s = await startApp({
      db: db.db,
      evidenceDir: DEMO,
      anthropic: sure,
      env: { SLACK_ALLOWED_USERS: 'U061F7AUR', SLACK_MENTION_ONLY: 'true' },
    });
    try {
      await send(s.port, mention('first question', { ts: THREAD }));
      await settle(s);
      freshSlack(s);
      const msg = (ev: Record<string, unknown>) =>
        eventEnvelope({ type: 'message', user: 'U061F7AUR', channel: CHANNEL, channel_type: 'channel', ...ev });
      // The starter's follow-up without a mention: not read (the app would not even receive it).
      await send(s.port, msg({ text: 'and yesterday?', ts: '1741956180.000700', thread_ts: THREAD }));
      await settle(s);
      expect(s.slack.of('chat.postMessage')).toEqual([]);
      // With a mention it comes as app_mention and is answered in the same thread.
      await send(s.port, mention('and yesterday?', { ts: '1741956181.000700', threadTs: THREAD }));
      await settle(s);
      expect(s.slack.of('chat.postMessage').map((c) => c.params.thread_ts)).toEqual([THREAD]);
      // DMs need only im:history and still work.
      freshSlack(s);
      await send(s.port, msg({ text: 'hello', ts: '1741956190.000700', channel: 'D0DIRECT2', channel_type: 'im' }));
      await settle(s);
      expect(s.slack.of('chat.postMessage')[0]!.params).toMatchObject({ channel: 'D0DIRECT2' });
    } finally {
      await s.close();
    }
  });
});
