/** IAM posture rules that share src/iam's evaluator with the analysis: further near misses. */
import { describe, expect, it } from 'vitest';
import { evaluateRule } from '../../src/posture/engine';
import { rules } from '../../src/posture/rules';
import { ACCOUNT, snapshotWith } from './builders';

const rule = (id: string) => rules.find((r) => r.id === id)!;
const ids = (id: string, patch: Parameters<typeof snapshotWith>[0]) =>
  evaluateRule(rule(id), snapshotWith(patch)).findings.map((f) => f.resourceId);
const ADMIN = { name: 'AdministratorAccess', arn: 'arn:aws:iam::aws:policy/AdministratorAccess' };
const user = (name: string, over: Record<string, unknown> = {}) => ({
  name,
  id: `AIDA${name}`,
  arn: `arn:aws:iam::${ACCOUNT}:user/${name}`,
  path: '/',
  createDate: null,
  groups: [],
  inlinePolicies: [],
  attachedPolicies: [ADMIN],
  permissionsBoundaryArn: null,
  tags: [],
  ...over,
});

describe('iam-user-direct-admin uses the analysis evaluator', () => {
  it('fires on AdministratorAccess attached directly', () => {
    expect(ids('iam-user-direct-admin', (s) => s.iam!.users.push(user('bob')))).toEqual([
      `arn:aws:iam::${ACCOUNT}:user/bob`,
    ]);
  });
  it('does not fire when an attached deny-all cancels it', () => {
    expect(
      ids('iam-user-direct-admin', (s) =>
        s.iam!.users.push(
          user('bob', {
            inlinePolicies: [
              { name: 'deny-all', document: { Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] } },
            ],
          }),
        ),
      ),
    ).toEqual([]);
  });
});

describe('iam-role-cross-account-no-condition compares with the role’s own account', () => {
  const trusting = (principal: string) => ({
    Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' }],
  });
  it('does not turn same-account trust into findings when account.json has the wrong id', () => {
    const out = ids('iam-role-cross-account-no-condition', (s) => {
      s.account.accountId = '999999999999';
      s.iam!.roles.push({
        ...s.iam!.roles[0]!,
        name: 'ops',
        arn: `arn:aws:iam::${ACCOUNT}:role/ops`,
        trustPolicy: trusting(`arn:aws:iam::${ACCOUNT}:root`) as never,
      });
    });
    expect(out).toEqual([]);
  });
  it('still fires on a real other account', () => {
    const out = ids('iam-role-cross-account-no-condition', (s) => {
      s.account.accountId = '999999999999';
      s.iam!.roles.push({
        ...s.iam!.roles[0]!,
        name: 'vendor',
        arn: `arn:aws:iam::${ACCOUNT}:role/vendor`,
        trustPolicy: trusting('444455556666') as never,
      });
    });
    expect(out).toEqual([`arn:aws:iam::${ACCOUNT}:role/vendor`]);
  });
});

describe('iam-privilege-escalation says what the analysis says', () => {
  const withPolicy = (Action: string[]) => (s: Parameters<Parameters<typeof snapshotWith>[0]>[0]) =>
    s.iam!.roles[0]!.inlinePolicies.push({
      name: 'deploy',
      document: { Statement: [{ Effect: 'Allow', Action, Resource: '*' }] },
    });
  it('reports iam:PassRole + lambda:CreateFunction (no invoke) as escalation, by its method name', () => {
    const s = snapshotWith(withPolicy(['iam:PassRole', 'lambda:CreateFunction']));
    const f = evaluateRule(rule('iam-privilege-escalation'), s).findings;
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toContain('lambda-createfunction (iam:PassRole + lambda:CreateFunction)');
  });
  it('does not fire on lambda:CreateFunction without iam:PassRole', () => {
    expect(ids('iam-privilege-escalation', withPolicy(['lambda:CreateFunction', 'lambda:InvokeFunction']))).toEqual([]);
  });
});
