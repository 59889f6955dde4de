/**
 * Protected principals with IAM paths: `arn:aws:iam::*:user/ops/*` protects a user created at path
 * /ops/, at proposal time and again at execution (the real ARN is read with GetUser, on the wire).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProposal, decide } from '../../src/approvals/index';
import { parseConfig } from '../../src/config';
import { backends } from '../helpers/db';
import { wire } from '../helpers/fixtures';
import { FakeAws, xmlOk } from './fake-aws';
import { BASE_ENV, cli, harness } from './harness';

const KEY = 'AKIAI44QH8DHBEXAMPLE';
const atOps = wire('iam/get-user.xml')
  .replace('<Path>/</Path>', '<Path>/ops/</Path>')
  .replace('user/bob', 'user/ops/bob');
const PATTERN = 'arn:aws:iam::*:user/ops/*';

for (const backend of backends()) {
  describe(`protected principals with IAM paths (${backend})`, () => {
    let h: Awaited<ReturnType<typeof harness>>;
    let aws: FakeAws;
    beforeEach(() => {
      aws = new FakeAws(['us-east-1', 'eu-west-1']);
      aws
        .on('iam', 'GetUser', [200, atOps])
        .on('iam', 'ListAccessKeys', xmlOk('iam/list-access-keys.xml'))
        .on('iam', 'DeleteAccessKey', xmlOk('iam/delete-access-key.xml'));
    });
    afterEach(async () => h?.close());
    const propose = () =>
      createProposal(h.deps, {
        kind: 'delete_access_key',
        account: 'prod',
        input: { user_name: 'bob', access_key_id: KEY },
        reason: 'r',
        requester: 'cli:dave',
      });

    it('attack: a user at /ops/ is protected by a path pattern when proposed', async () => {
      h = await harness(backend, { TRAILHOUND_PROTECTED_PRINCIPALS: PATTERN });
      await expect(propose()).rejects.toThrow(
        /bob is protected by TRAILHOUND_PROTECTED_PRINCIPALS \(pattern "arn:aws:iam::\*:user\/ops\/\*"\)/,
      );
      expect(aws.calls.some((c) => c.action === 'GetUser' && c.params.UserName === 'bob')).toBe(true);
      expect(aws.mutatingCalls()).toEqual([]);
    });

    it('attack: the pattern added after the proposal still stops the execution; an unreadable ARN fails closed', async () => {
      h = await harness(backend);
      const { proposal } = await propose();
      const protectedDeps = {
        ...h.deps,
        config: parseConfig({ ...BASE_ENV, TRAILHOUND_PROTECTED_PRINCIPALS: PATTERN }),
      };
      const r = await decide(protectedDeps, { proposalId: proposal.id, approver: cli('alice'), decision: 'approve' });
      expect(r.outcome).toBe('failed');
      expect(r.execution?.outcome).toBe('refused');
      expect(r.message).toMatch(/protected by TRAILHOUND_PROTECTED_PRINCIPALS/);
      expect(aws.mutatingCalls()).toEqual([]);

      aws.on('iam', 'GetUser', [
        403,
        '<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>no</Message></Error><RequestId>x</RequestId></ErrorResponse>',
      ]);
      h.deps.config = protectedDeps.config;
      await expect(propose()).rejects.toThrow(/Could not read the ARN of IAM user bob \(AccessDenied\).*refusing/);
    });

    it('a user at the root path is not matched by the /ops/ pattern (near miss)', async () => {
      h = await harness(backend, { TRAILHOUND_PROTECTED_PRINCIPALS: PATTERN });
      aws.on('iam', 'GetUser', xmlOk('iam/get-user.xml'));
      const { proposal } = await propose();
      expect(proposal.status).toBe('pending');
    });
  });
}
