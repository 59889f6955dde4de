/**
 * Slack interactions over the real HTTP receiver: Reject (modal → reason → card replaced, thread told;
 * a non-approver's submission changes nothing), App Home, the slash subcommands, thread follow-ups
 * without a mention, DMs, and graceful shutdown recording an unfinished question as interrupted.
 */
import { resolve } from 'node:path';
import type Anthropic from '@anthropic-ai/sdk';
import { eq } from 'drizzle-orm';
import nock from 'nock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createProposal, getProposal, setCardLocation } from '../../src/approvals/index';
import { resetAwsClients } from '../../src/aws/clients';
import { parseConfig } from '../../src/config';
import type { DbHandle } from '../../src/db/client';
import { upsertAccount } from '../../src/db/queries/accounts';
import { conversationFor } from '../../src/db/queries/conversations';
import { conversations, findings, proposals, scans, schedules } from '../../src/db/schema';
import { ACTION, BLOCK, INPUT, VIEW } from '../../src/slack/ids';
import { findTool } from '../../tools/index';
import { openTestDb } from '../helpers/db';
import { wire, wireJson } from '../helpers/fixtures';
import { FakeAws, xmlErr, xmlOk } from '../remediation/fake-aws';
import { ACCOUNT, EXTERNAL_ID } from '../remediation/harness';
import {
  BOT_USER,
  CHANNEL,
  eventEnvelope,
  freshSlack,
  interactive,
  mention,
  send,
  settle,
  startApp,
  type Started,
} from '../helpers/slack';

const ENV = {
  SLACK_ALLOWED_USERS: 'U061F7AUR,U0APPROVER1',
  TRAILHOUND_REMEDIATION_ENABLED: 'true',
  TRAILHOUND_APPROVERS_SLACK: 'U0APPROVER1',
};
const THREAD = '1741956170.000200';
const CARD_TS = '1741956201.000300';

/** Captures response_url replies of slash commands. */
function responses(): unknown[] {
  const out: unknown[] = [];
  nock('https://hooks.slack.com')
    .persist()
    .post(/.*/)
    .reply(200, (_u, body) => (out.push(body), 'ok'));
  return out;
}

function slash(text: string, user = 'U061F7AUR'): { body: string; contentType: string } {
  const p = new URLSearchParams(wire('slack/slash-command.txt'));
  p.set('text', text);
  p.set('user_id', user);
  return { body: p.toString(), contentType: 'application/x-www-form-urlencoded' };
}

describe('Slack interactions', () => {
  let db: DbHandle;
  let s: Started;
  beforeAll(async () => {
    resetAwsClients();
    db = await openTestDb('pglite');
    await upsertAccount(db.db, ACCOUNT);
    s = await startApp({ db: db.db, env: ENV });
  });
  beforeEach(() => {
    freshSlack(s);
  });
  afterAll(async () => {
    await s.close();
    await db.close();
  });

  async function pendingProposal() {
    const aws = new FakeAws(['us-east-1', 'eu-west-1']);
    aws.on('iam', 'ListAccessKeys', xmlOk('iam/list-access-keys.xml'));
    const { proposal } = await createProposal(
      { db: db.db, config: parseConfig(ENV), externalId: EXTERNAL_ID },
      {
        kind: 'delete_access_key',
        account: 'prod',
        input: { user_name: 'bob', access_key_id: 'AKIAI44QH8DHBEXAMPLE' },
        reason: 'Leaked key used from TOR',
        evidence: ['CreateUser from 185.220.101.7'],
        requester: 'slack:U061F7AUR',
      },
    );
    await setCardLocation(db.db, proposal.id, { channel: CHANNEL, ts: CARD_TS });
    return { proposal, aws };
  }

  function rejectClick(user: string, proposalId: string) {
    const p = wireJson('slack/block-actions-approve.json');
    p.user = { ...p.user, id: user };
    p.message = { ...p.message, ts: CARD_TS, thread_ts: THREAD };
    p.actions = [{ ...p.actions[0], action_id: ACTION.reject, value: proposalId, style: 'danger' }];
    return interactive(p);
  }

  function submission(user: string, view: { private_metadata: string }, reason: string) {
    const p = wireJson('slack/view-submission-reject.json');
    p.user = { ...p.user, id: user };
    p.view = {
      ...p.view,
      callback_id: VIEW.rejectModal,
      private_metadata: view.private_metadata,
      state: {
        values: { [BLOCK.rejectReason]: { [INPUT.rejectReason]: { type: 'plain_text_input', value: reason } } },
      },
    };
    return interactive(p);
  }

  it('Reject opens a modal carrying the proposal id; a non-approver’s submission changes nothing; an approver’s rejects and updates the card', async () => {
    const { proposal, aws } = await pendingProposal();
    const c = rejectClick('U0APPROVER1', proposal.id);
    expect((await send(s.port, c.body, { contentType: c.contentType })).status).toBe(200);
    await settle(s);
    const opened = s.slack.of('views.open')[0]!.params;
    expect(opened.trigger_id).toBeTruthy();
    expect(opened.view.callback_id).toBe(VIEW.rejectModal);
    expect(JSON.parse(opened.view.private_metadata)).toEqual({
      proposalId: proposal.id,
      channel: CHANNEL,
      ts: CARD_TS,
      threadTs: THREAD,
    });

    // An empty reason is refused inside the modal.
    const empty = submission('U0APPROVER1', opened.view, '   ');
    const r0 = await send(s.port, empty.body, { contentType: empty.contentType });
    expect(JSON.parse(r0.text)).toMatchObject({
      response_action: 'errors',
      errors: { [BLOCK.rejectReason]: expect.any(String) },
    });

    const bad = submission('U0STRANGER9', opened.view, 'I do not like it');
    expect((await send(s.port, bad.body, { contentType: bad.contentType })).status).toBe(200);
    await settle(s);
    expect(s.slack.of('chat.postEphemeral').map((x) => x.params.user)).toEqual(['U0STRANGER9']);
    expect(s.slack.of('chat.update')).toEqual([]);
    expect((await getProposal(db.db, proposal.id))!.status).toBe('pending');

    const good = submission('U0APPROVER1', opened.view, 'Known CI migration <!channel>');
    expect((await send(s.port, good.body, { contentType: good.contentType })).status).toBe(200);
    await settle(s);
    const p = (await getProposal(db.db, proposal.id))!;
    expect(p).toMatchObject({
      status: 'rejected',
      decidedBy: 'slack:U0APPROVER1',
      rejectionReason: 'Known CI migration <!channel>',
    });
    const update = s.slack.of('chat.update')[0]!.params;
    expect(update).toMatchObject({ channel: CHANNEL, ts: CARD_TS });
    const blocks = JSON.stringify(update.blocks);
    expect(update.blocks.some((b: any) => b.type === 'actions')).toBe(false);
    expect(blocks).toContain('Rejected* by <@U0APPROVER1>');
    expect(blocks).toContain('&lt;!channel&gt;');
    expect(blocks).not.toContain('<!channel>');
    const notice = s.slack.of('chat.postMessage').at(-1)!.params;
    expect(notice).toMatchObject({ channel: CHANNEL, thread_ts: THREAD });
    expect(aws.mutatingCalls()).toEqual([]);
  });

  it('Approve on an expired card: ephemeral explanation, the card is re-rendered as expired, nothing executes', async () => {
    const { proposal, aws } = await pendingProposal();
    await db.db
      .update(proposals)
      .set({ expiresAt: new Date(Date.now() - 60_000) })
      .where(eq(proposals.id, proposal.id));
    const p = wireJson('slack/block-actions-approve.json');
    p.user = { ...p.user, id: 'U0APPROVER1' };
    p.message = { ...p.message, ts: CARD_TS, thread_ts: THREAD };
    p.actions = [{ ...p.actions[0], action_id: ACTION.approve, value: proposal.id }];
    const c = interactive(p);
    expect((await send(s.port, c.body, { contentType: c.contentType })).status).toBe(200);
    await settle(s);
    expect(s.slack.of('chat.postEphemeral')[0]!.params.text).toMatch(/expired/);
    const update = s.slack.of('chat.update')[0]!.params;
    expect(update).toMatchObject({ channel: CHANNEL, ts: CARD_TS });
    expect(update.blocks.some((b: any) => b.type === 'actions')).toBe(false);
    expect(JSON.stringify(update.blocks)).toContain('Expired');
    expect(aws.mutatingCalls()).toEqual([]);
  });

  it('a failed execution shows step by step with a Retry button; Retry by an approver completes it without repeating anything', async () => {
    const { proposal, aws } = await pendingProposal();
    aws.on('iam', 'DeleteAccessKey', xmlErr('iam/error-delete-conflict.xml', 409), xmlOk('iam/delete-access-key.xml'));
    const clickAs = (action: string) => {
      const p = wireJson('slack/block-actions-approve.json');
      p.user = { ...p.user, id: 'U0APPROVER1' };
      p.message = { ...p.message, ts: CARD_TS, thread_ts: THREAD };
      p.actions = [{ ...p.actions[0], action_id: action, value: proposal.id }];
      return interactive(p);
    };
    const a = clickAs(ACTION.approve);
    await send(s.port, a.body, { contentType: a.contentType });
    await settle(s);
    expect((await getProposal(db.db, proposal.id))!.status).toBe('failed');
    const failed = s.slack.of('chat.update')[0]!.params.blocks;
    expect(JSON.stringify(failed)).toContain(':x:');
    const retryButton = failed.find((b: any) => b.type === 'actions').elements[0];
    expect(retryButton).toMatchObject({ action_id: ACTION.retry, value: proposal.id });
    const r = clickAs(ACTION.retry);
    await send(s.port, r.body, { contentType: r.contentType });
    await settle(s);
    expect((await getProposal(db.db, proposal.id))!.status).toBe('succeeded');
    expect(aws.mutatingCalls().map((c) => c.action)).toEqual(['DeleteAccessKey', 'DeleteAccessKey']);
    const done = s.slack.of('chat.update').at(-1)!.params.blocks;
    expect(done.some((b: any) => b.type === 'actions')).toBe(false);
    expect(JSON.stringify(done)).toContain(':white_check_mark:');
  });

  it('App Home lists the pending approvals the viewer may act on; nothing for someone not allowed', async () => {
    const { proposal } = await pendingProposal();
    await db.db
      .insert(schedules)
      .values({ name: 'daily-digest', cron: '0 8 * * *', channel: 'C0SECOPS1', accounts: ['prod'] });
    const finished = new Date('2026-11-23T08:00:00Z');
    await db.db.insert(scans).values([
      {
        account: 'prod',
        source: 'live',
        status: 'complete',
        startedAt: finished,
        finishedAt: finished,
        summary: { bySeverity: { critical: 9 }, findings: 9 },
      },
      {
        account: 'prod',
        source: 'live',
        status: 'partial',
        startedAt: finished,
        finishedAt: finished,
        summary: { bySeverity: { critical: 1, high: 2, low: 0 }, findings: 3, opened: 1 },
        warnings: ['eu-west-1 ec2: AccessDenied'],
      },
      { account: 'prod', source: 'live', status: 'running', startedAt: finished },
    ]);
    const open = (user: string) =>
      eventEnvelope({ type: 'app_home_opened', user, channel: 'D0HOME', tab: 'home', event_ts: '1741956300.000100' });
    await send(s.port, open('U0APPROVER1'));
    await settle(s);
    const home = s.slack.of('views.publish')[0]!.params;
    expect(home.user_id).toBe('U0APPROVER1');
    const text = JSON.stringify(home.view.blocks);
    expect(text).toContain(proposal.id);
    expect(text).toContain(ACTION.approve);
    expect(text).toContain('daily-digest');
    // The latest finished scan per account, with its severity counts.
    expect(text).toContain(
      '*prod* — partial scan 2026-11-23 08:00Z — 3 findings (critical 1 · high 2) · 1 new · :warning: 1 warning(s)',
    );
    expect(text).not.toContain('critical 9');
    // The requester may not approve their own proposal: not listed for them.
    await send(s.port, open('U061F7AUR'));
    await settle(s);
    expect(JSON.stringify(s.slack.of('views.publish')[1]!.params.view.blocks)).not.toContain(proposal.id);
    await send(s.port, open('U0STRANGER9'));
    await settle(s);
    const strangerView = JSON.stringify(s.slack.of('views.publish')[2]!.params.view.blocks);
    expect(strangerView).toContain('not on Trailhound’s access list');
    expect(strangerView).not.toContain('daily-digest');
  });

  it('/trailhound accounts, schedules, findings and scan reply ephemerally', async () => {
    const replies = responses();
    await db.db
      .insert(findings)
      .values({
        account: 'prod',
        ruleId: 'iam.root-mfa',
        resourceId: 'arn:aws:iam::222222222222:root',
        severity: 'critical',
        title: 'Root account without MFA <!here>',
      })
      .onConflictDoNothing();
    for (const t of ['accounts', 'schedules', 'findings', 'scan prod']) {
      const c = slash(t);
      expect((await send(s.port, c.body, { contentType: c.contentType })).status).toBe(200);
      await settle(s);
    }
    const all = replies.map((r) => JSON.stringify(r));
    expect(all[0]).toContain('prod');
    expect(all[0]).toContain('222222222222');
    expect(all[1]).toMatch(/daily-digest|No active schedules/);
    expect(all[2]).toContain('Root account without MFA');
    expect(all[2]).not.toContain('<!here>');
    expect(replies.every((r) => (r as { response_type?: string }).response_type === 'ephemeral')).toBe(true);
    if (!findTool('posture_scan', { remediation: false })) expect(all[3]).toMatch(/not available/);
    else expect(s.slack.of('chat.postMessage')[0]!.params.text).toMatch(/requested a posture scan/);
  });
});

describe('Slack threads, DMs and shutdown', () => {
  let db: DbHandle;
  beforeAll(async () => {
    db = await openTestDb('pglite');
  });
  afterAll(async () => db.close());
  const DEMO = resolve(import.meta.dirname, '../../evidence/demo');
  const text = (t: string) =>
    ({
      messages: {
        create: async () => ({ ...wireJson('anthropic/message-final.json'), content: [{ type: 'text', text: t }] }),
      },
    }) as unknown as Anthropic;

  it('follows up in a thread it already answers without a mention, ignores other threads, answers DMs', async () => {
    const s = await startApp({
      db: db.db,
      evidenceDir: DEMO,
      anthropic: text('Sure.'),
      env: { SLACK_ALLOWED_USERS: 'U061F7AUR' },
    });
    try {
      await send(s.port, mention('first question', { ts: THREAD }));
      await settle(s);
      freshSlack(s);
      const msg = (ev: Record<string, unknown>) =>
        eventEnvelope({ type: 'message', user: 'U061F7AUR', channel: CHANNEL, channel_type: 'channel', ...ev });
      await send(s.port, msg({ text: 'and yesterday?', ts: '1741956180.000100', thread_ts: THREAD }));
      await settle(s);
      expect(s.slack.of('chat.postMessage').map((c) => c.params.thread_ts)).toEqual([THREAD]);
      // A thread Trailhound is not part of, someone else talking in the thread, a bot's message and a
      // mention (left to app_mention): ignored.
      freshSlack(s);
      await send(s.port, msg({ text: 'unrelated', ts: '1741956181.000100', thread_ts: '1741950000.000100' }));
      await send(
        s.port,
        msg({ text: 'looks like CI to me', ts: '1741956181.000200', thread_ts: THREAD, user: 'U0COLLEAGUE' }),
      );
      await send(
        s.port,
        msg({ text: 'bot', ts: '1741956182.000100', thread_ts: THREAD, bot_id: 'B0OTHER', user: undefined }),
      );
      await send(s.port, msg({ text: `<@${BOT_USER}> again`, ts: '1741956183.000100', thread_ts: THREAD }));
      await settle(s);
      expect(s.slack.of('chat.postMessage')).toEqual([]);
      // A DM: answered in its own thread.
      await send(
        s.port,
        msg({ text: 'hello from a DM', ts: '1741956190.000100', channel: 'D0DIRECT1', channel_type: 'im' }),
      );
      await settle(s);
      expect(s.slack.of('chat.postMessage')[0]!.params).toMatchObject({
        channel: 'D0DIRECT1',
        thread_ts: '1741956190.000100',
      });
      expect(JSON.stringify(s.slack.of('chat.update').at(-1)!.params.blocks)).toContain('Sure.');
    } finally {
      await s.close();
    }
  });

  it('"Propose remediation" asks the agent, as the clicker and in the same thread, to propose what it recommended', async () => {
    const asked: string[] = [];
    const claude = {
      messages: {
        create: async (p: { messages: { content: unknown }[] }) => {
          const last = p.messages.at(-1)!.content;
          // The newest user turn may come as text blocks (the last one carries cache_control).
          asked.push(
            typeof last === 'string'
              ? last
              : (last as { type: string; text?: string }[])
                  .filter((b) => b.type === 'text')
                  .map((b) => b.text)
                  .join(''),
          );
          return { ...wireJson('anthropic/message-final.json'), content: [{ type: 'text', text: 'Proposed.' }] };
        },
      },
    } as unknown as Anthropic;
    const s = await startApp({
      db: db.db,
      evidenceDir: DEMO,
      anthropic: claude,
      env: { SLACK_ALLOWED_USERS: 'U061F7AUR' },
    });
    try {
      const p = wireJson('slack/block-actions-approve.json');
      p.user = { ...p.user, id: 'U061F7AUR' };
      p.message = { ...p.message, ts: '1741956175.000100', thread_ts: '1741956170.000900' };
      p.actions = [{ ...p.actions[0], action_id: ACTION.proposeRemediation, value: 'propose' }];
      const c = interactive(p);
      expect((await send(s.port, c.body, { contentType: c.contentType })).status).toBe(200);
      await settle(s);
      expect(asked).toHaveLength(1);
      expect(asked[0]).toMatch(/^Propose the remediation you recommended/);
      expect(s.slack.of('chat.postMessage')[0]!.params).toMatchObject({
        channel: CHANNEL,
        thread_ts: '1741956170.000900',
      });
      // Someone not on the allowlist clicking it gets the refusal; the agent is not asked.
      p.user = { ...p.user, id: 'U0STRANGER9' };
      const c2 = interactive(p);
      await send(s.port, c2.body, { contentType: c2.contentType });
      await settle(s);
      expect(asked).toHaveLength(1);
    } finally {
      await s.close();
    }
  });

  it('a very long answer is previewed in the thread and attached in full as a file (files.uploadV2)', async () => {
    const long = Array.from({ length: 120 }, (_, i) => `Finding ${i}: ${'detail '.repeat(20)}`).join('\n\n');
    const s = await startApp({
      db: db.db,
      evidenceDir: DEMO,
      anthropic: text(long),
      env: { SLACK_ALLOWED_USERS: 'U061F7AUR' },
    });
    try {
      const uploaded: string[] = [];
      s.slack.on('files.getUploadURLExternal', (p) => ({
        ok: true,
        upload_url: 'https://files.slack.com/upload/v1/ABC123',
        file_id: 'F0LONGANSWER',
        length: p.length,
      }));
      s.slack.on('files.completeUploadExternal', () => ({
        ok: true,
        files: [{ id: 'F0LONGANSWER', title: 'Trailhound answer' }],
      }));
      nock('https://files.slack.com')
        .post('/upload/v1/ABC123')
        .reply(200, (_u, body) => (uploaded.push(typeof body === 'string' ? body : JSON.stringify(body)), 'OK - 1'));
      await send(s.port, mention('list everything', { ts: '1741956400.000100' }));
      await settle(s);
      const complete = s.slack.of('files.completeUploadExternal')[0]!.params;
      expect(complete).toMatchObject({ channel_id: CHANNEL, thread_ts: '1741956400.000100' });
      expect(uploaded.join('')).toContain('Finding 119:');
      const preview = s.slack.of('chat.update').at(-1)!.params;
      expect(JSON.stringify(preview.blocks)).toContain('attached as a file');
      expect(preview.blocks.length).toBeLessThanOrEqual(50);
    } finally {
      await s.close();
    }
  });

  it('on shutdown, a question that does not finish in the grace period is recorded as interrupted', async () => {
    let entered!: () => void;
    const inside = new Promise<void>((r) => (entered = r));
    const never = { messages: { create: () => (entered(), new Promise(() => {})) } } as unknown as Anthropic;
    const s = await startApp({
      db: db.db,
      evidenceDir: DEMO,
      anthropic: never,
      env: { SLACK_ALLOWED_USERS: 'U061F7AUR' },
    });
    const ts = '1741959000.000100';
    await send(s.port, mention('a slow question', { ts }));
    await inside;
    const interrupted = await s.svc.shutdown(50);
    expect(interrupted).toBe(1);
    const id = await conversationFor(db.db, `slack:${CHANNEL}:${ts}`, { surface: 'slack' });
    const [row] = await db.db.select().from(conversations).where(eq(conversations.id, id));
    expect(row!.status).toBe('interrupted');
    expect(JSON.stringify(s.slack.of('chat.update').at(-1)!.params.blocks)).toMatch(
      /restarted before this answer was finished/,
    );
    const health = await fetch(`http://127.0.0.1:${s.port}/healthz`)
      .then((r) => r.status)
      .catch(() => 'closed');
    expect(health).toBe('closed');
  });
});
