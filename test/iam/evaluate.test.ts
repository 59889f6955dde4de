import { describe, expect, it } from 'vitest';
import { actionCatalog, expandAction } from '../../src/iam/action-catalog';
import { Evaluator, isUnconstrainedResource } from '../../src/iam/evaluate';
import { decodePolicyDocument, type PolicyStatement } from '../../src/iam/policy-document';
import { emptySnapshot, type IamRole, type IamSnapshot } from '../../src/iam/snapshot';
import { riskFindings } from '../../src/iam/risk';
import {
  CREDENTIALS_EXPOSURE_ACTIONS,
  DATA_EXFILTRATION_ACTIONS,
  LEVEL_RULES,
  PRIVILEGE_ESCALATION_METHODS,
} from '../../src/iam/risk-data';

const cat = actionCatalog();
const ACCOUNT = '123456789012';
const has = (set: { has(i: number): boolean }, action: string) => set.has(cat.index.get(action.toLowerCase())!);

function role(
  statements: PolicyStatement[],
  o: { boundary?: PolicyStatement[]; attached?: { arn: string; statements: PolicyStatement[] }[] } = {},
) {
  const snap: IamSnapshot = emptySnapshot(ACCOUNT, '2026-11-23T00:00:00Z', 'evidence');
  const r: IamRole = {
    name: 'R',
    id: 'AROA1',
    arn: `arn:aws:iam::${ACCOUNT}:role/R`,
    path: '/',
    createDate: null,
    description: null,
    maxSessionDuration: null,
    trustPolicy: { Statement: [] },
    inlinePolicies: [{ name: 'inline', document: { Statement: statements } }],
    attachedPolicies: (o.attached ?? []).map((a) => ({ name: a.arn.split('/').pop()!, arn: a.arn })),
    permissionsBoundaryArn: o.boundary ? `arn:aws:iam::${ACCOUNT}:policy/Boundary` : null,
    tags: [],
    lastUsed: { date: null, region: null },
    instanceProfiles: [],
  };
  snap.roles.push(r);
  const managed = [
    ...(o.attached ?? []),
    ...(o.boundary ? [{ arn: `arn:aws:iam::${ACCOUNT}:policy/Boundary`, statements: o.boundary }] : []),
  ];
  for (const m of managed)
    snap.policies.push({
      name: m.arn.split('/').pop()!,
      id: 'ANPA1',
      arn: m.arn,
      path: '/',
      awsManaged: false,
      defaultVersionId: 'v1',
      attachmentCount: 1,
      permissionsBoundaryUsageCount: 0,
      isAttachable: true,
      description: null,
      createDate: null,
      updateDate: null,
      document: { Statement: m.statements },
    });
  const ev = new Evaluator(snap, cat);
  return ev.evaluate({ kind: 'role', role: r });
}

describe('action catalog', () => {
  it('expands wildcards case-insensitively against the real AWS catalog', () => {
    const getters = expandAction(cat, 'S3:get*');
    expect(has(getters, 's3:GetObject')).toBe(true);
    expect(has(getters, 's3:PutObject')).toBe(false);
    expect(getters.count()).toBeGreaterThan(40);
    expect(expandAction(cat, '*').count()).toBe(cat.size);
    expect(expandAction(cat, 'iam:*').count()).toBe(cat.services.get('iam')![1] - cat.services.get('iam')![0]);
    expect(expandAction(cat, 'iam:?assRole').count()).toBe(1);
    expect(expandAction(cat, 'nosuchservice:Get*').isEmpty()).toBe(true);
    expect(cat.size).toBeGreaterThan(15_000);
  });

  it('knows every action the risk categories name', () => {
    const named = [
      ...PRIVILEGE_ESCALATION_METHODS.flatMap((m) => m.actions),
      ...CREDENTIALS_EXPOSURE_ACTIONS,
      ...DATA_EXFILTRATION_ACTIONS,
      ...LEVEL_RULES.resourceExposureExtraActions,
    ];
    expect(named.filter((a) => !cat.index.has(a.toLowerCase()))).toEqual([]);
  });
});

describe('effective permissions', () => {
  it('an explicit Deny overrides an Allow', () => {
    const e = role([
      { Effect: 'Allow', Action: 's3:*', Resource: '*' },
      { Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' },
    ]);
    expect(has(e.allowed, 's3:GetObject')).toBe(true);
    expect(has(e.allowed, 's3:DeleteBucket')).toBe(false);
  });

  it('a Deny on attached managed policy beats an inline Allow (order does not matter)', () => {
    const e = role([{ Effect: 'Allow', Action: '*', Resource: '*' }], {
      attached: [
        {
          arn: `arn:aws:iam::${ACCOUNT}:policy/NoIam`,
          statements: [{ Effect: 'Deny', Action: 'iam:*', Resource: '*' }],
        },
      ],
    });
    expect(has(e.allowed, 'iam:CreateUser')).toBe(false);
    expect(has(e.allowed, 'ec2:RunInstances')).toBe(true);
    expect(riskFindings(cat, e).map((f) => f.category)).not.toContain('FullAdmin');
  });

  it('NotAction allows everything except the listed actions', () => {
    const e = role([{ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' }]);
    expect(has(e.allowed, 'iam:PassRole')).toBe(false);
    expect(has(e.allowed, 'organizations:LeaveOrganization')).toBe(false);
    expect(has(e.allowed, 'ec2:RunInstances')).toBe(true);
    expect(has(e.allowed, 'secretsmanager:GetSecretValue')).toBe(true);
  });

  it('a Deny with NotAction denies all but the listed actions', () => {
    const e = role([
      { Effect: 'Allow', Action: '*', Resource: '*' },
      { Effect: 'Deny', NotAction: ['s3:GetObject'], Resource: '*' },
    ]);
    expect(e.allowed.count()).toBe(1);
    expect(has(e.allowed, 's3:GetObject')).toBe(true);
  });

  it('NotResource grants on unconstrained resources; a Deny with NotResource only narrows', () => {
    const e = role([{ Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::secret-bucket/*' }]);
    expect(has(e.unconstrained, 's3:GetObject')).toBe(true);
    const d = role([
      { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
      { Effect: 'Deny', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::public-bucket/*' },
    ]);
    expect(has(d.allowed, 's3:GetObject')).toBe(true);
    expect(has(d.conditional, 's3:GetObject')).toBe(true);
  });

  it('a resource-scoped grant is not an unconstrained one', () => {
    const e = role([
      {
        Effect: 'Allow',
        Action: ['s3:GetObject', 'iam:PassRole'],
        Resource: ['arn:aws:s3:::artifacts/*', `arn:aws:iam::${ACCOUNT}:role/app-*`],
      },
    ]);
    expect(has(e.allowed, 's3:GetObject')).toBe(true);
    expect(has(e.unconstrained, 's3:GetObject')).toBe(false);
    expect(riskFindings(cat, e)).toEqual([]);
    expect(isUnconstrainedResource(`arn:aws:iam::${ACCOUNT}:role/*`)).toBe(true);
    expect(isUnconstrainedResource('arn:aws:s3:::bucket/*')).toBe(false);
    expect(isUnconstrainedResource('arn:aws:s3:::*')).toBe(true);
  });

  it('a permissions boundary intersects: only what both allow remains', () => {
    const e = role([{ Effect: 'Allow', Action: '*', Resource: '*' }], {
      boundary: [{ Effect: 'Allow', Action: ['s3:GetObject', 'logs:*'], Resource: '*' }],
    });
    expect(has(e.allowed, 's3:GetObject')).toBe(true);
    expect(has(e.allowed, 'logs:PutLogEvents')).toBe(true);
    expect(has(e.allowed, 'iam:CreateUser')).toBe(false);
    expect(riskFindings(cat, e).map((f) => f.category)).not.toContain('FullAdmin');
    // A boundary never grants on its own.
    const none = role([{ Effect: 'Allow', Action: 'ec2:DescribeInstances', Resource: '*' }], {
      boundary: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
    });
    expect(none.allowed.count()).toBe(1);
    // A Deny in the boundary applies too.
    const denied = role([{ Effect: 'Allow', Action: 'iam:*', Resource: '*' }], {
      boundary: [
        { Effect: 'Allow', Action: '*', Resource: '*' },
        { Effect: 'Deny', Action: 'iam:PassRole', Resource: '*' },
      ],
    });
    expect(has(denied.allowed, 'iam:PassRole')).toBe(false);
  });

  it('conditions are carried: a conditioned grant is conditional, and so is one a conditional Deny narrows', () => {
    const e = role([
      {
        Effect: 'Allow',
        Action: 'secretsmanager:GetSecretValue',
        Resource: '*',
        Condition: { StringEquals: { 'aws:ResourceTag/team': 'data' } },
      },
    ]);
    expect(has(e.unconstrained, 'secretsmanager:GetSecretValue')).toBe(true);
    expect(has(e.conditional, 'secretsmanager:GetSecretValue')).toBe(true);
    const f = riskFindings(cat, e).find((x) => x.category === 'DataExfiltration')!;
    expect(f.conditional).toBe(true);
    expect(f.severity).toBe('low'); // medium, one step lower
    expect(f.conditions).toEqual(['aws:ResourceTag/team (StringEquals)']);
    const mfa = role([
      { Effect: 'Allow', Action: 'iam:CreateAccessKey', Resource: '*' },
      {
        Effect: 'Deny',
        NotAction: ['iam:ListMFADevices'],
        Resource: '*',
        Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
      },
    ]);
    expect(has(mfa.allowed, 'iam:CreateAccessKey')).toBe(true);
    expect(has(mfa.conditional, 'iam:CreateAccessKey')).toBe(true);
    const pe = riskFindings(cat, mfa).find((x) => x.category === 'PrivilegeEscalation')!;
    expect(pe.conditional).toBe(true);
    expect(pe.conditions.join()).toContain('aws:MultiFactorAuthPresent');
  });
});

describe('risk categories', () => {
  it('flags the PassRole combinations only when every action of the method is present', () => {
    const only = riskFindings(cat, role([{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }]));
    expect(only.find((f) => f.category === 'PrivilegeEscalation')).toBeUndefined();
    const both = riskFindings(
      cat,
      role([
        { Effect: 'Allow', Action: ['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'], Resource: '*' },
      ]),
    );
    const pe = both.find((f) => f.category === 'PrivilegeEscalation')!;
    expect(pe.methods!.map((m) => m.id)).toEqual(['lambda-001']);
    expect(pe.methods![0]!.name).toBe('iam:PassRole + lambda:CreateFunction + lambda:InvokeFunction');
    // The bare pair (PassRole + CreateFunction) is implied: reported as a variant, not a second method.
    expect(pe.methods![0]!.variants).toEqual(['lambda-createfunction']);
    expect(pe.actions.sort()).toEqual(['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction']);
  });

  it('names FullAdmin, ServiceWildcard, CredentialsExposure, ResourceExposure with their triggering actions', () => {
    const admin = riskFindings(cat, role([{ Effect: 'Allow', Action: '*', Resource: '*' }]));
    expect(admin[0]!.category).toBe('FullAdmin');
    expect(admin[0]!.actions).toEqual(['*']);
    const svc = riskFindings(
      cat,
      role([{ Effect: 'Allow', Action: ['s3:*', 'sts:GetFederationToken', 'kms:PutKeyPolicy'], Resource: '*' }]),
    );
    const by = Object.fromEntries(svc.map((f) => [f.category, f]));
    expect(by.ServiceWildcard!.services).toEqual(['s3']);
    expect(by.ServiceWildcard!.grantedBy).toEqual(['inline']);
    expect(by.CredentialsExposure!.actions).toContain('sts:GetFederationToken');
    expect(by.ResourceExposure!.actions).toEqual(expect.arrayContaining(['kms:PutKeyPolicy']));
    expect(by.ResourceExposure!.actions.some((a) => a.startsWith('iam:'))).toBe(false);
    expect(by.DataExfiltration!.actions).toContain('s3:GetObject');
    expect(svc.find((f) => f.category === 'FullAdmin')).toBeUndefined();
  });

  it("credentials exposure limited to the caller's own access is low; minting others' credentials is high", () => {
    const ro = riskFindings(
      cat,
      role([{ Effect: 'Allow', Action: ['ecr:GetAuthorizationToken', 'ec2:GetPasswordData'], Resource: '*' }]),
    );
    expect(ro.find((f) => f.category === 'CredentialsExposure')!.severity).toBe('low');
    const keys = riskFindings(
      cat,
      role([{ Effect: 'Allow', Action: ['ecr:GetAuthorizationToken', 'iam:CreateAccessKey'], Resource: '*' }]),
    );
    expect(keys.find((f) => f.category === 'CredentialsExposure')!.severity).toBe('high');
  });

  it('decodes URL-encoded policy documents and wraps a single statement', () => {
    const doc = decodePolicyDocument(
      '%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22%2A%22%2C%22Resource%22%3A%22%2A%22%7D%7D',
    );
    expect(doc.Statement).toEqual([{ Effect: 'Allow', Action: '*', Resource: '*' }]);
    expect(decodePolicyDocument('{"Statement":[]}').Statement).toEqual([]);
    expect(() => decodePolicyDocument('not json')).toThrow(/could not be decoded/);
    expect(() => decodePolicyDocument({ Statement: [{ Effect: 'Maybe' }] })).toThrow(/Effect/);
  });
});
