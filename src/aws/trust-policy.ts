/**
 * What a customer pastes into their account so Trailhound can read it (pure): the trust policy, a
 * CloudFormation template (deployable as a StackSet across an Organization) and the AWS CLI commands.
 */
export interface TrustInputs {
  /** The principal Trailhound runs as (role or user ARN), or an account root ARN. */
  principalArn: string;
  externalId: string;
  roleName?: string;
  remediationRoleName?: string;
}

export const READ_POLICIES = ['arn:aws:iam::aws:policy/SecurityAudit', 'arn:aws:iam::aws:policy/ReadOnlyAccess'];

/** sts::assumed-role ARNs are not valid trust principals; turn them into the role ARN. */
export function trustablePrincipal(arn: string): string {
  const m = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\//.exec(arn);
  return m ? `arn:${m[1]}:iam::${m[2]}:role/${m[3]}` : arn;
}

export function trustPolicy(t: TrustInputs): object {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'TrailhoundReadOnly',
        Effect: 'Allow',
        Principal: { AWS: trustablePrincipal(t.principalArn) },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'sts:ExternalId': t.externalId } },
      },
    ],
  };
}

export function cloudFormationTemplate(t: TrustInputs): object {
  const roleName = t.roleName ?? 'TrailhoundReadOnly';
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description:
      'Trailhound read-only access (SecurityAudit + ReadOnlyAccess). Deploy per account, or as a service-managed StackSet to every account of an Organization.',
    Parameters: {
      TrailhoundPrincipalArn: {
        Type: 'String',
        Default: trustablePrincipal(t.principalArn),
        Description: 'The IAM role Trailhound runs as.',
      },
      ExternalId: {
        Type: 'String',
        Default: t.externalId,
        NoEcho: false,
        Description: 'This installation’s External ID.',
      },
      CreateRemediationRole: { Type: 'String', AllowedValues: ['true', 'false'], Default: 'false' },
    },
    Conditions: { WithRemediation: { 'Fn::Equals': [{ Ref: 'CreateRemediationRole' }, 'true'] } },
    Resources: {
      TrailhoundReadOnlyRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: roleName,
          MaxSessionDuration: 3600,
          ManagedPolicyArns: READ_POLICIES,
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { AWS: { Ref: 'TrailhoundPrincipalArn' } },
                Action: 'sts:AssumeRole',
                Condition: { StringEquals: { 'sts:ExternalId': { Ref: 'ExternalId' } } },
              },
            ],
          },
        },
      },
    },
    Outputs: {
      RoleArn: { Value: { 'Fn::GetAtt': ['TrailhoundReadOnlyRole', 'Arn'] } },
    },
  };
}

export function cliCommands(t: TrustInputs): string[] {
  const roleName = t.roleName ?? 'TrailhoundReadOnly';
  const doc = JSON.stringify(trustPolicy(t));
  return [
    `aws iam create-role --role-name ${roleName} --max-session-duration 3600 --assume-role-policy-document '${doc}'`,
    ...READ_POLICIES.map((p) => `aws iam attach-role-policy --role-name ${roleName} --policy-arn ${p}`),
    `aws iam get-role --role-name ${roleName} --query Role.Arn --output text`,
  ];
}

/** The remediation role's permissions policy (the union of every action's IAM actions), passed in by the caller. */
export interface PolicyDocument {
  Version: string;
  Statement: object[];
}

/**
 * The remediation role's trust policy: the same principal and External ID as the read role, and
 * nothing else — Trailhound assumes it only to execute an approved proposal.
 */
export function remediationTrustPolicy(t: TrustInputs): object {
  const p = trustPolicy(t) as { Statement: Record<string, unknown>[] };
  return { ...p, Statement: p.Statement.map((s) => ({ ...s, Sid: 'TrailhoundRemediation' })) };
}

/** A CloudFormation template for the remediation role with its permissions inline (StackSet-ready). */
export function remediationCloudFormationTemplate(t: TrustInputs, policy: PolicyDocument): object {
  const roleName = t.remediationRoleName ?? 'TrailhoundRemediation';
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description:
      'Trailhound remediation role: assumed only to execute a change a person approved. Deploy per account, or as a service-managed StackSet.',
    Parameters: {
      TrailhoundPrincipalArn: {
        Type: 'String',
        Default: trustablePrincipal(t.principalArn),
        Description: 'The IAM role Trailhound runs as.',
      },
      ExternalId: { Type: 'String', Default: t.externalId, Description: 'This installation’s External ID.' },
    },
    Resources: {
      TrailhoundRemediationRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: roleName,
          MaxSessionDuration: 3600,
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { AWS: { Ref: 'TrailhoundPrincipalArn' } },
                Action: 'sts:AssumeRole',
                Condition: { StringEquals: { 'sts:ExternalId': { Ref: 'ExternalId' } } },
              },
            ],
          },
          Policies: [{ PolicyName: 'TrailhoundRemediation', PolicyDocument: policy }],
        },
      },
    },
    Outputs: { RoleArn: { Value: { 'Fn::GetAtt': ['TrailhoundRemediationRole', 'Arn'] } } },
  };
}

export function remediationCliCommands(t: TrustInputs, policy: PolicyDocument): string[] {
  const roleName = t.remediationRoleName ?? 'TrailhoundRemediation';
  return [
    `aws iam create-role --role-name ${roleName} --max-session-duration 3600 --assume-role-policy-document '${JSON.stringify(remediationTrustPolicy(t))}'`,
    `aws iam put-role-policy --role-name ${roleName} --policy-name TrailhoundRemediation --policy-document '${JSON.stringify(policy)}'`,
    `aws iam get-role --role-name ${roleName} --query Role.Arn --output text`,
  ];
}
