/**
 * Risk categories as data (one file; the evaluator has no per-category branches beyond reading this).
 *
 * Sources:
 *  - Category names and the privilege-escalation method table follow cloudsplaining
 *    (salesforce/cloudsplaining, cloudsplaining/shared/constants.py: PRIVILEGE_ESCALATION_METHODS,
 *    READ_ONLY_DATA_EXFILTRATION_ACTIONS, ISSUE_SEVERITY; BSD-3), whose escalation set is Rhino
 *    Security Labs' research (https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/)
 *    extended with pathfinding.cloud paths.
 *  - ssm:SendCommand / ssm:StartSession, ec2-instance-connect and the ECS/CodeBuild/SageMaker PassRole
 *    edges follow PMapper (nccgroup/PMapper, principalmapper/graphing/*_edges.py), which models
 *    "run code on a compute resource that already holds a role" as an escalation edge.
 *  - CredentialsExposure: the list cloudsplaining links to (policy_sentry's credentials-exposure
 *    actions, https://gist.github.com/kmcquade/33860a617e651104d243c324ddf7992a).
 *  - ResourceExposure / InfrastructureModification use the catalog's access levels, as cloudsplaining
 *    does through policy_sentry: "Permissions management" actions outside IAM (resource-policy and ACL
 *    writers) and "Write" actions, each counted only when granted on unconstrained resources.
 * Every action named here is checked against the AWS action catalog by a test.
 */
export const RISK_CATEGORIES = [
  'FullAdmin',
  'PrivilegeEscalation',
  'CredentialsExposure',
  'DataExfiltration',
  'ResourceExposure',
  'InfrastructureModification',
  'ServiceWildcard',
] as const;
export type RiskCategory = (typeof RISK_CATEGORIES)[number];

export type Severity = 'critical' | 'high' | 'medium' | 'low';

/** Severity of a category finding when the grant is unconditional (a conditional grant is one step lower). */
export const CATEGORY_SEVERITY: Record<RiskCategory, Severity> = {
  FullAdmin: 'critical',
  PrivilegeEscalation: 'high',
  CredentialsExposure: 'high',
  ResourceExposure: 'high',
  DataExfiltration: 'medium',
  ServiceWildcard: 'medium',
  InfrastructureModification: 'low',
};

export const CATEGORY_DESCRIPTION: Record<RiskCategory, string> = {
  FullAdmin: 'Allows every action on every resource ("*" on "*").',
  PrivilegeEscalation:
    'Can grant itself (or a principal it controls) more permissions — the pathfinding.cloud / Rhino Security Labs escalation methods.',
  CredentialsExposure: 'Can create or read credentials (access keys, passwords, tokens, database credentials).',
  DataExfiltration:
    'Can read data or secrets on unconstrained resources (s3:GetObject, secretsmanager:GetSecretValue, ssm:GetParameter*…).',
  ResourceExposure:
    'Can change resource-based policies or ACLs (expose buckets, keys, functions, topics to other accounts or the public).',
  InfrastructureModification: 'Can change infrastructure (Write-level actions) on unconstrained resources.',
  ServiceWildcard: 'Allows every action of a service ("svc:*").',
};

export { type EscalationMethod, PRIVILEGE_ESCALATION_METHODS } from './escalation-methods';

export const CREDENTIALS_EXPOSURE_ACTIONS: string[] = [
  'chime:CreateApiKey',
  'codepipeline:PollForJobs',
  'cognito-identity:GetOpenIdToken',
  'cognito-identity:GetOpenIdTokenForDeveloperIdentity',
  'cognito-identity:GetCredentialsForIdentity',
  'connect:GetFederationToken',
  'ec2:GetPasswordData',
  'ecr:GetAuthorizationToken',
  'gamelift:RequestUploadCredentials',
  'iam:CreateAccessKey',
  'iam:CreateLoginProfile',
  'iam:CreateServiceSpecificCredential',
  'iam:ResetServiceSpecificCredential',
  'iam:UpdateAccessKey',
  'lightsail:GetInstanceAccessDetails',
  'lightsail:GetRelationalDatabaseMasterUserPassword',
  'mediapackage:RotateIngestEndpointCredentials',
  'redshift:GetClusterCredentials',
  'snowball:GetJobUnlockCode',
  // (policy_sentry also lists sso:GetRoleCredentials, which is not an IAM-authorized action: the portal API uses a bearer token)
  'storagegateway:DescribeChapCredentials',
  'sts:AssumeRole',
  'sts:AssumeRoleWithSAML',
  'sts:AssumeRoleWithWebIdentity',
  'sts:GetFederationToken',
  'sts:GetSessionToken',
];

/**
 * Reviewed impact of credential-exposure actions that are lower than "high" (a finding takes the
 * highest impact among its actions; an action not listed here is high).
 *  low — exposes only the caller's own access, or data useless without another secret:
 *    ecr:GetAuthorizationToken (a token limited to the caller's own ECR permissions; checkov excludes
 *    it from its cloudsplaining check for that reason), sts:GetSessionToken (the caller's own
 *    permissions), ec2:GetPasswordData (encrypted with the instance key pair),
 *    cognito-identity:GetCredentialsForIdentity / GetOpenIdToken (public identity-pool APIs: the
 *    pool's own role mapping decides what they return, and unauthenticated callers may call them
 *    too), connect:GetFederationToken (the caller's own Connect user).
 *  medium — returns a secret of someone else, but one granted by AWS's own read-only policies
 *    (ReadOnlyAccess), so it is reported without ranking every reader as high:
 *    cognito-identity:GetOpenIdTokenForDeveloperIdentity, storagegateway:DescribeChapCredentials,
 *    snowball:GetJobUnlockCode.
 */
export const ACTION_IMPACT: Partial<Record<RiskCategory, Record<string, Severity>>> = {
  CredentialsExposure: {
    'ecr:GetAuthorizationToken': 'low',
    'sts:GetSessionToken': 'low',
    'ec2:GetPasswordData': 'low',
    'cognito-identity:GetCredentialsForIdentity': 'low',
    'cognito-identity:GetOpenIdToken': 'low',
    'connect:GetFederationToken': 'low',
    'cognito-identity:GetOpenIdTokenForDeveloperIdentity': 'medium',
    'storagegateway:DescribeChapCredentials': 'medium',
    'snowball:GetJobUnlockCode': 'medium',
  },
};

/**
 * Catalog quirks, reviewed: actions the AWS Service Authorization Reference files under
 * "Permissions management" or "Write" although they only read or list. Each is treated as Read when
 * building the ResourceExposure and InfrastructureModification sets (the catalog itself is not
 * changed). Found by the test that AWS's read-only managed policies (ReadOnlyAccess, SecurityAudit,
 * ViewOnlyAccess) produce no high finding; add an entry only with its reason.
 */
export const CATALOG_LEVEL_OVERRIDES: { action: string; level: 'Read' | 'List'; reason: string }[] = [
  {
    action: 'backup:ListIndexedRecoveryPointsForSearch',
    level: 'List',
    reason: 'lists recovery points; filed as Permissions management',
  },
  { action: 'billing:GetResourcePolicy', level: 'Read', reason: 'reads a policy; filed as Permissions management' },
  {
    action: 'quicksight:DescribeKnowledgeBasePermissions',
    level: 'Read',
    reason: 'reads permissions; filed as Permissions management',
  },
  {
    action: 'quicksight:DescribeSpacePermissions',
    level: 'Read',
    reason: 'reads permissions; filed as Permissions management',
  },
  {
    action: 'quicksight:DescribeTopicPermissions',
    level: 'Read',
    reason: 'reads permissions; filed as Permissions management',
  },
  {
    action: 'ssm-sap:GetResourcePermission',
    level: 'Read',
    reason: 'reads a resource policy; filed as Permissions management',
  },
  { action: 'iot:ListSubscriptions', level: 'List', reason: 'lists subscriptions; filed as Write' },
  { action: 'iot:GetConnection', level: 'Read', reason: 'reads a connection; filed as Write' },
  { action: 'athena:GetSessionEndpoint', level: 'Read', reason: 'reads a session endpoint; filed as Write' },
  {
    action: 'cognito-idp:GetTokensFromRefreshToken',
    level: 'Read',
    reason: "exchanges the caller's own refresh token; filed as Write",
  },
  {
    action: 's3express:CreateSession',
    level: 'Read',
    reason:
      'opens the session every S3 Express read needs (its mode, ReadOnly or ReadWrite, is a condition); filed as Write',
  },
];

/**
 * cloudsplaining's READ_ONLY_DATA_EXFILTRATION_ACTIONS plus common data-plane reads of databases and
 * keys, and database snapshots (a snapshot copied or shared out is the database's data: exfiltration,
 * not credentials exposure).
 */
export const DATA_EXFILTRATION_ACTIONS: string[] = [
  's3:GetObject',
  's3:GetObjectVersion',
  'ssm:GetParameter',
  'ssm:GetParameters',
  'ssm:GetParametersByPath',
  'ssm:GetParameterHistory',
  'secretsmanager:GetSecretValue',
  'secretsmanager:BatchGetSecretValue',
  'kms:Decrypt',
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'rds:CopyDBSnapshot',
  'rds:CreateDBSnapshot',
  'rds:CopyDBClusterSnapshot',
  'rds:CreateDBClusterSnapshot',
  'sdb:GetAttributes',
];

/** Access-level rules (evaluated against the catalog). */
export const LEVEL_RULES = {
  /** Permissions-management actions of these services are privilege escalation/identity, not resource exposure. */
  resourceExposureExcludedServices: ['iam', 'sts'],
  /** Resource/ACL writers the catalog classes as plain Write but that expose resources. */
  resourceExposureExtraActions: [
    'ram:CreateResourceShare',
    'ram:AssociateResourceShare',
    's3:PutObjectAcl',
    'ec2:ModifyImageAttribute',
    'ec2:ModifySnapshotAttribute',
    'rds:ModifyDBSnapshotAttribute',
  ],
};

/** How each finding severity counts towards the 0–100 score. */
export const SEVERITY_FLOOR: Record<Severity, number> = { critical: 85, high: 60, medium: 30, low: 10 };
export const SEVERITY_BONUS: Record<Severity, number> = { critical: 5, high: 4, medium: 2, low: 1 };
export const SEVERITY_ORDER: Severity[] = ['critical', 'high', 'medium', 'low'];

/** OIDC issuers shared by many tenants: a trust without a `sub` condition lets any of their users in. */
export const MULTI_TENANT_OIDC_ISSUERS = [
  'token.actions.githubusercontent.com',
  'gitlab.com',
  'app.terraform.io',
  'oidc.circleci.com',
  'api.bitbucket.org',
  'accounts.google.com',
];
