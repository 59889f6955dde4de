import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config';
import { checkTargets, principalOf, protectedReason } from '../../src/approvals/guard-rails';
import { canApprove, policyFromConfig, requiredApprovalsFor } from '../../src/approvals/policy';

const cfg = (env: Record<string, string> = {}) =>
  parseConfig({
    TRAILHOUND_APPROVERS_SLACK: 'U1',
    TRAILHOUND_APPROVERS_SLACK_GROUP: 'S9',
    TRAILHOUND_APPROVERS_CLI: 'alice',
    ...env,
  });
const proposal = { id: 'prp_0123456789abcdef', requester: 'slack:U2', approvals: [], requiredApprovals: 1 };

describe('approver policy', () => {
  it('"destructive" expands to the destructive kinds; unknown kinds fail closed', () => {
    const p = policyFromConfig(cfg({ TRAILHOUND_TWO_PERSON_KINDS: 'destructive' }));
    expect(p.twoPersonKinds.sort()).toEqual(['delete_iam_user', 'terminate_ec2_instances']);
    expect(requiredApprovalsFor(p, 'delete_iam_user')).toBe(2);
    expect(requiredApprovalsFor(p, 'delete_access_key')).toBe(1);
    expect(() => policyFromConfig(cfg({ TRAILHOUND_TWO_PERSON_KINDS: 'delete_user' }))).toThrow(
      /"delete_user", which is not an action kind/,
    );
  });

  it('Slack: listed users and members of the group; the requester is refused in both id forms', () => {
    const p = policyFromConfig(cfg());
    expect(canApprove(p, proposal, { id: 'U1', surface: 'slack' }).ok).toBe(true);
    expect(canApprove(p, proposal, { id: 'U3', surface: 'slack', groups: ['S9'] }).ok).toBe(true);
    expect(canApprove(p, proposal, { id: 'U3', surface: 'slack', groups: ['S8'] }).why).toMatch(
      /not an authorised approver/,
    );
    expect(canApprove(p, { ...proposal, requester: 'U1' }, { id: 'U1', surface: 'slack' }).why).toMatch(
      /self-approval is disabled/,
    );
    expect(canApprove(p, { ...proposal, requester: 'slack:U1' }, { id: 'U1', surface: 'slack' }).ok).toBe(false);
    expect(
      canApprove(
        policyFromConfig(cfg({ TRAILHOUND_ALLOW_SELF_APPROVAL: 'true' })),
        { ...proposal, requester: 'slack:U1' },
        { id: 'U1', surface: 'slack' },
      ).ok,
    ).toBe(true);
  });

  it('a Slack id is not a CLI approver name and vice versa; with none configured it says so', () => {
    const p = policyFromConfig(cfg());
    expect(canApprove(p, proposal, { id: 'U1', surface: 'cli' }).ok).toBe(false);
    expect(canApprove(p, proposal, { id: 'alice', surface: 'slack' }).ok).toBe(false);
    expect(canApprove(policyFromConfig(parseConfig({})), proposal, { id: 'x', surface: 'cli' }).why).toMatch(
      /No CLI approvers are configured/,
    );
  });
});

describe('guard-rails', () => {
  const account = {
    name: 'prod',
    accountId: '222222222222',
    roleArn: 'arn:aws:iam::222222222222:role/TrailhoundReadOnly',
    regions: ['us-east-1'],
    remediationRoleArn: 'arn:aws:iam::222222222222:role/ops/TrailhoundRemediation',
  };
  it('parses principals from IAM and STS ARNs', () => {
    expect(principalOf('arn:aws:sts::111111111111:assumed-role/Trailhound/session-1')).toEqual({
      type: 'role',
      name: 'Trailhound',
    });
    expect(principalOf('arn:aws:iam::111111111111:user/path/trailhound')).toEqual({ type: 'user', name: 'trailhound' });
    expect(principalOf('arn:aws:iam::111111111111:root')).toEqual({ type: 'root', name: 'root' });
  });
  it("protects root, Trailhound's own identities and configured patterns (case-insensitive globs)", () => {
    const c = cfg({
      TRAILHOUND_PRINCIPAL_ARN: 'arn:aws:iam::111111111111:user/trailhound-svc',
      TRAILHOUND_PROTECTED_PRINCIPALS: 'BreakGlass*,i-0aaa*',
    });
    expect(protectedReason({ type: 'iam-user', id: 'root' }, account, c)).toMatch(/root user/);
    expect(protectedReason({ type: 'iam-role', id: 'TrailhoundRemediation' }, account, c)).toMatch(
      /Trailhound itself uses/,
    );
    expect(protectedReason({ type: 'iam-role', id: 'trailhoundreadonly' }, account, c)).toMatch(
      /Trailhound itself uses/,
    );
    expect(protectedReason({ type: 'iam-user', id: 'trailhound-svc' }, account, c)).toMatch(/Trailhound itself uses/);
    expect(protectedReason({ type: 'iam-user', id: 'breakglass-admin' }, account, c)).toMatch(/pattern "BreakGlass\*"/);
    expect(protectedReason({ type: 'ec2-instance', id: 'i-0aaa1111bbbb22223' }, account, c)).toMatch(
      /TRAILHOUND_PROTECTED_PRINCIPALS/,
    );
    expect(protectedReason({ type: 'iam-user', id: 'bob' }, account, c)).toBeNull();
    expect(
      checkTargets(
        [
          { type: 'iam-user', id: 'bob', context: true },
          { type: 'access-key', id: 'AKIA' },
        ],
        account,
        cfg({ TRAILHOUND_MAX_TARGETS: '1' }),
      ),
    ).toEqual({ ok: true });
  });
});
