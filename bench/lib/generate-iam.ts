/**
 * A synthetic AWS account's IAM, in AWS's own shapes (GetAccountAuthorizationDetails output with
 * PascalCase fields and URL-encoded policy documents, as the Query API returns them; a credential
 * report CSV with the documented header), deterministic for a seed. Used by bench/iam-analysis.ts
 * and by the HTTP-level full-scan benchmark (serve `gaadPages(...)` as XML pages).
 */
export interface GenerateOptions {
  accountId?: string;
  roles?: number;
  users?: number;
  groups?: number;
  customerPolicies?: number;
  seed?: number;
}

export interface GeneratedIam {
  accountId: string;
  /** One GAAD object holding everything (split it with gaadPages). */
  gaad: {
    UserDetailList: Record<string, unknown>[];
    GroupDetailList: Record<string, unknown>[];
    RoleDetailList: Record<string, unknown>[];
    Policies: Record<string, unknown>[];
  };
  credentialReportCsv: string;
}

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x100000000;
  };
}

const ACTION_POOL = [
  's3:GetObject',
  's3:PutObject',
  's3:ListBucket',
  's3:*',
  's3:Get*',
  's3:PutBucketPolicy',
  'ec2:Describe*',
  'ec2:RunInstances',
  'ec2:StartInstances',
  'ec2:StopInstances',
  'ec2:CreateTags',
  'iam:PassRole',
  'iam:Get*',
  'iam:List*',
  'iam:CreateAccessKey',
  'iam:AttachRolePolicy',
  'lambda:InvokeFunction',
  'lambda:CreateFunction',
  'lambda:UpdateFunctionCode',
  'lambda:Get*',
  'dynamodb:Query',
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:*',
  'sqs:SendMessage',
  'sqs:ReceiveMessage',
  'sqs:*',
  'sns:Publish',
  'sns:SetTopicAttributes',
  'kms:Decrypt',
  'kms:Encrypt',
  'kms:GenerateDataKey*',
  'secretsmanager:GetSecretValue',
  'ssm:GetParameter*',
  'ssm:SendCommand',
  'logs:CreateLogStream',
  'logs:PutLogEvents',
  'logs:*',
  'cloudwatch:PutMetricData',
  'ecr:GetAuthorizationToken',
  'ecr:BatchGetImage',
  'ecs:RunTask',
  'ecs:RegisterTaskDefinition',
  'ecs:UpdateService',
  'glue:StartJobRun',
  'athena:StartQueryExecution',
  'cloudformation:CreateStack',
  'cloudformation:Describe*',
  'rds:Describe*',
  'rds:CreateDBSnapshot',
  'sts:AssumeRole',
  'kinesis:PutRecord',
  'states:StartExecution',
];

const AWS_MANAGED: { name: string; doc: unknown }[] = [
  {
    name: 'AdministratorAccess',
    doc: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
  },
  {
    name: 'PowerUserAccess',
    doc: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
        {
          Effect: 'Allow',
          Action: [
            'iam:CreateServiceLinkedRole',
            'iam:DeleteServiceLinkedRole',
            'iam:ListRoles',
            'organizations:DescribeOrganization',
            'account:ListRegions',
          ],
          Resource: '*',
        },
      ],
    },
  },
  {
    name: 'ReadOnlyAccess',
    doc: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: [
            'a4b:Get*',
            'a4b:List*',
            'acm:Describe*',
            'acm:Get*',
            'acm:List*',
            'cloudtrail:Describe*',
            'cloudtrail:Get*',
            'cloudtrail:List*',
            'cloudtrail:LookupEvents',
            'cloudwatch:Describe*',
            'cloudwatch:Get*',
            'cloudwatch:List*',
            'dynamodb:Describe*',
            'dynamodb:Get*',
            'dynamodb:List*',
            'dynamodb:Query',
            'dynamodb:Scan',
            'ec2:Describe*',
            'ec2:Get*',
            'ecr:Describe*',
            'ecr:Get*',
            'ecr:List*',
            'ecs:Describe*',
            'ecs:List*',
            'iam:Generate*',
            'iam:Get*',
            'iam:List*',
            'iam:Simulate*',
            'kms:Describe*',
            'kms:Get*',
            'kms:List*',
            'lambda:Get*',
            'lambda:List*',
            'logs:Describe*',
            'logs:Get*',
            'logs:FilterLogEvents',
            'rds:Describe*',
            'rds:List*',
            's3:Describe*',
            's3:Get*',
            's3:List*',
            'secretsmanager:Describe*',
            'secretsmanager:GetResourcePolicy',
            'secretsmanager:List*',
            'sns:Get*',
            'sns:List*',
            'sqs:Get*',
            'sqs:List*',
            'ssm:Describe*',
            'ssm:Get*',
            'ssm:List*',
            'sts:Get*',
          ],
          Resource: '*',
        },
      ],
    },
  },
  {
    name: 'AmazonS3FullAccess',
    doc: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['s3:*', 's3-object-lambda:*'], Resource: '*' }],
    },
  },
  {
    name: 'AmazonS3ReadOnlyAccess',
    doc: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['s3:Get*', 's3:List*', 's3:Describe*'], Resource: '*' }],
    },
  },
  {
    name: 'AmazonEC2FullAccess',
    doc: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['ec2:*', 'elasticloadbalancing:*', 'cloudwatch:*', 'autoscaling:*'],
          Resource: '*',
        },
        { Effect: 'Allow', Action: 'iam:CreateServiceLinkedRole', Resource: '*' },
      ],
    },
  },
  {
    name: 'AWSLambdaBasicExecutionRole',
    doc: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: '*',
        },
      ],
    },
  },
  {
    name: 'AmazonSSMManagedInstanceCore',
    doc: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: [
            'ssm:DescribeAssociation',
            'ssm:GetDocument',
            'ssm:GetParameter',
            'ssm:GetParameters',
            'ssm:UpdateInstanceInformation',
            'ssmmessages:*',
            'ec2messages:*',
          ],
          Resource: '*',
        },
      ],
    },
  },
  {
    name: 'AmazonDynamoDBFullAccess',
    doc: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['dynamodb:*', 'dax:*', 'application-autoscaling:*', 'cloudwatch:*', 'iam:PassRole'],
          Resource: '*',
        },
      ],
    },
  },
  {
    name: 'SecurityAudit',
    doc: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: [
            'access-analyzer:Get*',
            'access-analyzer:List*',
            'acm:Describe*',
            'cloudtrail:Describe*',
            'config:Describe*',
            'ec2:Describe*',
            'iam:Get*',
            'iam:List*',
            'kms:Describe*',
            'kms:List*',
            's3:GetBucket*',
            's3:ListAllMyBuckets',
          ],
          Resource: '*',
        },
      ],
    },
  },
];

const enc = (doc: unknown) => encodeURIComponent(JSON.stringify(doc));

export function generateIam(o: GenerateOptions = {}): GeneratedIam {
  const accountId = o.accountId ?? '210987654321';
  const r = rng(o.seed ?? 42);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)]!;
  const some = <T>(xs: T[], n: number): T[] => Array.from({ length: n }, () => pick(xs));
  const date = (daysAgo: number) =>
    new Date(Date.UTC(2026, 10, 23) - daysAgo * 86_400_000).toISOString().replace('.000Z', 'Z');

  const statement = () => {
    const s: Record<string, unknown> = { Effect: r() < 0.08 ? 'Deny' : 'Allow' };
    const actions = [...new Set(some(ACTION_POOL, 1 + Math.floor(r() * 6)))];
    if (r() < 0.03) s.NotAction = actions;
    else s.Action = actions.length === 1 ? actions[0] : actions;
    s.Resource =
      r() < 0.5
        ? '*'
        : [
            `arn:aws:s3:::bucket-${Math.floor(r() * 300)}/*`,
            `arn:aws:dynamodb:us-east-1:${accountId}:table/t-${Math.floor(r() * 300)}`,
          ];
    if (r() < 0.15) s.Condition = { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } };
    return s;
  };
  const policyDoc = (n: number) => ({ Version: '2012-10-17', Statement: Array.from({ length: n }, statement) });

  const Policies: Record<string, unknown>[] = [];
  const managedArns: string[] = [];
  for (const m of AWS_MANAGED) {
    const arn = `arn:aws:iam::aws:policy/${m.name}`;
    managedArns.push(arn);
    Policies.push({
      PolicyName: m.name,
      PolicyId: `ANPAAWS${m.name.length}`,
      Arn: arn,
      Path: '/',
      DefaultVersionId: 'v1',
      AttachmentCount: 1,
      PermissionsBoundaryUsageCount: 0,
      IsAttachable: true,
      CreateDate: date(2000),
      UpdateDate: date(100),
      PolicyVersionList: [{ Document: enc(m.doc), VersionId: 'v1', IsDefaultVersion: true, CreateDate: date(100) }],
    });
  }
  const customerArns: string[] = [];
  for (let i = 0; i < (o.customerPolicies ?? 500); i++) {
    const name = `cust-policy-${i}`;
    const arn = `arn:aws:iam::${accountId}:policy/${name}`;
    customerArns.push(arn);
    Policies.push({
      PolicyName: name,
      PolicyId: `ANPACUST${i}`,
      Arn: arn,
      Path: '/',
      DefaultVersionId: 'v2',
      AttachmentCount: 3,
      PermissionsBoundaryUsageCount: 0,
      IsAttachable: true,
      CreateDate: date(900),
      UpdateDate: date(30),
      PolicyVersionList: [
        {
          Document: enc(policyDoc(1 + Math.floor(r() * 8))),
          VersionId: 'v2',
          IsDefaultVersion: true,
          CreateDate: date(30),
        },
        { Document: enc(policyDoc(2)), VersionId: 'v1', IsDefaultVersion: false, CreateDate: date(900) },
      ],
    });
  }
  const boundaryArn = customerArns[0]!;
  const attach = (n: number) =>
    [...new Set(Array.from({ length: n }, () => (r() < 0.15 ? pick(managedArns) : pick(customerArns))))].map((arn) => ({
      PolicyName: arn.split('/').pop(),
      PolicyArn: arn,
    }));
  const inline = (n: number, prefix: string) =>
    Array.from({ length: n }, (_, i) => ({
      PolicyName: `${prefix}-inline-${i}`,
      PolicyDocument: enc(policyDoc(1 + Math.floor(r() * 4))),
    }));

  const GroupDetailList = Array.from({ length: o.groups ?? 300 }, (_, i) => ({
    Path: '/',
    GroupName: `group-${i}`,
    GroupId: `AGPAGEN${i}`,
    Arn: `arn:aws:iam::${accountId}:group/group-${i}`,
    CreateDate: date(800),
    GroupPolicyList: inline(r() < 0.3 ? 1 : 0, `group-${i}`),
    AttachedManagedPolicies: attach(1 + Math.floor(r() * 4)),
  }));
  const UserDetailList = Array.from({ length: o.users ?? 1000 }, (_, i) => ({
    Path: '/',
    UserName: `user-${i}`,
    UserId: `AIDAGEN${i}`,
    Arn: `arn:aws:iam::${accountId}:user/user-${i}`,
    CreateDate: date(700),
    UserPolicyList: inline(r() < 0.2 ? 1 : 0, `user-${i}`),
    GroupList: some(GroupDetailList, 1 + Math.floor(r() * 3)).map((g) => g.GroupName),
    AttachedManagedPolicies: attach(Math.floor(r() * 3)),
    Tags: [],
    ...(r() < 0.1
      ? { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: boundaryArn } }
      : {}),
  }));
  const trust = () => {
    const x = r();
    if (x < 0.6)
      return {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: {
              Service: pick([
                'ec2.amazonaws.com',
                'lambda.amazonaws.com',
                'ecs-tasks.amazonaws.com',
                'glue.amazonaws.com',
              ]),
            },
            Action: 'sts:AssumeRole',
          },
        ],
      };
    if (x < 0.85)
      return {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${r() < 0.7 ? accountId : '999988887777'}:root` },
            Action: 'sts:AssumeRole',
            ...(r() < 0.5 ? { Condition: { StringEquals: { 'sts:ExternalId': 'x' } } } : {}),
          },
        ],
      };
    if (x < 0.97)
      return {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Federated: `arn:aws:iam::${accountId}:oidc-provider/token.actions.githubusercontent.com` },
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: {
              StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
              ...(r() < 0.7 ? { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/app:*' } } : {}),
            },
          },
        ],
      };
    return {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }],
    };
  };
  const RoleDetailList = Array.from({ length: o.roles ?? 2000 }, (_, i) => ({
    Path: '/',
    RoleName: `role-${i}`,
    RoleId: `AROAGEN${i}`,
    Arn: `arn:aws:iam::${accountId}:role/role-${i}`,
    CreateDate: date(600),
    AssumeRolePolicyDocument: enc(trust()),
    InstanceProfileList: [],
    RolePolicyList: inline(Math.floor(r() * 3), `role-${i}`),
    AttachedManagedPolicies: attach(1 + Math.floor(r() * 5)),
    Tags: [],
    RoleLastUsed: r() < 0.8 ? { LastUsedDate: date(Math.floor(r() * 200)), Region: 'us-east-1' } : {},
    ...(r() < 0.2
      ? { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: boundaryArn } }
      : {}),
  }));

  const header =
    'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';
  const t = (d: string) => d.replace('Z', '+00:00');
  const rows = [
    `<root_account>,arn:aws:iam::${accountId}:root,${t(date(3000))},not_supported,${t(date(40))},not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
  ];
  for (const u of UserDetailList) {
    const pw = r() < 0.5;
    const key = r() < 0.6;
    rows.push(
      `${u.UserName},${u.Arn},${t(u.CreateDate)},${pw},${pw ? t(date(Math.floor(r() * 120))) : 'N/A'},${pw ? t(date(300)) : 'N/A'},N/A,${pw && r() < 0.7},${key},${key ? t(date(Math.floor(r() * 400))) : 'N/A'},${key ? t(date(Math.floor(r() * 100))) : 'N/A'},${key ? 'us-east-1' : 'N/A'},${key ? 's3' : 'N/A'},false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
    );
  }
  return {
    accountId,
    gaad: { UserDetailList, GroupDetailList, RoleDetailList, Policies },
    credentialReportCsv: `${[header, ...rows].join('\n')}\n`,
  };
}

/** Splits a GAAD object into pages of at most `pageSize` items (users, then groups, roles, policies), with IsTruncated/Marker. */
export function gaadPages(g: GeneratedIam['gaad'], pageSize = 1000): Record<string, unknown>[] {
  const items: [keyof GeneratedIam['gaad'], Record<string, unknown>][] = [
    ...g.UserDetailList.map((x) => ['UserDetailList', x] as [keyof GeneratedIam['gaad'], Record<string, unknown>]),
    ...g.GroupDetailList.map((x) => ['GroupDetailList', x] as [keyof GeneratedIam['gaad'], Record<string, unknown>]),
    ...g.RoleDetailList.map((x) => ['RoleDetailList', x] as [keyof GeneratedIam['gaad'], Record<string, unknown>]),
    ...g.Policies.map((x) => ['Policies', x] as [keyof GeneratedIam['gaad'], Record<string, unknown>]),
  ];
  const pages: Record<string, unknown>[] = [];
  for (let i = 0; i < items.length; i += pageSize) {
    const page: Record<string, unknown> = { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] };
    for (const [k, v] of items.slice(i, i + pageSize)) (page[k] as unknown[]).push(v);
    const last = i + pageSize >= items.length;
    page.IsTruncated = !last;
    if (!last) page.Marker = `marker-${i + pageSize}`;
    pages.push(page);
  }
  return pages;
}
