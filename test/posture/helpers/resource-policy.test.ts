import { describe, expect, it } from 'vitest';
import type { PolicyDocument } from '../../../src/iam/policy-document';
import { actionMatches, resourcePolicyAccess } from '../../../src/posture/helpers/resource-policy';

const OWN = '123456789012';
const doc = (...Statement: PolicyDocument['Statement']): PolicyDocument => ({ Version: '2012-10-17', Statement });
const allowStar = (Condition?: Record<string, Record<string, unknown>>) => ({
  Effect: 'Allow' as const,
  Principal: '*' as const,
  Action: 's3:GetObject',
  Resource: 'arn:aws:s3:::b/*',
  ...(Condition ? { Condition } : {}),
});

describe('resourcePolicyAccess', () => {
  it('Principal "*" without a condition is public; {"AWS":"*"} and NotPrincipal too', () => {
    expect(resourcePolicyAccess(doc(allowStar()), OWN).public).toHaveLength(1);
    expect(
      resourcePolicyAccess(doc({ Effect: 'Allow', Principal: { AWS: ['*'] }, Action: 's3:*' }), OWN).public,
    ).toHaveLength(1);
    expect(
      resourcePolicyAccess(
        doc({ Effect: 'Allow', NotPrincipal: { AWS: `arn:aws:iam::${OWN}:root` }, Action: '*' }),
        OWN,
      ).public,
    ).toHaveLength(1);
  });

  it('a fixed aws:SourceVpce, aws:PrincipalOrgID, aws:SourceAccount or bounded aws:SourceIp narrows it', () => {
    for (const c of <Record<string, Record<string, unknown>>[]>[
      { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } },
      { StringEquals: { 'aws:PrincipalOrgID': ['o-a1b2c3d4e5'] } },
      { StringEquals: { 'aws:SourceAccount': OWN } },
      { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:db8::/32'] } },
      { StringLike: { 'aws:userid': 'AROAEXAMPLEROLEID:*' } },
    ])
      expect(resourcePolicyAccess(doc(allowStar(c)), OWN), JSON.stringify(c)).toEqual({ public: [], crossAccount: [] });
  });

  it('IfExists, negated operators, wildcards and 0.0.0.0/0 do not narrow', () => {
    for (const c of <Record<string, Record<string, unknown>>[]>[
      { StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } },
      { StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } },
      { StringLike: { 'aws:PrincipalOrgID': 'o-*' } },
      { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } },
      { StringEquals: { 's3:prefix': 'public/' } },
    ])
      expect(resourcePolicyAccess(doc(allowStar(c)), OWN).public, JSON.stringify(c)).toHaveLength(1);
  });

  it('a Deny-everyone-unless-VPC-endpoint guard narrows every Allow of the policy', () => {
    const guard = {
      Effect: 'Deny' as const,
      Principal: '*' as const,
      Action: 's3:*',
      Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'],
      Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } },
    };
    expect(resourcePolicyAccess(doc(allowStar(), guard), OWN).public).toEqual([]);
    // A guard on one action only does not.
    expect(resourcePolicyAccess(doc(allowStar(), { ...guard, Action: 's3:PutObject' }), OWN).public).toHaveLength(1);
  });

  it('other accounts are cross-account unless pinned to the organization; services are neither', () => {
    const r = resourcePolicyAccess(
      doc(
        {
          Effect: 'Allow',
          Principal: { AWS: ['999988887777', `arn:aws:iam::${OWN}:role/app`] },
          Action: 's3:GetObject',
        },
        { Effect: 'Allow', Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject' },
        {
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111122223333:root' },
          Action: 's3:GetObject',
          Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
        },
      ),
      OWN,
    );
    expect(r.public).toEqual([]);
    expect(r.crossAccount.map((g) => g.accountId)).toEqual(['999988887777']);
  });

  it('"*" pinned by aws:SourceAccount to another account is cross-account, not public', () => {
    const r = resourcePolicyAccess(doc(allowStar({ StringEquals: { 'aws:SourceAccount': '999988887777' } })), OWN);
    expect(r.public).toEqual([]);
    expect(r.crossAccount.map((g) => g.accountId)).toEqual(['999988887777']);
  });
});

describe('actionMatches', () => {
  it('matches IAM globs case-insensitively', () => {
    expect(actionMatches('s3:Get*', 's3:GetObject')).toBe(true);
    expect(actionMatches('*', 'kms:Decrypt')).toBe(true);
    expect(actionMatches('s3:Put*', 's3:GetObject')).toBe(false);
    expect(actionMatches('KMS:*', 'kms:Decrypt')).toBe(true);
  });
});
