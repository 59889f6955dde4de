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

/** An SCP at the root that allows everything but `action`. */
function scpDenying(s: IamSnapshot, action: string): IamSnapshot {
  s.organizations = {
    targets: [
      {
        id: 'r-exam',
        type: 'ROOT',
        scps: [
          {
            id: 'p-denyexample1',
            name: `deny-${action}`,
            arn: 'arn:aws:organizations::111111111111:policy/o-exampleorgid/service_control_policy/p-denyexample1',
            awsManaged: false,
            document: { Statement: [allow('*'), deny(action)] },
          },
        ],
        rcps: null,
      },
    ],
    managementAccountId: '111111111111',
    source: 'test',
    notes: [],
  };
  return s;
}

describe('"can change the policy of" and "can change the trust policy of", over several hops', () => {
  /** dev → Mid → Target (each trusts the previous); Target holds nothing yet. */
  function chain(devStatements: PolicyStatement[], o: { boundary?: string } = {}): IamSnapshot {
    const s = snapshot();
    addRole(s, 'Target', { trust: trust({ AWS: roleArn('Mid') }) });
    addRole(s, 'Mid', { trust: trust({ AWS: userArn('dev') }) });
    addUser(s, 'dev', { statements: devStatements, ...(o.boundary ? { boundary: o.boundary } : {}) });
    return s;
  }

  it('policy: PutRolePolicy on a role two assumes away: change it, then walk there', () => {
    const s = chain([allow('iam:PutRolePolicy', roleArn('Target'))]);
    const p = path(s, userArn('dev'))!;
    expect(p.steps.map((x) => [x.kind, x.to, x.via])).toEqual([
      ['becomes-admin', 'Target', 'iam-005'],
      ['assume', 'Mid', 'sts:AssumeRole'],
      ['assume', 'Target', 'sts:AssumeRole'],
    ]);
    expect(p.steps[0]!.permissions).toEqual([`iam:PutRolePolicy on ${roleArn('Target')}`]);
    expect(p.reachesAdmin).toBe('can make Target administrator (iam-005) and become it');
  });

  it('policy: its near misses are no path (resource-scoped, explicit Deny, SCP Deny, boundary); a condition is carried', () => {
    expect(path(chain([allow('iam:PutRolePolicy', roleArn('Elsewhere'))]), userArn('dev'))).toBeNull();
    expect(
      path(
        chain([allow('iam:PutRolePolicy', roleArn('Target')), deny('iam:PutRolePolicy', roleArn('Target'))]),
        userArn('dev'),
      ),
    ).toBeNull();
    expect(
      path(scpDenying(chain([allow('iam:PutRolePolicy', roleArn('Target'))]), 'iam:PutRolePolicy'), userArn('dev')),
    ).toBeNull();
    const bounded = chain([allow('iam:PutRolePolicy', roleArn('Target'))], { boundary: policyArn('OnlyS3') });
    addPolicy(bounded, policyArn('OnlyS3'), [allow('s3:*')]);
    expect(path(bounded, userArn('dev'))).toBeNull();
    const conditioned = chain([
      allow('iam:PutRolePolicy', roleArn('Target'), { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } }),
    ]);
    // Not dropped (the condition may hold) and never shown as unconditional.
    expect(path(conditioned, userArn('dev'))!.steps[0]!.conditions).toEqual(['aws:RequestedRegion (StringEquals)']);
  });

  it('policy: Put/AttachGroupPolicy on a group of a user it can mint keys for (group of that principal)', () => {
    const s = snapshot();
    addGroup(s, 'Support', {});
    addUser(s, 'alice', { groups: ['Support'] });
    addRole(s, 'Helpdesk', {
      statements: [
        allow('iam:CreateAccessKey', userArn('alice')),
        allow('iam:AttachGroupPolicy', `arn:aws:iam::${ACCOUNT}:group/Support`),
      ],
    });
    const p = path(s, roleArn('Helpdesk'))!;
    expect(p.steps.map((x) => [x.kind, x.to, x.via])).toEqual([
      ['becomes-admin', 'alice', 'iam-010'],
      ['credentials', 'alice', 'iam-002'],
    ]);
    // Near miss: the group policy grant is on another group.
    const miss = snapshot();
    addGroup(miss, 'Support', {});
    addUser(miss, 'alice', { groups: ['Support'] });
    addRole(miss, 'Helpdesk', {
      statements: [
        allow('iam:CreateAccessKey', userArn('alice')),
        allow('iam:AttachGroupPolicy', `arn:aws:iam::${ACCOUNT}:group/Other`),
      ],
    });
    expect(path(miss, roleArn('Helpdesk'))).toBeNull();
  });

  it('policy: AddUserToGroup (group membership) puts a user it can reach into an admin group; SCP or boundary stops it', () => {
    const build = () => {
      const s = snapshot();
      addPolicy(s, ADMIN_ARN, [allow('*')]);
      addGroup(s, 'Admins', { attached: [ADMIN_ARN] });
      addUser(s, 'bob');
      addRole(s, 'Ops', {
        statements: [
          allow('iam:CreateLoginProfile', userArn('bob')),
          allow('iam:AddUserToGroup', `arn:aws:iam::${ACCOUNT}:group/Admins`),
        ],
      });
      return s;
    };
    const p = path(build(), roleArn('Ops'))!;
    expect(p.steps.map((x) => [x.kind, x.to, x.via])).toEqual([
      ['becomes-admin', 'bob', 'iam-013'],
      ['credentials', 'bob', 'iam-004'],
    ]);
    expect(path(scpDenying(build(), 'iam:AddUserToGroup'), roleArn('Ops'))).toBeNull();
    const bounded = build();
    addPolicy(bounded, policyArn('KeysOnly'), [allow('iam:CreateLoginProfile')]);
    bounded.roles.find((r) => r.name === 'Ops')!.permissionsBoundaryArn = policyArn('KeysOnly');
    expect(path(bounded, roleArn('Ops'))).toBeNull();
  });

  it('trust: UpdateAssumeRolePolicy from a role reached first (assume, then rewrite the trust of an admin role)', () => {
    const build = (extra: PolicyStatement[] = [], boundary?: string) => {
      const s = base();
      addRole(s, 'Mid', {
        trust: trust({ AWS: userArn('dev') }),
        statements: [allow('iam:UpdateAssumeRolePolicy', roleArn('LambdaAdmin')), ...extra],
        ...(boundary ? { boundary } : {}),
      });
      addUser(s, 'dev');
      return s;
    };
    const p = path(build(), userArn('dev'))!;
    expect(p.steps.map((x) => [x.kind, x.to])).toEqual([
      ['assume', 'Mid'],
      ['trust', 'LambdaAdmin'],
    ]);
    expect(p.steps[1]!.permissions).toEqual([`iam:UpdateAssumeRolePolicy on ${roleArn('LambdaAdmin')}`]);
    // Near misses: an explicit Deny, an SCP Deny, a boundary without it.
    expect(path(build([deny('iam:UpdateAssumeRolePolicy')]), userArn('dev'))).toBeNull();
    expect(path(scpDenying(build(), 'iam:UpdateAssumeRolePolicy'), userArn('dev'))).toBeNull();
    const bounded = build([], policyArn('ReadOnly'));
    addPolicy(bounded, policyArn('ReadOnly'), [allow('iam:Get*')]);
    expect(path(bounded, userArn('dev'))).toBeNull();
    // Conditioned: kept, with its condition.
    const c = base();
    addUser(c, 'eve', {
      statements: [
        allow('iam:UpdateAssumeRolePolicy', roleArn('LambdaAdmin'), { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }),
      ],
    });
    expect(path(c, userArn('eve'))!.steps[0]!.conditions).toEqual(['aws:MultiFactorAuthPresent (Bool)']);
  });
});

describe('pass-role methods added from pathfinding.cloud', () => {
  it('imagebuilder-001 reaches an instance-profile admin role; without an instance profile it does not', () => {
    const actions = [
      'iam:PassRole',
      'imagebuilder:CreateComponent',
      'imagebuilder:CreateImageRecipe',
      'imagebuilder:CreateInfrastructureConfiguration',
      'imagebuilder:CreateImage',
    ];
    const s = base();
    addRole(s, 'Builder', { statements: [allow(actions)] });
    const p = path(s, roleArn('Builder'))!;
    expect(p.steps).toMatchObject([{ kind: 'pass-role', to: 'Ec2Admin', via: 'imagebuilder-001' }]);
    const miss = base();
    miss.roles[2]!.instanceProfiles = [];
    addRole(miss, 'Builder', { statements: [allow(actions)] });
    expect(path(miss, roleArn('Builder'))).toBeNull();
    // Near miss: one of the four Image Builder actions missing.
    const partial = base();
    addRole(partial, 'Builder', { statements: [allow(actions.slice(0, 4))] });
    expect(path(partial, roleArn('Builder'))).toBeNull();
  });

  it('kinesisanalytics-001 reaches a role Managed Apache Flink can run as; PassRole on another role does not', () => {
    const s = snapshot();
    addPolicy(s, ADMIN_ARN, [allow('*')]);
    addRole(s, 'FlinkAdmin', { attached: [ADMIN_ARN], trust: trust({ Service: 'kinesisanalytics.amazonaws.com' }) });
    addUser(s, 'analyst', {
      statements: [allow(['iam:PassRole', 'kinesisanalytics:CreateApplication', 'kinesisanalytics:StartApplication'])],
    });
    expect(path(s, userArn('analyst'))!.steps).toMatchObject([
      { kind: 'pass-role', to: 'FlinkAdmin', via: 'kinesisanalytics-001' },
    ]);
    const miss = snapshot();
    addPolicy(miss, ADMIN_ARN, [allow('*')]);
    addRole(miss, 'FlinkAdmin', { attached: [ADMIN_ARN], trust: trust({ Service: 'kinesisanalytics.amazonaws.com' }) });
    addUser(miss, 'analyst', {
      statements: [
        allow('iam:PassRole', roleArn('FlinkReader')),
        allow(['kinesisanalytics:CreateApplication', 'kinesisanalytics:StartApplication']),
      ],
    });
    expect(path(miss, userArn('analyst'))).toBeNull();
  });
});
