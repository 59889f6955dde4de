/**
 * End to end over the wire: a signed app_mention → the agent (Claude replayed through nock) searches
 * CloudTrail (LookupEvents replayed, via the read role) → proposes deleting the key → the approval card
 * is posted with the proposal id as the button value → clicks: a non-approver and the requester are
 * refused ephemerally and nothing changes; a configured approver (via the approvers user group)
 * approves → DeleteAccessKey is called exactly once with the remediation role → the card shows the
 * outcome and the thread is told. A second click changes nothing.
 */
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { getProposal, listProposals } from '../../src/approvals/index';
import { resetAwsClients } from '../../src/aws/clients';
import type { DbHandle } from '../../src/db/client';
import { listAudit } from '../../src/db/queries/audit';
import { upsertAccount } from '../../src/db/queries/accounts';
import { recentToolCalls } from '../../src/db/queries/tool-calls';
import { ACTION } from '../../src/slack/ids';
import { backends, openTestDb } from '../helpers/db';
import { wire, wireJson } from '../helpers/fixtures';
import { FakeAws, READ_KEY, READ_ROLE, REMEDIATION_KEY, REMEDIATION_ROLE, xmlOk } from '../remediation/fake-aws';
import { ACCOUNT } from '../remediation/harness';
import { CHANNEL, interactive, mention, send, settle, startApp, type Started } from '../helpers/slack';

const KEY = 'AKIAI44QH8DHBEXAMPLE';
const REQUESTER = 'U061F7AUR';
const APPROVER = 'U0APPROVER1';
const STRANGER = 'U0STRANGER9';
const QUESTION_TS = '1741956170.000200';

function toolUse(name: string, input: object, id: string) {
  const m = wireJson('anthropic/message-tool-use.json');
  m.content = [
    { type: 'text', text: 'Let me check.' },
    { type: 'tool_use', id, name, input },
  ];
  return m;
}

function finalText(text: string) {
  const m = wireJson('anthropic/message-final.json');
  m.content = [{ type: 'text', text }];
  return m;
}

/** Claude, replayed: search CloudTrail, then propose deleting the key, then answer. */
function claudeScript(): { requests: any[] } {
  const requests: any[] = [];
  const replies = [
    toolUse(
      'cloudtrail_search',
      { access_key_id: KEY, last: '7d', regions: ['us-east-1'] },
      'toolu_01SEARCH0000000000000001',
    ),
    toolUse(
      'propose_delete_access_key',
      {
        account: 'prod',
        user_name: 'bob',
        access_key_id: KEY,
        reason: 'The key was created by bob and used from 203.0.113.99 right before CloudTrail was stopped.',
        evidence: [
          `${KEY} created at 2025-03-14T11:59:30Z from 203.0.113.99`,
          'userAgent <!channel> <https://evil.example|click>',
        ],
        confidence: 'high',
      },
      'toolu_01PROPOSE00000000000001',
    ),
    finalText(`bob's key ${KEY} was used from 203.0.113.99. I proposed deleting it; it awaits approval.`),
  ];
  let i = 0;
  nock('https://api.anthropic.com')
    .persist()
    .post('/v1/messages')
    .reply(200, (_uri, body) => {
      requests.push(body);
      return replies[Math.min(i++, replies.length - 1)];
    });
  return { requests };
}

/** LookupEvents replayed (one page), recording each request and the key that signed it. */
function cloudTrail(): { calls: { target: string; signedWith: string; body: any }[] } {
  const calls: { target: string; signedWith: string; body: any }[] = [];
  nock('https://cloudtrail.us-east-1.amazonaws.com')
    .persist()
    .post('/')
    .reply(function (_uri, body) {
      calls.push({
        target: String(this.req.headers['x-amz-target']),
        signedWith: /Credential=([A-Z0-9]+)\//.exec(String(this.req.headers.authorization))?.[1] ?? '',
        body,
      });
      return [200, wire('cloudtrail/lookup-events-page2.json'), { 'Content-Type': 'application/x-amz-json-1.1' }];
    });
  return { calls };
}

function click(user: string, proposalId: string, card: { ts: string; threadTs: string }) {
  const p = wireJson('slack/block-actions-approve.json');
  p.user = { ...p.user, id: user, username: user.toLowerCase(), name: user.toLowerCase() };
  p.container = { ...p.container, message_ts: card.ts, channel_id: CHANNEL };
  p.channel = { id: CHANNEL, name: 'sec-incidents' };
  p.message = { ...p.message, ts: card.ts, thread_ts: card.threadTs };
  p.actions = [{ ...p.actions[0], action_id: ACTION.approve, block_id: 'approval_actions', value: proposalId }];
  return interactive(p);
}

for (const backend of backends()) {
  describe(`Slack end to end (${backend})`, () => {
    let db: DbHandle | undefined;
    let s: Started | undefined;
    afterEach(async () => {
      await s?.close();
      await db?.close();
    });

    it('mention → CloudTrail search → proposal card → approver click deletes the key once → card shows the outcome', async () => {
      resetAwsClients();
      db = await openTestDb(backend);
      await upsertAccount(db.db, ACCOUNT);
      const aws = new FakeAws(['us-east-1', 'eu-west-1']);
      aws
        .on('iam', 'ListAccessKeys', xmlOk('iam/list-access-keys.xml'))
        .on('iam', 'DeleteAccessKey', xmlOk('iam/delete-access-key.xml'));
      const trail = cloudTrail();
      const claude = claudeScript();
      s = await startApp({
        db: db.db,
        now: () => new Date('2025-03-15T00:00:00Z'),
        env: {
          ANTHROPIC_API_KEY: 'sk-ant-api03-test-key-000000000000',
          SLACK_ALLOWED_USERS: REQUESTER,
          TRAILHOUND_REMEDIATION_ENABLED: 'true',
          TRAILHOUND_APPROVERS_SLACK_GROUP: 'S0ONCALL',
        },
      });
      // The requester is on call too: still may not approve their own proposal.
      s.slack.groups.S0ONCALL = [APPROVER, REQUESTER];
      s.slack.emails[APPROVER] = 'dana.oncall@example.com';

      // 1. The question.
      expect(
        (await send(s.port, mention(`what did ${KEY} do this week? contain it if it is bad`, { ts: QUESTION_TS })))
          .status,
      ).toBe(200);
      await settle(s);

      // Claude was called three times; the tool results went back to it.
      expect(claude.requests).toHaveLength(3);
      expect(JSON.stringify(claude.requests[1].messages.at(-1))).toContain('toolu_01SEARCH0000000000000001');
      expect(JSON.stringify(claude.requests[2].messages.at(-1))).toContain('PENDING');
      // CloudTrail was read with the read role; nothing mutating yet.
      expect(trail.calls.length).toBeGreaterThanOrEqual(1);
      expect(trail.calls.every((c) => c.target.endsWith('LookupEvents') && c.signedWith === READ_KEY)).toBe(true);
      expect(aws.calls.filter((c) => c.action === 'AssumeRole').map((c) => c.params.RoleArn)).not.toContain(
        REMEDIATION_ROLE,
      );
      expect(aws.mutatingCalls()).toEqual([]);

      const [proposal] = await listProposals(db.db);
      expect(proposal).toMatchObject({
        kind: 'delete_access_key',
        status: 'pending',
        requester: `slack:${REQUESTER}`,
        input: { user_name: 'bob', access_key_id: KEY },
      });

      // Progress first ("Looking into it…"), then the answer in the same message.
      const posts = s.slack.of('chat.postMessage');
      expect(posts[0]!.params).toMatchObject({ channel: CHANNEL, thread_ts: QUESTION_TS });
      const answerUpdate = s.slack.of('chat.update').at(-1)!;
      expect(JSON.stringify(answerUpdate.params.blocks)).toContain('I proposed deleting it');
      expect(JSON.stringify(answerUpdate.params.blocks)).toContain('approval card follows');

      // The card: posted in the requester's thread, the buttons carry only the proposal id.
      const cardPost = posts.find((c) => JSON.stringify(c.params.blocks ?? []).includes(ACTION.approve))!;
      expect(cardPost.params.thread_ts).toBe(QUESTION_TS);
      const actions = cardPost.params.blocks.find((b: any) => b.type === 'actions');
      expect(actions.elements.map((e: any) => [e.action_id, e.value])).toEqual([
        [ACTION.approve, proposal!.id],
        [ACTION.reject, proposal!.id],
      ]);
      expect(actions.elements[0].confirm).toBeTruthy();
      const cardText = JSON.stringify(cardPost.params.blocks);
      expect(cardText).toContain('iam:DeleteAccessKey');
      expect(cardText).not.toContain('<!channel>');
      expect(cardText).not.toContain('<https://evil');
      const cardTs = (await getProposal(db.db, proposal!.id))!.slack.ts!;
      expect(cardTs).toMatch(/^\d+\.\d+$/);
      // The audit records the Slack user and their email.
      const calls = await recentToolCalls(db.db);
      expect(calls.map((c) => [c.tool, c.actor])).toEqual(
        expect.arrayContaining([
          ['cloudtrail_search', `slack:${REQUESTER}`],
          ['propose_delete_access_key', `slack:${REQUESTER}`],
        ]),
      );

      const card = { ts: cardTs, threadTs: QUESTION_TS };
      const before = s.slack.calls.length;

      // 2. A click by someone who is not an approver: ephemeral explanation, nothing changes.
      const c1 = click(STRANGER, proposal!.id, card);
      expect((await send(s.port, c1.body, { contentType: c1.contentType })).status).toBe(200);
      await settle(s);
      // 3. The requester approving their own proposal: refused too.
      const c2 = click(REQUESTER, proposal!.id, card);
      expect((await send(s.port, c2.body, { contentType: c2.contentType })).status).toBe(200);
      await settle(s);
      let since = s.slack.calls.slice(before);
      expect(since.filter((c) => c.method === 'chat.update')).toEqual([]);
      const refusals = since.filter((c) => c.method === 'chat.postEphemeral');
      expect(refusals.map((c) => c.params.user)).toEqual([STRANGER, REQUESTER]);
      expect(refusals[0]!.params.text).toMatch(/not an authorised approver/);
      expect(refusals[1]!.params.text).toMatch(/another person must approve/);
      expect(aws.mutatingCalls()).toEqual([]);
      expect((await getProposal(db.db, proposal!.id))!.status).toBe('pending');

      // 4. The approver (a member of the approvers user group) approves.
      const mark = s.slack.calls.length;
      const c3 = click(APPROVER, proposal!.id, card);
      expect((await send(s.port, c3.body, { contentType: c3.contentType })).status).toBe(200);
      await settle(s);
      const deletes = aws.mutatingCalls();
      expect(deletes.map((c) => [c.action, c.params.UserName, c.params.AccessKeyId, c.signedWith])).toEqual([
        ['DeleteAccessKey', 'bob', KEY, REMEDIATION_KEY],
      ]);
      expect(aws.calls.filter((c) => c.action === 'AssumeRole').map((c) => c.params.RoleArn)).toEqual(
        expect.arrayContaining([READ_ROLE, REMEDIATION_ROLE]),
      );
      const done = await getProposal(db.db, proposal!.id);
      expect(done).toMatchObject({
        status: 'succeeded',
        approvals: [expect.objectContaining({ by: `slack:${APPROVER}` })],
      });
      since = s.slack.calls.slice(mark);
      const cardUpdate = since.find((c) => c.method === 'chat.update')!;
      expect(cardUpdate.params).toMatchObject({ channel: CHANNEL, ts: cardTs });
      const updated = JSON.stringify(cardUpdate.params.blocks);
      expect(cardUpdate.params.blocks.some((b: any) => b.type === 'actions')).toBe(false);
      expect(updated).toContain(`Approved by <@${APPROVER}>`);
      expect(updated).toContain(`Delete access key ${KEY}`);
      expect(updated).toContain(':white_check_mark:');
      const notice = since.find((c) => c.method === 'chat.postMessage')!;
      expect(notice.params).toMatchObject({ channel: CHANNEL, thread_ts: QUESTION_TS });
      expect(notice.params.text).toMatch(/Done/);
      expect((await listAudit(db.db, { proposalId: proposal!.id })).map((e) => e.actor)).toContain(`slack:${APPROVER}`);

      // 5. A second click (double click / replay): nothing more happens.
      const mark2 = s.slack.calls.length;
      const c4 = click(APPROVER, proposal!.id, card);
      expect((await send(s.port, c4.body, { contentType: c4.contentType })).status).toBe(200);
      await settle(s);
      expect(aws.mutatingCalls()).toHaveLength(1);
      const after = s.slack.calls.slice(mark2);
      expect(after.map((c) => c.method).filter((m) => m !== 'users.info' && m !== 'usergroups.users.list')).toEqual([
        'chat.postEphemeral',
      ]);
      expect(after.find((c) => c.method === 'chat.postEphemeral')!.params.text).toMatch(/already approved/);
    });
  });
}
