/**
 * Hostile text through the real Bolt HTTP receiver (signed requests) and the Slack Web API at the
 * HTTP level (nock on slack.com): a model answer quoting attacker-controlled AWS data, progress lines
 * naming what the model asked for, an API error echoed in a partial answer, an approval card whose
 * reason, evidence and observed WAF rule names are hostile (App Home, the card after a click, the
 * thread notice), and a digest. Every body sent to Slack is inspected: every mrkdwn text object is
 * verbatim, no URL is clickable (defanged), and no mention, channel link or formatting survives.
 */
import Anthropic from '@anthropic-ai/sdk';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { insertProposal } from '../../src/db/queries/proposals';
import { buildDigest } from '../../src/scheduler/digest';
import { digestMessages } from '../../src/slack/blocks/digest';
import { ACTION } from '../../src/slack/ids';
import { wireJson } from '../helpers/fixtures';
import {
  CHANNEL,
  DEMO_COLLECTED,
  eventEnvelope,
  appPerSuite,
  interactive,
  mention,
  type SlackCall,
  send,
  settle,
  type Started,
} from '../helpers/slack';

const HOSTILE =
  'see https://evil.example/login and www.evil.example #general <!channel> @here *bold* `rm -rf /` <https://evil.example|click> _now_ ~undo~';
const ENV = {
  SLACK_ALLOWED_USERS: 'U061F7AUR,U0APPROVER1',
  TRAILHOUND_REMEDIATION_ENABLED: 'true',
  TRAILHOUND_APPROVERS_SLACK: 'U0APPROVER1',
};
const THREAD = '1741956170.000200';
const CARD_TS = '1741956201.000300';

/** Every text object (mrkdwn and plain_text) in any Block Kit structure. */
function textObjects(v: unknown, out: { type: string; text: string; verbatim?: boolean }[] = []) {
  if (Array.isArray(v)) for (const x of v) textObjects(x, out);
  else if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ((o.type === 'mrkdwn' || o.type === 'plain_text') && typeof o.text === 'string')
      out.push(o as { type: string; text: string; verbatim?: boolean });
    for (const x of Object.values(o)) textObjects(x, out);
  }
  return out;
}

/**
 * Asserts one Web API call's body is inert; returns all its text (to check the hostile text did
 * arrive). `modelProse`: the body is the model's own answer, whose bold/italics are kept by design
 * (links, mentions and channels never are).
 */
function assertInert(call: SlackCall, o: { modelProse?: boolean } = {}): string {
  const p = call.params;
  const objs = textObjects([p.blocks ?? [], p.view ?? {}, p.attachments ?? []]);
  for (const o of objs) if (o.type === 'mrkdwn') expect(o.verbatim, `${call.method}: ${o.text}`).toBe(true);
  const texts = [...objs.map((o) => o.text), typeof p.text === 'string' ? p.text : ''];
  const markup = [
    ...objs.filter((x) => x.type === 'mrkdwn').map((x) => x.text),
    typeof p.text === 'string' ? p.text : '',
  ];
  for (const t of markup) {
    // Mentions, links and channel links are parsed in mrkdwn (and the notification text).
    expect(t, `${call.method}: ${t}`).not.toMatch(/<!channel>|<!here>|<#|<http|\|click>/);
    expect(t, `${call.method}: ${t}`).not.toMatch(/<@(?!U061F7AUR>|U0APPROVER1>)/);
  }
  for (const t of texts) {
    const where = `${call.method}: ${t}`;
    expect(t, where).not.toMatch(/https?:\/\//);
    expect(t, where).not.toMatch(/www\.evil/);
    expect(t, where).not.toContain('evil.example');
    expect(t, where).not.toMatch(/(^|\s)#general/);
    expect(t, where).not.toMatch(/(^|[^\u200b])@here/);
  }
  if (o.modelProse) return texts.join('\n');
  // No hostile formatting outside code spans (in mrkdwn and the notification text).
  for (const raw of [...objs.filter((o) => o.type === 'mrkdwn').map((o) => o.text), p.text ?? '']) {
    const t = String(raw).replace(/`[^`]*`/g, '');
    expect(t, `${call.method}: ${raw}`).not.toContain('*bold*');
    expect(t, `${call.method}: ${raw}`).not.toContain('_now_');
    expect(t, `${call.method}: ${raw}`).not.toContain('~undo~');
    expect(t, `${call.method}: ${raw}`).not.toContain('`rm -rf');
  }
  return texts.join('\n');
}

const SENT = ['chat.postMessage', 'chat.update', 'chat.postEphemeral', 'views.publish', 'views.open'];
const sent = (s: Started) => s.slack.calls.filter((c) => SENT.includes(c.method));

describe('Slack over HTTP: hostile text is inert everywhere', () => {
  const app = appPerSuite({
    anthropic: new Anthropic({ apiKey: 'sk-ant-test-key-000000000000', maxRetries: 0 }),
    env: ENV,
  });

  it('answers and progress: model text quoting AWS data, and a tool name the model made up', async () => {
    const use = wireJson('anthropic/message-tool-use.json');
    use.content = [{ type: 'tool_use', id: 'toolu_01HOSTILE0000000000000001', name: HOSTILE, input: {} }];
    const fin = wireJson('anthropic/message-final.json');
    fin.content = [{ type: 'text', text: `The user agent was "${HOSTILE}". **Summary:** ${HOSTILE}` }];
    nock('https://api.anthropic.com').post('/v1/messages').reply(200, use).post('/v1/messages').reply(200, fin);
    expect((await send(app.s.port, mention('what did AKIAIOSFODNN7EXAMPLE do?', { ts: THREAD }))).status).toBe(200);
    await settle(app.s);
    const calls = sent(app.s);
    expect(calls.length).toBeGreaterThanOrEqual(2);
    const answer = calls.filter((c) => c.method === 'chat.update').at(-1)!;
    const all = [
      ...calls.filter((c) => c !== answer).map((c) => assertInert(c)),
      assertInert(answer, { modelProse: true }),
    ].join('\n');
    expect(all).toContain('hxxps://evil[.]example/login');
    expect(all).toContain('www[.]evil[.]example');
    // The made-up tool name reached the progress lines and the "could not complete" note, inert.
    expect(all).toMatch(/Could not complete/);
  });

  it('errors: a model API failure whose message carries hostile text, shown in the partial answer', async () => {
    nock('https://api.anthropic.com')
      .post('/v1/messages')
      .reply(400, {
        type: 'error',
        error: { type: 'invalid_request_error', message: HOSTILE },
        request_id: 'req_011CSHoEeqs5C35K2UUqR7Fy',
      });
    expect((await send(app.s.port, mention('and then?'))).status).toBe(200);
    await settle(app.s);
    const all = sent(app.s)
      .map((c) => assertInert(c))
      .join('\n');
    // Short: status, error type and request id; the provider's message (which echoed the hostile
    // text) goes to the log only.
    expect(all).toContain('the Anthropic API call failed (HTTP 400, invalid_request_error');
    expect(all).not.toContain('evil');
  });

  it('approval card: App Home lists it, the card after a click and the thread notice — reason, evidence and WAF rule names from AWS all inert', async () => {
    const now = new Date();
    const row = await insertProposal(app.db.db, {
      id: 'prp_0123456789abcdef',
      kind: 'block_ip_in_waf',
      account: 'prod',
      region: 'us-east-1',
      params: {
        kind: 'block_ip_in_waf',
        account: 'prod',
        region: 'us-east-1',
        input: { ip_set_name: 'trailhound-blocklist', scope: 'REGIONAL', cidr: '185.220.101.7/32' },
        observed: {
          id: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
          arn: 'arn:aws:wafv2:us-east-1:222222222222:regional/ipset/trailhound-blocklist/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
          via: 'web-acl',
          blockedBy: [`rule "${HOSTILE}" (priority 1, Block) of web ACL ${HOSTILE}`],
        },
      },
      paramsHash: 'f'.repeat(64),
      reason: HOSTILE,
      evidence: [HOSTILE, `CreateUser from 185.220.101.7 with user agent ${HOSTILE}`],
      confidence: 'high',
      requester: 'slack:U061F7AUR',
      requiredApprovals: 1,
      conversationId: null,
      slackChannel: CHANNEL,
      threadTs: THREAD,
      createdAt: now,
      expiresAt: new Date(now.getTime() + 30 * 60_000),
    });

    // App Home for the approver: the pending card with its buttons.
    await send(
      app.s.port,
      eventEnvelope({
        type: 'app_home_opened',
        user: 'U0APPROVER1',
        channel: 'D0HOME',
        tab: 'home',
        event_ts: '1741956300.000100',
      }),
    );
    await settle(app.s);
    const home = app.s.slack.of('views.publish');
    expect(home).toHaveLength(1);
    const homeText = assertInert(home[0]!);
    expect(homeText).toContain(row.id);
    expect(homeText).toContain('www[.]evil[.]example');

    // The approver clicks Approve: the account is not registered, so the execution is refused and the
    // card (decided) and the thread notice are re-rendered with every hostile field.
    const p = wireJson('slack/block-actions-approve.json');
    p.user = { ...p.user, id: 'U0APPROVER1' };
    p.message = { ...p.message, ts: CARD_TS, thread_ts: THREAD };
    p.channel = { ...(p.channel ?? {}), id: CHANNEL };
    p.container = { ...(p.container ?? {}), channel_id: CHANNEL, message_ts: CARD_TS };
    p.actions = [{ ...p.actions[0], action_id: ACTION.approve, value: row.id }];
    const c = interactive(p);
    expect((await send(app.s.port, c.body, { contentType: c.contentType })).status).toBe(200);
    await settle(app.s);
    const calls = sent(app.s).filter((x) => x.method !== 'views.publish');
    expect(calls.length).toBeGreaterThanOrEqual(2);
    const all = calls.map((c) => assertInert(c)).join('\n');
    expect(all).toContain('hxxps://evil[.]example/login');
    expect(all).toContain('arn:aws:wafv2:us-east-1:222222222222:regional/ipset/trailhound-blocklist');
  });

  it('digests posted through the Web API', async () => {
    const d = buildDigest(HOSTILE, DEMO_COLLECTED, { error: HOSTILE });
    for (const m of digestMessages(d))
      await app.s.svc.app.client.chat.postMessage({ channel: CHANNEL, text: m.text, blocks: m.blocks });
    const calls = sent(app.s);
    expect(calls.length).toBeGreaterThanOrEqual(1);
    const all = calls.map((c) => assertInert(c)).join('\n');
    expect(all).toContain('hxxps://evil[.]example');
  });
});
