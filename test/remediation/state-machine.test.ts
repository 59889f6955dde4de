/**
 * The proposal state machine against every database backend: expiry, rejection, self-approval,
 * unknown approvers, unknown/forged ids, the two-person rule, replays — with AWS replayed at the
 * HTTP level so "nothing was executed" is checked on the wire.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProposal, decide, getProposal, listProposals, retryExecution } from '../../src/approvals/index';
import { listAudit } from '../../src/db/queries/audit';
import { backends } from '../helpers/db';
import { wire } from '../helpers/fixtures';
import { FakeAws, REMEDIATION_KEY, READ_KEY, xmlOk } from './fake-aws';
import { cli, harness } from './harness';

const KEY = 'AKIAI44QH8DHBEXAMPLE';
const input = { user_name: 'bob', access_key_id: KEY };

for (const backend of backends()) {
  describe(`proposal state machine (${backend})`, () => {
    let h: Awaited<ReturnType<typeof harness>>;
    let aws: FakeAws;
    beforeEach(() => {
      aws = new FakeAws(['us-east-1', 'eu-west-1']);
      aws
        .on('iam', 'ListAccessKeys', xmlOk('iam/list-access-keys.xml'))
        .on('iam', 'DeleteAccessKey', xmlOk('iam/delete-access-key.xml'));
    });
    afterEach(async () => h?.close());

    const propose = (requester = 'cli:dave', over: Record<string, unknown> = {}) =>
      createProposal(h.deps, {
        kind: 'delete_access_key',
        account: 'prod',
        input,
        reason: 'Key used from a TOR exit node',
        evidence: ['CreateUser from 185.220.101.7'],
        requester,
        ...over,
      });

    it('creates a pending proposal reading with the read role only, then executes once on approval with the remediation role', async () => {
      h = await harness(backend);
      const { proposal } = await propose();
      expect(proposal.status).toBe('pending');
      expect(proposal.summary).toBe(`Delete access key ${KEY} of IAM user bob (irreversible).`);
      expect(proposal.observed).toMatchObject({ accessKeyId: KEY, createDate: '2025-03-14T11:59:30.000Z' });
      expect(proposal.paramsHash).toMatch(/^[0-9a-f]{64}$/);
      expect(proposal.expiresAt.getTime() - proposal.createdAt.getTime()).toBe(30 * 60_000);
      expect(aws.mutatingCalls()).toEqual([]);
      expect(aws.calls.filter((c) => c.service === 'iam').every((c) => c.signedWith === READ_KEY)).toBe(true);

      const r = await decide(h.deps, { proposalId: proposal.id, approver: cli('alice'), decision: 'approve' });
      expect(r.outcome).toBe('executed');
      expect(r.proposal?.status).toBe('succeeded');
      expect(r.execution?.steps.map((s) => [s.id, s.status])).toEqual([[`delete-access-key:${KEY}`, 'succeeded']]);
      const muts = aws.mutatingCalls();
      expect(muts.map((c) => [c.action, c.params.AccessKeyId, c.params.UserName, c.signedWith])).toEqual([
        ['DeleteAccessKey', KEY, 'bob', REMEDIATION_KEY],
      ]);
      const assumed = aws.calls
        .filter((c) => c.action === 'AssumeRole')
        .map((c) => [c.params.RoleArn, c.params.ExternalId]);
      expect(assumed).toContainEqual([
        'arn:aws:iam::222222222222:role/TrailhoundRemediation',
        '8b1f6a52-4b5c-4d0e-9a39-0f5d2c7e1a11',
      ]);

      // Replay of the same click: refused, no second call.
      const again = await decide(h.deps, { proposalId: proposal.id, approver: cli('bob'), decision: 'approve' });
      expect(again.outcome).toBe('refused');
      expect(again.message).toMatch(/already approved by cli:alice and executed/);
      expect(aws.mutatingCalls()).toHaveLength(1);

      const audit = (await listAudit(h.db, { proposalId: proposal.id })).map((e) => [e.kind, e.actor]).reverse();
      expect(audit).toEqual([
        ['proposal.created', 'cli:dave'],
        ['proposal.approved', 'cli:alice'],
        ['execution.started', 'cli:alice'],
        ['execution.step_started', 'cli:alice'],
        ['execution.step', 'cli:alice'],
        ['execution.succeeded', 'cli:alice'],
      ]);
    });

    it('refuses self-approval, unknown approvers, unknown and forged ids — and executes nothing', async () => {
      h = await harness(backend);
      const { proposal } = await propose('cli:alice');
      const self = await decide(h.deps, { proposalId: proposal.id, approver: cli('alice'), decision: 'approve' });
      expect(self.outcome).toBe('refused');
      expect(self.message).toMatch(/self-approval is disabled/);
      const stranger = await decide(h.deps, { proposalId: proposal.id, approver: cli('mallory'), decision: 'approve' });
      expect(stranger.outcome).toBe('refused');
      expect(stranger.message).toMatch(/mallory is not an authorised approver.*TRAILHOUND_APPROVERS/);
      const slackStranger = await decide(h.deps, {
        proposalId: proposal.id,
        approver: { id: 'U0NOBODY', surface: 'slack', groups: ['S0OTHER'] },
        decision: 'approve',
      });
      expect(slackStranger.message).toMatch(/not an authorised approver/);
      const unknown = await decide(h.deps, {
        proposalId: 'prp_0123456789abcdef',
        approver: cli('bob'),
        decision: 'approve',
      });
      expect(unknown).toMatchObject({ outcome: 'refused' });
      expect(unknown.message).toMatch(/No proposal with id prp_0123456789abcdef/);
      const forged = await decide(h.deps, {
        proposalId: `${proposal.id}' OR '1'='1`,
        approver: cli('bob'),
        decision: 'approve',
      });
      expect(forged.message).toMatch(/is not a proposal id/);
      expect((await getProposal(h.db, proposal.id))?.status).toBe('pending');
      expect(aws.mutatingCalls()).toEqual([]);
      const refusals = (await listAudit(h.db, { proposalId: proposal.id })).filter(
        (e) => e.kind === 'proposal.approve_refused',
      );
      expect(refusals.map((e) => e.actor).sort()).toEqual(['cli:alice', 'cli:mallory', 'slack:U0NOBODY']);
    });

    it('allows self-approval only when configured, and Slack approvers through the user group', async () => {
      h = await harness(backend, { TRAILHOUND_ALLOW_SELF_APPROVAL: 'true' });
      const { proposal } = await propose('cli:alice');
      const r = await decide(h.deps, { proposalId: proposal.id, approver: cli('alice'), decision: 'approve' });
      expect(r.outcome).toBe('executed');
      const { proposal: p2 } = await propose('slack:U0REQUESTER');
      const viaGroup = await decide(h.deps, {
        proposalId: p2.id,
        approver: { id: 'U0SECOPS9', surface: 'slack', groups: ['S0SECOPS'] },
        decision: 'approve',
      });
      expect(viaGroup.outcome).toBe('executed');
      expect(viaGroup.proposal?.decidedBy).toBe('slack:U0SECOPS9');
    });

    it('expires: an expired proposal cannot be approved and says how to re-propose', async () => {
      h = await harness(backend);
      const past = new Date(Date.now() - 31 * 60_000);
      const { proposal } = await createProposal(
        { ...h.deps, now: () => past },
        { kind: 'delete_access_key', account: 'prod', input, reason: 'r', requester: 'cli:dave' },
      );
      expect(proposal.status).toBe('expired');
      const r = await decide(h.deps, { proposalId: proposal.id, approver: cli('alice'), decision: 'approve' });
      expect(r.outcome).toBe('refused');
      expect(r.message).toMatch(
        /expired at .* valid for 30 minutes.*trailhound propose delete_access_key --account prod/,
      );
      expect((await listProposals(h.db, { status: 'expired' })).map((p) => p.id)).toEqual([proposal.id]);
      expect((await listAudit(h.db, { proposalId: proposal.id })).map((e) => e.kind)).toContain('proposal.expired');
      expect(aws.mutatingCalls()).toEqual([]);
    });

    it('rejects: a rejected proposal cannot then be approved', async () => {
      h = await harness(backend);
      const { proposal } = await propose();
      const rej = await decide(h.deps, {
        proposalId: proposal.id,
        approver: cli('bob'),
        decision: 'reject',
        reason: 'bob still needs it',
      });
      expect(rej.outcome).toBe('rejected');
      expect(rej.proposal).toMatchObject({
        status: 'rejected',
        decidedBy: 'cli:bob',
        rejectionReason: 'bob still needs it',
      });
      const late = await decide(h.deps, { proposalId: proposal.id, approver: cli('alice'), decision: 'approve' });
      expect(late.outcome).toBe('refused');
      expect(late.message).toMatch(/already rejected by cli:bob/);
      const stranger = await decide(h.deps, { proposalId: proposal.id, approver: cli('zed'), decision: 'reject' });
      expect(stranger.outcome).toBe('refused');
      expect(aws.mutatingCalls()).toEqual([]);
    });

    it('two-person rule: the first approval waits, the same approver twice is refused, a second distinct approver executes', async () => {
      h = await harness(backend, { TRAILHOUND_TWO_PERSON_KINDS: 'delete_access_key' });
      const { proposal } = await propose();
      expect(proposal.requiredApprovals).toBe(2);
      const first = await decide(h.deps, { proposalId: proposal.id, approver: cli('alice'), decision: 'approve' });
      expect(first.outcome).toBe('awaiting_second_approval');
      expect(aws.mutatingCalls()).toEqual([]);
      const twice = await decide(h.deps, { proposalId: proposal.id, approver: cli('alice'), decision: 'approve' });
      expect(twice.outcome).toBe('refused');
      expect(twice.message).toMatch(/already approved .* different person/);
      expect(aws.mutatingCalls()).toEqual([]);
      const second = await decide(h.deps, { proposalId: proposal.id, approver: cli('bob'), decision: 'approve' });
      expect(second.outcome).toBe('executed');
      expect(second.proposal?.approvals.map((a) => a.by)).toEqual(['cli:alice', 'cli:bob']);
      expect(aws.mutatingCalls()).toHaveLength(1);
    });

    it('refuses at execution when the target changed since the proposal (key already deleted)', async () => {
      h = await harness(backend);
      const { proposal } = await propose();
      // Someone deleted the key by hand in the meantime: the remediation role's re-read no longer lists it.
      aws.on('iam', 'ListAccessKeys', [
        200,
        wire('iam/list-access-keys.xml').replace(
          /<member>\s*<UserName>bob<\/UserName>\s*<AccessKeyId>AKIAI44QH8DHBEXAMPLE[\s\S]*?<\/member>/,
          '',
        ),
      ]);
      const r = await decide(h.deps, { proposalId: proposal.id, approver: cli('alice'), decision: 'approve' });
      expect(r.outcome).toBe('failed');
      expect(r.execution?.outcome).toBe('refused');
      expect(r.message).toMatch(/already deleted/);
      expect(aws.mutatingCalls()).toEqual([]);
      // Nothing to retry into: the precheck refuses again, still without a mutating call.
      const retry = await retryExecution(h.deps, { proposalId: proposal.id, approver: cli('bob') });
      expect(retry.outcome).toBe('failed');
      expect(aws.mutatingCalls()).toEqual([]);
    });

    it('refuses to execute parameters altered in the database after the proposal (hash mismatch)', async () => {
      h = await harness(backend);
      const { proposal } = await propose();
      const { sql } = await import('drizzle-orm');
      await h.db.execute(
        sql`UPDATE proposals SET params = jsonb_set(params, '{input,user_name}', '"alice"') WHERE id = ${proposal.id}`,
      );
      const r = await decide(h.deps, { proposalId: proposal.id, approver: cli('alice'), decision: 'approve' });
      expect(r.outcome).toBe('failed');
      expect(r.execution?.outcome).toBe('refused');
      expect(r.message).toMatch(/do not match their hash.*altered/);
      expect(aws.mutatingCalls()).toEqual([]);
      expect(aws.calls.filter((c) => c.action === 'ListAccessKeys' && c.signedWith === REMEDIATION_KEY)).toEqual([]);
    });

    it('a crashed execution (stuck executing) is taken over by a retry only once stale, without repeating done steps', async () => {
      h = await harness(backend);
      const { proposal } = await propose();
      const { sql } = await import('drizzle-orm');
      const step = {
        id: `delete-access-key:${KEY}`,
        title: `Delete access key ${KEY}`,
        status: 'succeeded',
        attempt: 1,
        at: new Date().toISOString(),
        result: { deleted: KEY },
      };
      await h.db.execute(
        sql`UPDATE proposals SET status = 'executing', attempts = 1, decided_at = now(), execution = ${JSON.stringify({ attempt: 1, startedAt: new Date().toISOString(), steps: [step] })}::jsonb WHERE id = ${proposal.id}`,
      );
      const busy = await retryExecution(h.deps, { proposalId: proposal.id, approver: cli('bob') });
      expect(busy.outcome).toBe('refused');
      expect(busy.message).toMatch(/executing right now.*15 minutes without progress/);
      await h.db.execute(
        sql`UPDATE proposals SET updated_at = now() - interval '20 minutes' WHERE id = ${proposal.id}`,
      );
      const taken = await retryExecution(h.deps, { proposalId: proposal.id, approver: cli('bob') });
      expect(taken.outcome).toBe('executed');
      expect(taken.proposal?.attempts).toBe(2);
      expect(aws.mutatingCalls()).toEqual([]);
    });

    it('refuses proposals on protected principals, root, its own roles, and over the target cap', async () => {
      h = await harness(backend, { TRAILHOUND_PROTECTED_PRINCIPALS: 'break-glass-*,arn:aws:iam::*:user/ops/*' });
      const p = (user: string) =>
        createProposal(h.deps, {
          kind: 'delete_access_key',
          account: 'prod',
          input: { user_name: user, access_key_id: KEY },
          reason: 'r',
          requester: 'cli:dave',
        });
      await expect(p('break-glass-admin')).rejects.toThrow(
        /protected by TRAILHOUND_PROTECTED_PRINCIPALS \(pattern "break-glass-\*"\)/,
      );
      await expect(p('root')).rejects.toThrow(/root user/);
      await expect(
        createProposal(h.deps, { kind: 'nuke_account', account: 'prod', input: {}, reason: 'r', requester: 'x' }),
      ).rejects.toThrow(/Unknown action "nuke_account". Available: delete_access_key/);
      await expect(
        createProposal(h.deps, { kind: 'delete_access_key', account: 'nope', input, reason: 'r', requester: 'x' }),
      ).rejects.toThrow(/Unknown account "nope"/);
      await expect(
        createProposal(h.deps, {
          kind: 'delete_access_key',
          account: 'prod',
          input: { user_name: 'bob', access_key_id: 'ASIA1234567890123456' },
          reason: 'r',
          requester: 'x',
        }),
      ).rejects.toThrow(/access_key_id: a long-term access key id/);
      expect(aws.mutatingCalls()).toEqual([]);
    });

    it('is unavailable, with how to enable it, when remediation is off or the account has no remediation role', async () => {
      h = await harness(backend, { TRAILHOUND_REMEDIATION_ENABLED: 'false' });
      await expect(propose()).rejects.toThrow(/TRAILHOUND_REMEDIATION_ENABLED=true/);
      await h.close();
      h = await harness(
        backend,
        {},
        { name: 'prod', accountId: '222222222222', roleArn: null, regions: ['us-east-1'], remediationRoleArn: null },
      );
      await expect(propose()).rejects.toThrow(/has no remediation role.*--remediation-role-arn/);
    });
  });
}
