/**
 * Documents of a few AWS managed policies whose meaning must never be lost: used only when a policy
 * is attached but its document is not in the snapshot (an evidence export without `Policies`, or a
 * truncated read). Their text is stable and public (AWS Managed Policy Reference Guide). The
 * evaluation notes when a fallback was used.
 */
import type { PolicyDocument } from './policy-document';

export const AWS_MANAGED_FALLBACK: Record<string, PolicyDocument> = {
  'arn:aws:iam::aws:policy/AdministratorAccess': {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
  },
  'arn:aws:iam::aws:policy/IAMFullAccess': {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: [
          'iam:*',
          'organizations:DescribeAccount',
          'organizations:DescribeOrganization',
          'organizations:DescribeOrganizationalUnit',
          'organizations:DescribePolicy',
          'organizations:ListChildren',
          'organizations:ListParents',
          'organizations:ListPoliciesForTarget',
          'organizations:ListRoots',
          'organizations:ListPolicies',
          'organizations:ListTargetsForPolicy',
        ],
        Resource: '*',
      },
    ],
  },
  'arn:aws:iam::aws:policy/PowerUserAccess': {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
      {
        Effect: 'Allow',
        Action: [
          'account:GetAccountInformation',
          'account:GetPrimaryEmail',
          'account:ListRegions',
          'iam:CreateServiceLinkedRole',
          'iam:DeleteServiceLinkedRole',
          'iam:ListRoles',
          'organizations:DescribeOrganization',
        ],
        Resource: '*',
      },
    ],
  },
};

/** The fallback document for an AWS managed policy ARN in any partition, if known. */
export function awsManagedFallback(arn: string): PolicyDocument | undefined {
  return AWS_MANAGED_FALLBACK[arn.replace(/^arn:aws[\w-]*:/, 'arn:aws:')];
}
