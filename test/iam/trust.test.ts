import { describe, expect, it } from 'vitest';
import { analyseTrust } from '../../src/iam/trust';

const OWN = '123456789012';
const ids = (doc: object) => analyseTrust(doc as never, OWN).issues.map((i) => `${i.id}:${i.severity}`);

describe('trust-policy analysis', () => {
  it('a wildcard principal without condition is critical; with an org condition it is medium', () => {
    expect(ids({ Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] })).toEqual([
      'wildcard-principal:critical',
    ]);
    expect(
      ids({
        Statement: [
          {
            Effect: 'Allow',
            Principal: '*',
            Action: 'sts:AssumeRole',
            Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } },
          },
        ],
      }),
    ).toEqual(['wildcard-principal-with-conditions:medium']);
  });

  it('a Deny on every principal outside the organization narrows a wildcard Allow', () => {
    expect(
      ids({
        Statement: [
          { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' },
          {
            Effect: 'Deny',
            Principal: '*',
            Action: 'sts:AssumeRole',
            Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-abc' } },
          },
        ],
      }),
    ).toEqual(['wildcard-principal-with-conditions:medium']);
  });

  it('cross-account trust needs sts:ExternalId, MFA or an org condition; own-account trust does not', () => {
    expect(
      ids({
        Statement: [
          { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'sts:AssumeRole' },
        ],
      }),
    ).toEqual(['cross-account-without-external-id:high']);
    expect(
      ids({
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: '444455556666' },
            Action: 'sts:AssumeRole',
            Condition: { StringEquals: { 'sts:ExternalId': 'x' } },
          },
        ],
      }),
    ).toEqual([]);
    expect(
      ids({
        Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OWN}:root` }, Action: 'sts:AssumeRole' }],
      }),
    ).toEqual([]);
    const t = analyseTrust(
      {
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: ['arn:aws:iam::444455556666:role/x', `arn:aws:iam::${OWN}:root`] },
            Action: 'sts:AssumeRole',
            Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
          },
        ],
      },
      OWN,
    );
    expect(t.issues).toEqual([]);
    expect(t.principals.map((p) => [p.kind, p.crossAccount])).toEqual([
      ['arn', true],
      ['account', false],
    ]);
  });

  it('GitHub OIDC without a sub condition is critical; with a repo-scoped sub it is clean; repo:* is flagged', () => {
    const fed = { Federated: `arn:aws:iam::${OWN}:oidc-provider/token.actions.githubusercontent.com` };
    const aud = { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' };
    expect(
      ids({
        Statement: [
          {
            Effect: 'Allow',
            Principal: fed,
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: { StringEquals: aud },
          },
        ],
      }),
    ).toEqual(['oidc-without-subject:critical']);
    expect(
      ids({
        Statement: [
          {
            Effect: 'Allow',
            Principal: fed,
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: {
              StringEquals: aud,
              StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/app:ref:refs/heads/main' },
            },
          },
        ],
      }),
    ).toEqual([]);
    expect(
      ids({
        Statement: [
          {
            Effect: 'Allow',
            Principal: fed,
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: { StringEquals: aud, StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:*' } },
          },
        ],
      }),
    ).toEqual(['oidc-wildcard-subject:high']);
  });

  it('lists service and SAML principals and compute services', () => {
    const t = analyseTrust(
      {
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: ['ec2.amazonaws.com', 'dlm.amazonaws.com'] },
            Action: 'sts:AssumeRole',
          },
          {
            Effect: 'Allow',
            Principal: { Federated: `arn:aws:iam::${OWN}:saml-provider/Okta` },
            Action: 'sts:AssumeRoleWithSAML',
          },
        ],
      },
      OWN,
    );
    expect(t.issues).toEqual([]);
    expect(t.principals.map((p) => p.kind)).toEqual(['service', 'service', 'saml']);
    expect(t.computeServices).toEqual(['ec2.amazonaws.com']);
  });
});
