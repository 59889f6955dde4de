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
    'Can grant itself (or a principal it controls) more permissions — Rhino Security Labs escalation methods.',
  CredentialsExposure: 'Can create or read credentials (access keys, passwords, tokens, database credentials).',
  DataExfiltration:
    'Can read data or secrets on unconstrained resources (s3:GetObject, secretsmanager:GetSecretValue, ssm:GetParameter*…).',
  ResourceExposure:
    'Can change resource-based policies or ACLs (expose buckets, keys, functions, topics to other accounts or the public).',
  InfrastructureModification: 'Can change infrastructure (Write-level actions) on unconstrained resources.',
  ServiceWildcard: 'Allows every action of a service ("svc:*").',
};

export interface EscalationMethod {
  id: string;
  /** All must be allowed on unconstrained resources. */
  actions: string[];
  description: string;
}

export const PRIVILEGE_ESCALATION_METHODS: EscalationMethod[] = [
  // 1. IAM permissions on other users (Rhino)
  { id: 'CreateAccessKey', actions: ['iam:CreateAccessKey'], description: 'create an access key for another user' },
  {
    id: 'CreateLoginProfile',
    actions: ['iam:CreateLoginProfile'],
    description: 'set a console password for a user without one',
  },
  {
    id: 'UpdateLoginProfile',
    actions: ['iam:UpdateLoginProfile'],
    description: "change another user's console password",
  },
  { id: 'AddUserToGroup', actions: ['iam:AddUserToGroup'], description: 'add itself to an admin group' },
  // 2. Permissions on policies
  {
    id: 'CreateNewPolicyVersion',
    actions: ['iam:CreatePolicyVersion'],
    description: 'write a new default version of a policy it holds',
  },
  {
    id: 'SetExistingDefaultPolicyVersion',
    actions: ['iam:SetDefaultPolicyVersion'],
    description: 'switch a policy to a more permissive old version',
  },
  { id: 'AttachUserPolicy', actions: ['iam:AttachUserPolicy'], description: 'attach AdministratorAccess to a user' },
  { id: 'AttachGroupPolicy', actions: ['iam:AttachGroupPolicy'], description: 'attach AdministratorAccess to a group' },
  { id: 'AttachRolePolicy', actions: ['iam:AttachRolePolicy'], description: 'attach AdministratorAccess to a role' },
  { id: 'PutUserPolicy', actions: ['iam:PutUserPolicy'], description: 'write an inline admin policy on a user' },
  { id: 'PutGroupPolicy', actions: ['iam:PutGroupPolicy'], description: 'write an inline admin policy on a group' },
  { id: 'PutRolePolicy', actions: ['iam:PutRolePolicy'], description: 'write an inline admin policy on a role' },
  // 3. Updating an AssumeRole policy
  {
    id: 'UpdateRolePolicyToAssumeIt',
    actions: ['iam:UpdateAssumeRolePolicy'],
    description: "rewrite a privileged role's trust policy to assume it",
  },
  // 4. iam:PassRole to a compute service that runs attacker code
  {
    id: 'CreateEC2WithExistingIP',
    actions: ['iam:PassRole', 'ec2:RunInstances'],
    description: 'launch an instance with a privileged instance profile',
  },
  {
    id: 'PassExistingRoleToNewLambdaThenInvoke',
    actions: ['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'],
    description: 'create a Lambda with a privileged role and invoke it',
  },
  {
    id: 'PassExistingRoleToNewLambdaThenTriggerWithExistingDynamo',
    actions: ['iam:PassRole', 'lambda:CreateFunction', 'lambda:CreateEventSourceMapping'],
    description: 'create a Lambda with a privileged role, triggered by an event source',
  },
  {
    id: 'PassExistingRoleToNewGlueDevEndpoint',
    actions: ['iam:PassRole', 'glue:CreateDevEndpoint'],
    description: 'create a Glue dev endpoint with a privileged role',
  },
  {
    id: 'PassExistingRoleToCloudFormation',
    actions: ['iam:PassRole', 'cloudformation:CreateStack'],
    description: 'create a CloudFormation stack that acts with a privileged role',
  },
  {
    id: 'PassExistingRoleToNewDataPipeline',
    actions: ['iam:PassRole', 'datapipeline:CreatePipeline'],
    description: 'create a Data Pipeline running as a privileged role',
  },
  {
    id: 'PassExistingRoleToNewECSService',
    actions: ['iam:PassRole', 'ecs:RegisterTaskDefinition', 'ecs:CreateService'],
    description: 'run an ECS service whose task role is privileged',
  },
  {
    id: 'PassExistingRoleToNewECSTaskViaRunTask',
    actions: ['iam:PassRole', 'ecs:RegisterTaskDefinition', 'ecs:RunTask'],
    description: 'run an ECS task whose task role is privileged',
  },
  {
    id: 'PassExistingRoleToNewCodeBuildProjectThenBuild',
    actions: ['iam:PassRole', 'codebuild:CreateProject', 'codebuild:StartBuild'],
    description: 'create a CodeBuild project with a privileged service role and build it',
  },
  {
    id: 'PassExistingRoleToNewSageMakerNotebookInstance',
    actions: ['iam:PassRole', 'sagemaker:CreateNotebookInstance'],
    description: 'create a SageMaker notebook with a privileged role',
  },
  {
    id: 'PassExistingRoleToNewEC2SpotInstance',
    actions: ['iam:PassRole', 'ec2:RequestSpotInstances'],
    description: 'request a spot instance with a privileged instance profile',
  },
  {
    id: 'PassExistingRoleToNewGlueJobThenRun',
    actions: ['iam:PassRole', 'glue:CreateJob', 'glue:StartJobRun'],
    description: 'create and run a Glue job with a privileged role',
  },
  {
    id: 'PassExistingRoleToNewAutoScalingGroup',
    actions: ['iam:PassRole', 'autoscaling:CreateLaunchConfiguration', 'autoscaling:CreateAutoScalingGroup'],
    description: 'launch instances with a privileged profile through Auto Scaling (PMapper autoscaling edge)',
  },
  // 5. Using existing AWS resources that hold a role
  {
    id: 'UpdateExistingGlueDevEndpoint',
    actions: ['glue:UpdateDevEndpoint'],
    description: "add its SSH key to a Glue dev endpoint and use the endpoint's role",
  },
  {
    id: 'EditExistingLambdaFunctionWithRole',
    actions: ['lambda:UpdateFunctionCode'],
    description: "replace a Lambda's code and act with its role",
  },
  {
    id: 'SsmSendCommandToInstance',
    actions: ['ssm:SendCommand'],
    description: 'run commands on managed instances and use their instance profile (PMapper ssm edge)',
  },
  {
    id: 'SsmStartSessionOnInstance',
    actions: ['ssm:StartSession'],
    description: 'open a shell on managed instances and use their instance profile (PMapper ssm edge)',
  },
  {
    id: 'EC2InstanceConnectSendSSHPublicKey',
    actions: ['ec2-instance-connect:SendSSHPublicKey'],
    description: 'push an SSH key to an instance and use its instance profile',
  },
  {
    id: 'ECSExecuteCommandOnRunningTask',
    actions: ['ecs:ExecuteCommand'],
    description: 'exec into a running task and use its task role',
  },
  {
    id: 'CreatePresignedSageMakerNotebookUrl',
    actions: ['sagemaker:CreatePresignedNotebookInstanceUrl'],
    description: 'open an existing notebook and use its role',
  },
  {
    id: 'ModifyEC2InstanceUserDataThenRestart',
    actions: ['ec2:ModifyInstanceAttribute', 'ec2:StopInstances', 'ec2:StartInstances'],
    description: "change an instance's user data to run code with its profile",
  },
];

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
  'rds:CopyDBClusterSnapshot',
  'rds:CopyDBSnapshot',
  'rds:CreateDBClusterSnapshot',
  'rds:CreateDBSnapshot',
  'rds:ModifyDBSnapshotAttribute',
  'redshift:GetClusterCredentials',
  'sdb:GetAttributes',
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
 * Actions that expose only the caller's own access (or data useless without another secret): when a
 * category's hits are all in this list, the finding is reported as low. ecr:GetAuthorizationToken
 * yields a token limited to the caller's own ECR permissions (checkov excludes it from its
 * cloudsplaining check for that reason); sts:GetSessionToken returns the caller's own permissions;
 * ec2:GetPasswordData returns a password encrypted with the instance key pair.
 */
export const LOW_IMPACT_ACTIONS: Partial<Record<RiskCategory, string[]>> = {
  CredentialsExposure: ['ecr:GetAuthorizationToken', 'sts:GetSessionToken', 'ec2:GetPasswordData'],
};

/** cloudsplaining's READ_ONLY_DATA_EXFILTRATION_ACTIONS plus common data-plane reads of databases and keys. */
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
