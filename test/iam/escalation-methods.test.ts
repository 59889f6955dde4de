import { describe, expect, it } from 'vitest';
import { actionCatalog } from '../../src/iam/action-catalog';
import { Evaluator } from '../../src/iam/evaluate';
import { PRIVILEGE_ESCALATION_METHODS } from '../../src/iam/escalation-methods';
import type { PolicyStatement } from '../../src/iam/policy-document';
import { type RiskFinding, riskFindings } from '../../src/iam/risk';
import { CATALOG_LEVEL_OVERRIDES } from '../../src/iam/risk-data';
import { ONE_HOP_59, SELF_ESCALATION_8 } from '../fixtures/iam/pathfinding-methods';
import { ACCOUNT, addPolicy, addRole, awsManaged, policyArn, snapshot } from '../helpers/iam';

const cat = actionCatalog();

function findings(statements: PolicyStatement[], o: { boundary?: PolicyStatement[]; attached?: string[] } = {}) {
  const s = snapshot();
  if (o.boundary) addPolicy(s, policyArn('Boundary'), o.boundary);
  const r = addRole(s, 'R', {
    statements,
    boundary: o.boundary ? policyArn('Boundary') : undefined,
    attached: o.attached,
  });
  return riskFindings(cat, new Evaluator(s, cat).evaluate({ kind: 'role', role: r }));
}
const pe = (f: RiskFinding[]) => f.find((x) => x.category === 'PrivilegeEscalation');
const reported = (f: RiskFinding | undefined) =>
  new Set((f?.methods ?? []).flatMap((m) => [m.id, ...(m.variants ?? [])]));
const fire = (m: (typeof PRIVILEGE_ESCALATION_METHODS)[number]) => [
  ...m.actions,
  ...(m.alternatives ?? []).map((g) => g[0]!),
];

describe('the escalation method table', () => {
  it('names only actions that exist in the AWS catalog, and each method once', () => {
    const ids = PRIVILEGE_ESCALATION_METHODS.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const m of PRIVILEGE_ESCALATION_METHODS) {
      for (const a of [...m.actions, ...(m.alternatives ?? []).flat()])
        expect(cat.index.has(a.toLowerCase()), `${m.id}: ${a}`).toBe(true);
      expect(m.sources.length, m.id).toBeGreaterThan(0);
      expect(m.gains.length, m.id).toBeGreaterThan(10);
    }
    for (const o of CATALOG_LEVEL_OVERRIDES) expect(cat.index.has(o.action.toLowerCase()), o.action).toBe(true);
  });

  describe.each(PRIVILEGE_ESCALATION_METHODS.map((m) => [m.id, m] as const))('%s', (_id, m) => {
    it('fires on its actions granted on "*"', () => {
      const f = pe(findings([{ Effect: 'Allow', Action: fire(m), Resource: '*' }]));
      expect(f?.conditional).toBe(false);
      expect(f?.severity).toBe('high');
      expect(reported(f).has(m.id)).toBe(true);
    });
    it('does not fire when scoped to one resource', () => {
      const f = pe(
        findings([{ Effect: 'Allow', Action: fire(m), Resource: `arn:aws:iam::${ACCOUNT}:role/only-this-one` }]),
      );
      expect(reported(f).has(m.id)).toBe(false);
    });
    it('is only conditional (one severity lower) under a Condition', () => {
      const f = pe(
        findings([
          {
            Effect: 'Allow',
            Action: fire(m),
            Resource: '*',
            Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } },
          },
        ]),
      );
      expect(f?.conditional).toBe(true);
      expect(f?.severity).toBe('medium');
    });
    it('does not fire when an explicit Deny removes one of its actions', () => {
      const f = pe(
        findings([
          { Effect: 'Allow', Action: fire(m), Resource: '*' },
          { Effect: 'Deny', Action: m.actions[m.actions.length - 1]!, Resource: '*' },
        ]),
      );
      expect(reported(f).has(m.id)).toBe(false);
    });
    it('does not fire when a permissions boundary leaves one of its actions out', () => {
      const f = pe(
        findings([{ Effect: 'Allow', Action: fire(m), Resource: '*' }], {
          boundary: [{ Effect: 'Allow', Action: fire(m).slice(0, -1).concat('s3:GetObject'), Resource: '*' }],
        }),
      );
      expect(reported(f).has(m.id)).toBe(false);
    });
  });
});

describe('coverage of the public ground truth (pathfinding.cloud)', () => {
  it('flags every self-escalation path and every one-hop path but sts-001 by the method table', () => {
    const flagged = (actions: string[]) => {
      const f = pe(findings([{ Effect: 'Allow', Action: actions, Resource: '*' }]));
      return !!f && !f.conditional;
    };
    expect(SELF_ESCALATION_8.filter((p) => !flagged(p.actions)).map((p) => p.id)).toEqual([]);
    // sts-001 (sts:AssumeRole) is an edge of the privilege graph, tested in privilege-graph.test.ts.
    expect(ONE_HOP_59.filter((p) => !flagged(p.actions)).map((p) => p.id)).toEqual(['sts-001']);
  });

  it('reports each path under the name its source uses', () => {
    const byId = new Map(PRIVILEGE_ESCALATION_METHODS.map((m) => [m.id, m]));
    for (const p of [...SELF_ESCALATION_8, ...ONE_HOP_59].filter((x) => x.id !== 'sts-001')) {
      const f = pe(findings([{ Effect: 'Allow', Action: p.actions, Resource: '*' }]));
      expect(reported(f).has(p.id), p.id).toBe(true);
      expect(byId.get(p.id)?.sources.join(' '), p.id).toContain(p.id);
    }
  });
});

describe('no false alarms', () => {
  it("AWS's read-only managed policies (ReadOnlyAccess, SecurityAudit, ViewOnlyAccess) produce no high finding", () => {
    const s = snapshot();
    const ro = ['ReadOnlyAccess', 'SecurityAudit', 'ViewOnlyAccess'].map((n) => awsManaged(n as 'ReadOnlyAccess'));
    s.policies.push(...ro);
    const r = addRole(s, 'TrailhoundRead', { attached: ro.map((p) => p.arn) });
    const f = riskFindings(cat, new Evaluator(s, cat).evaluate({ kind: 'role', role: r }));
    expect(f.filter((x) => x.severity === 'critical' || x.severity === 'high').map((x) => x.category)).toEqual([]);
    expect(f.map((x) => x.category)).not.toContain('PrivilegeEscalation');
    expect(f.map((x) => x.category)).not.toContain('ResourceExposure');
  });

  const BENIGN: [string, PolicyStatement[]][] = [
    ['iam read', [{ Effect: 'Allow', Action: ['iam:Get*', 'iam:List*'], Resource: '*' }]],
    [
      'PassRole scoped to one role, with iam:PassedToService',
      [
        {
          Effect: 'Allow',
          Action: 'iam:PassRole',
          Resource: `arn:aws:iam::${ACCOUNT}:role/app-lambda`,
          Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } },
        },
        { Effect: 'Allow', Action: 'lambda:CreateFunction', Resource: '*' },
      ],
    ],
    ['invoke only', [{ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: '*' }]],
    [
      'own access keys',
      [{ Effect: 'Allow', Action: 'iam:CreateAccessKey', Resource: `arn:aws:iam::${ACCOUNT}:user/\${aws:username}` }],
    ],
    ['ecs RunTask without PassRole', [{ Effect: 'Allow', Action: ['ecs:RunTask', 'ecs:Describe*'], Resource: '*' }]],
    ['PassRole alone', [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }]],
    ['s3 read on one bucket', [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' }]],
    ['ec2 describe', [{ Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' }]],
    [
      'cloudformation read',
      [{ Effect: 'Allow', Action: ['cloudformation:Describe*', 'cloudformation:List*'], Resource: '*' }],
    ],
    ['glue read', [{ Effect: 'Allow', Action: ['glue:Get*'], Resource: '*' }]],
    ['sagemaker list', [{ Effect: 'Allow', Action: ['sagemaker:List*', 'sagemaker:Describe*'], Resource: '*' }]],
    ['lambda code read', [{ Effect: 'Allow', Action: ['lambda:GetFunction', 'lambda:ListFunctions'], Resource: '*' }]],
  ];
  it.each(BENIGN)('benign control "%s" is not privilege escalation', (_n, statements) => {
    expect(pe(findings(statements))).toBeUndefined();
  });

  it('database snapshots are data exfiltration, not credentials exposure', () => {
    const f = findings([{ Effect: 'Allow', Action: ['rds:CreateDBSnapshot', 'rds:CopyDBSnapshot'], Resource: '*' }]);
    expect(f.find((x) => x.category === 'CredentialsExposure')).toBeUndefined();
    expect(f.find((x) => x.category === 'DataExfiltration')?.actions).toEqual(
      expect.arrayContaining(['rds:CreateDBSnapshot', 'rds:CopyDBSnapshot']),
    );
  });

  it('grantedBy names every policy that grants the risk, not only those behind the first actions', () => {
    const s = snapshot();
    // Twenty policies each granting one credentials-exposure action: all twenty are named in JSON.
    const actions = [
      'iam:CreateAccessKey',
      'iam:CreateLoginProfile',
      'iam:CreateServiceSpecificCredential',
      'iam:ResetServiceSpecificCredential',
      'iam:UpdateAccessKey',
      'sts:GetFederationToken',
      'redshift:GetClusterCredentials',
      'lightsail:GetInstanceAccessDetails',
      'lightsail:GetRelationalDatabaseMasterUserPassword',
      'chime:CreateApiKey',
      'gamelift:RequestUploadCredentials',
      'mediapackage:RotateIngestEndpointCredentials',
      'codepipeline:PollForJobs',
      'sts:AssumeRole',
      'sts:AssumeRoleWithSAML',
      'sts:AssumeRoleWithWebIdentity',
      'ec2:GetPasswordData',
    ];
    for (const [i, a] of actions.entries())
      addPolicy(s, policyArn(`P${i}`), [{ Effect: 'Allow', Action: a, Resource: '*' }]);
    const r = addRole(s, 'R', { attached: actions.map((_a, i) => policyArn(`P${i}`)) });
    const f = riskFindings(cat, new Evaluator(s, cat).evaluate({ kind: 'role', role: r }));
    const ce = f.find((x) => x.category === 'CredentialsExposure')!;
    expect(ce.grantedBy).toHaveLength(actions.length);
    expect(ce.grants.find((g) => g.policy === 'P0')!.actions).toEqual(['iam:CreateAccessKey']);
  });
});

describe('SCPs and RCPs', () => {
  const org = (scp: PolicyStatement[][], rcp?: PolicyStatement[]) => ({
    targets: scp.map((statements, i) => ({
      id: i === 0 ? 'r-root' : i === scp.length - 1 ? ACCOUNT : `ou-${i}`,
      type: (i === 0 ? 'ROOT' : i === scp.length - 1 ? 'ACCOUNT' : 'ORGANIZATIONAL_UNIT') as 'ROOT',
      scps: [
        {
          id: `p-${i}`,
          name: `scp${i}`,
          arn: `arn:aws:organizations::1:policy/p-${i}`,
          awsManaged: false,
          document: { Statement: statements },
        },
      ],
      rcps: rcp
        ? [
            {
              id: 'p-r',
              name: 'rcp',
              arn: 'arn:aws:organizations::1:policy/p-r',
              awsManaged: false,
              document: { Statement: rcp },
            },
          ]
        : null,
    })),
    managementAccountId: '111111111111',
    source: 'test',
    notes: [],
  });
  const FULL: PolicyStatement[] = [{ Effect: 'Allow', Action: '*', Resource: '*' }];
  const withOrg = (statements: PolicyStatement[], o: ReturnType<typeof org>) => {
    const s = snapshot();
    s.organizations = o;
    const r = addRole(s, 'R', { statements });
    return new Evaluator(s, cat).evaluate({ kind: 'role', role: r });
  };

  it.each(PRIVILEGE_ESCALATION_METHODS.map((m) => [m.id, m] as const))(
    '%s does not fire when an SCP denies one of its actions',
    (_id, m) => {
      const eff = withOrg(
        [{ Effect: 'Allow', Action: fire(m), Resource: '*' }],
        org([FULL, [...FULL, { Effect: 'Deny', Action: m.actions[0]!, Resource: '*' }], FULL]),
      );
      expect(eff.applied.scps).toBe('applied');
      expect(reported(pe(riskFindings(cat, eff))).has(m.id)).toBe(false);
    },
  );

  it('an allow-list SCP is an intersection: an action allowed at the root but not at the OU is not effective', () => {
    const eff = withOrg(
      [{ Effect: 'Allow', Action: ['iam:CreateAccessKey', 's3:GetObject'], Resource: '*' }],
      org([FULL, [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }], FULL]),
    );
    expect(eff.allowed.has(cat.index.get('iam:createaccesskey')!)).toBe(false);
    expect(eff.allowed.has(cat.index.get('s3:getobject')!)).toBe(true);
  });

  it('an RCP Deny removes the action; SCPs do not bound service-linked roles', () => {
    const eff = withOrg(
      [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
      org([FULL], [{ Effect: 'Deny', Action: 's3:GetObject', Resource: '*' }]),
    );
    expect(eff.applied.rcps).toBe('applied');
    expect(eff.allowed.has(cat.index.get('s3:getobject')!)).toBe(false);
    const s = snapshot();
    s.organizations = org([[{ Effect: 'Allow', Action: 's3:*', Resource: '*' }]]);
    const slr = addRole(s, 'AWSServiceRoleForX', {
      statements: [{ Effect: 'Allow', Action: 'iam:CreateAccessKey', Resource: '*' }],
    });
    slr.path = '/aws-service-role/x.amazonaws.com/';
    const e2 = new Evaluator(s, cat).evaluate({ kind: 'role', role: slr });
    expect(e2.applied.scps).toBe('not-applicable');
    expect(e2.allowed.has(cat.index.get('iam:createaccesskey')!)).toBe(true);
  });
});
