import { describe, expect, it } from 'vitest';
import { actionCatalog } from '../../src/iam/action-catalog';
import { Evaluator } from '../../src/iam/evaluate';
import type { PolicyStatement } from '../../src/iam/policy-document';
import {
  buildPrivilegeGraph,
  shortestPathToAdmin,
  whatCanBecome,
  whoCanBecomeAdmin,
  whoCanReach,
} from '../../src/iam/privilege-graph';
import type { IamSnapshot } from '../../src/iam/snapshot';
import {
  ACCOUNT,
  ADMIN_ARN,
  addGroup,
  addPolicy,
  addRole,
  addUser,
  policyArn,
  roleArn,
  snapshot,
  trust,
  userArn,
} from '../helpers/iam';

const cat = actionCatalog();
const graph = (s: IamSnapshot) => buildPrivilegeGraph(s, { evaluator: new Evaluator(s, cat) });
const path = (s: IamSnapshot, arn: string) => shortestPathToAdmin(graph(s), arn);
const allow = (Action: string | string[], Resource: string | string[] = '*', Condition?: object): PolicyStatement => ({
  Effect: 'Allow',
  Action,
  Resource,
  ...(Condition ? { Condition: Condition as never } : {}),
});
const deny = (Action: string, Resource = '*'): PolicyStatement => ({ Effect: 'Deny', Action, Resource });

/** An account with full admins to reach: AdminRole (trusts the account), LambdaAdmin (trusts Lambda). */
function base(): IamSnapshot {
  const s = snapshot();
  addPolicy(s, ADMIN_ARN, [allow('*')]);
  addRole(s, 'AdminRole', { attached: [ADMIN_ARN], trust: trust({ AWS: `arn:aws:iam::${ACCOUNT}:root` }) });
  addRole(s, 'LambdaAdmin', { attached: [ADMIN_ARN], trust: trust({ Service: 'lambda.amazonaws.com' }) });
  addRole(s, 'Ec2Admin', {
    attached: [ADMIN_ARN],
    trust: trust({ Service: 'ec2.amazonaws.com' }),
    instanceProfile: true,
  });
  return s;
}

describe('edge kinds: each fires, and its near misses do not', () => {
  it('assume (sts-001): sts:AssumeRole on "*" reaches a role that trusts the account', () => {
    const s = base();
    addRole(s, 'Ci', { statements: [allow('sts:AssumeRole')] });
    const p = path(s, roleArn('Ci'))!;
    expect(p.steps.map((x) => [x.kind, x.to])).toEqual([['assume', 'AdminRole']]);
    expect(p.steps[0]!.permissions).toEqual(['sts:AssumeRole on *']);
  });
  it('assume: scoped to another role, denied, or outside a boundary is no path; a trust condition is noted', () => {
    const scoped = base();
    addRole(scoped, 'Ci', { statements: [allow('sts:AssumeRole', roleArn('Other'))] });
    expect(path(scoped, roleArn('Ci'))).toBeNull();
    const denied = base();
    addRole(denied, 'Ci', { statements: [allow('sts:AssumeRole'), deny('sts:AssumeRole', roleArn('AdminRole'))] });
    expect(path(denied, roleArn('Ci'))).toBeNull();
    const bounded = base();
    addPolicy(bounded, policyArn('B'), [allow('s3:*')]);
    addRole(bounded, 'Ci', { statements: [allow('sts:AssumeRole')], boundary: policyArn('B') });
    expect(path(bounded, roleArn('Ci'))).toBeNull();
    const mfa = base();
    mfa.roles[0]!.trustPolicy = {
      Statement: trust({ AWS: `arn:aws:iam::${ACCOUNT}:root` }, { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }),
    };
    addUser(mfa, 'dev', { statements: [allow('sts:AssumeRole')] });
    expect(path(mfa, userArn('dev'))!.steps[0]!.conditions).toEqual(['aws:MultiFactorAuthPresent (Bool)']);
  });
  it('assume: a trust policy naming the caller needs no identity grant, but an explicit Deny still blocks', () => {
    const s = base();
    s.roles[0]!.trustPolicy = { Statement: trust({ AWS: userArn('ops') }) };
    addUser(s, 'ops', { statements: [allow('s3:ListAllMyBuckets')] });
    expect(path(s, userArn('ops'))!.steps[0]!.to).toBe('AdminRole');
    s.users[0]!.inlinePolicies.push({ name: 'no', document: { Statement: [deny('sts:AssumeRole')] } });
    expect(path(s, userArn('ops'))).toBeNull();
  });

  it('credentials: CreateAccessKey on a user in an admin group; not on another user', () => {
    const s = base();
    addGroup(s, 'Admins', { attached: [ADMIN_ARN] });
    addUser(s, 'alice', { groups: ['Admins'] });
    addUser(s, 'helpdesk', { statements: [allow('iam:CreateAccessKey', userArn('alice'))] });
    const p = path(s, userArn('helpdesk'))!;
    expect(p.steps).toMatchObject([{ kind: 'credentials', to: 'alice', via: 'iam-002' }]);
    const miss = base();
    addGroup(miss, 'Admins', { attached: [ADMIN_ARN] });
    addUser(miss, 'alice', { groups: ['Admins'] });
    addUser(miss, 'helpdesk', { statements: [allow('iam:CreateAccessKey', userArn('bob'))] });
    expect(path(miss, userArn('helpdesk'))).toBeNull();
  });

  it('policy: can write its own policy (self-escalation); a Deny on itself blocks it', () => {
    const s = base();
    addUser(s, 'eve', { statements: [allow('iam:PutUserPolicy', userArn('eve'))] });
    expect(path(s, userArn('eve'))!.steps).toMatchObject([{ kind: 'becomes-admin', via: 'iam-007' }]);
    const miss = base();
    addUser(miss, 'eve', { statements: [allow('iam:PutUserPolicy', userArn('eve')), deny('iam:PutUserPolicy')] });
    expect(path(miss, userArn('eve'))).toBeNull();
  });

  it('policy: AddUserToGroup into an admin group (iam-013)', () => {
    const s = base();
    addGroup(s, 'Admins', { attached: [ADMIN_ARN] });
    addUser(s, 'eve', { statements: [allow('iam:AddUserToGroup', `arn:aws:iam::${ACCOUNT}:group/Admins`)] });
    expect(path(s, userArn('eve'))!.steps).toMatchObject([{ kind: 'becomes-admin', via: 'iam-013' }]);
  });

  it('policy then become: PutRolePolicy on a role it can assume (iam-017)', () => {
    const s = snapshot();
    addRole(s, 'Target', { trust: trust({ AWS: roleArn('Ci') }) });
    addRole(s, 'Ci', { statements: [allow('iam:PutRolePolicy', roleArn('Target'))] });
    const p = path(s, roleArn('Ci'))!;
    expect(p.steps.map((x) => [x.kind, x.via])).toEqual([
      ['becomes-admin', 'iam-005'],
      ['assume', 'sts:AssumeRole'],
    ]);
  });

  it('pass-role: a deployer that can create and invoke functions reaches the role Lambda can run as', () => {
    const s = base();
    addRole(s, 'Deployer', {
      statements: [allow(['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'])],
    });
    const p = path(s, roleArn('Deployer'))!;
    expect(p.steps).toMatchObject([{ kind: 'pass-role', to: 'LambdaAdmin', via: 'lambda-001' }]);
    expect(p.steps[0]!.methodName).toBe('iam:PassRole + lambda:CreateFunction + lambda:InvokeFunction');
  });
  it('pass-role: PassRole scoped to a harmless role, or with lambda denied by an SCP, is no path', () => {
    const s = base();
    addRole(s, 'Deployer', {
      statements: [allow('iam:PassRole', roleArn('app')), allow(['lambda:CreateFunction', 'lambda:InvokeFunction'])],
    });
    expect(path(s, roleArn('Deployer'))).toBeNull();
    const scp = base();
    scp.organizations = {
      targets: [
        {
          id: 'r-1',
          type: 'ROOT',
          scps: [
            {
              id: 'p-1',
              name: 'deny-passrole',
              arn: 'arn:aws:organizations::1:policy/p-1',
              awsManaged: false,
              document: { Statement: [allow('*'), deny('iam:PassRole')] },
            },
          ],
          rcps: null,
        },
      ],
      managementAccountId: null,
      source: 'test',
      notes: [],
    };
    addRole(scp, 'Deployer', {
      statements: [allow(['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'])],
    });
    expect(path(scp, roleArn('Deployer'))).toBeNull();
  });

  it('trust: UpdateAssumeRolePolicy on an admin role (iam-012); not on another role', () => {
    const s = base();
    addUser(s, 'eve', { statements: [allow('iam:UpdateAssumeRolePolicy', roleArn('LambdaAdmin'))] });
    expect(path(s, userArn('eve'))!.steps).toMatchObject([{ kind: 'trust', to: 'LambdaAdmin' }]);
    const miss = base();
    addUser(miss, 'eve', { statements: [allow('iam:UpdateAssumeRolePolicy', roleArn('Nothing'))] });
    expect(path(miss, userArn('eve'))).toBeNull();
  });

  it('existing-resource: ssm:SendCommand reaches an instance-profile admin role, marked possible', () => {
    const s = base();
    addUser(s, 'ops', { statements: [allow('ssm:SendCommand')] });
    const p = path(s, userArn('ops'))!;
    expect(p.possible).toBe(true);
    expect(p.steps[0]).toMatchObject({ kind: 'existing-resource', to: 'Ec2Admin', via: 'ssm-002' });
    const miss = base();
    miss.roles[2]!.instanceProfiles = [];
    addUser(miss, 'ops', { statements: [allow('ssm:SendCommand')] });
    expect(path(miss, userArn('ops'))).toBeNull();
  });
});

describe('multi-hop paths and bounded answers', () => {
  it('finds user → role → role (assume, then pass a role to Lambda), shortest first', () => {
    const s = base();
    s.roles[0]!.trustPolicy = { Statement: trust({ AWS: roleArn('Nobody') }) };
    addRole(s, 'Deployer', {
      trust: trust({ AWS: userArn('dev') }),
      statements: [allow(['iam:PassRole', 'lambda:CreateFunction', 'lambda:CreateEventSourceMapping'])],
    });
    addUser(s, 'dev', { statements: [allow('s3:GetObject')] });
    const g = graph(s);
    const p = shortestPathToAdmin(g, userArn('dev'))!;
    expect(p.steps.map((x) => `${x.kind}:${x.to}`)).toEqual(['assume:Deployer', 'pass-role:LambdaAdmin']);
    expect(p.hops).toBe(2);
    const who = whoCanBecomeAdmin(g, 1);
    expect(who.total).toBe(2);
    expect(who.paths).toHaveLength(1);
    expect(who.paths[0]!.principal).toBe('Deployer');
    const what = whatCanBecome(g, userArn('dev'), 10);
    expect(what.reachable.map((r) => r.principal)).toEqual(['Deployer', 'LambdaAdmin']);
    expect(
      whoCanReach(g, roleArn('LambdaAdmin'), 10)
        .paths.map((x) => x.principal)
        .sort(),
    ).toEqual(['Deployer', 'dev']);
  });
});
