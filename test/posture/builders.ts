/** Snapshot builders for posture tests: a clean account (no finding from any rule), then patches. */
import { type CredentialReportKey, emptySnapshot, type IamSnapshot } from '../../src/iam/snapshot';
import type { IdpUser } from '../../src/identity/idp';
import type { Bucket, GlobalSnapshot } from '../../src/posture/global';
import type { RegionSnapshot } from '../../src/posture/regional';
import type { AccountSnapshot } from '../../src/posture/snapshot';
import { cleanWorkloads } from './workload-builders';
import { cleanMonitoring, LOG_GROUP_ARN } from './builders-monitoring';

export const ACCOUNT = '123456789012';
export const NOW = '2026-11-23T09:00:00.000Z';
export const daysAgo = (d: number) => new Date(Date.parse(NOW) - d * 86_400_000).toISOString();

export function cleanRegion(region = 'us-east-1'): RegionSnapshot {
  const trailArn = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/main`;
  return {
    securityGroups: [
      {
        GroupId: 'sg-00000000000000def',
        GroupName: 'default',
        VpcId: 'vpc-1',
        OwnerId: ACCOUNT,
        IpPermissions: [],
        IpPermissionsEgress: [],
      },
    ],
    instances: [],
    volumes: [],
    ebsEncryptionByDefault: true,
    vpcs: [{ VpcId: 'vpc-1', OwnerId: ACCOUNT, IsDefault: false }],
    flowLogs: [{ FlowLogId: 'fl-1', ResourceId: 'vpc-1', FlowLogStatus: 'ACTIVE' }],
    trails: [
      {
        Name: 'main',
        TrailARN: trailArn,
        HomeRegion: 'us-east-1',
        IsMultiRegionTrail: true,
        IncludeGlobalServiceEvents: true,
        LogFileValidationEnabled: true,
        KmsKeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:key/k`,
        S3BucketName: 'trail-logs',
        CloudWatchLogsLogGroupArn: LOG_GROUP_ARN,
        HasCustomEventSelectors: false,
      },
    ],
    trailStatus: region === 'us-east-1' ? { [trailArn]: { IsLogging: true } } : {},
    eventSelectors:
      region === 'us-east-1'
        ? { [trailArn]: { EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }] } }
        : {},
    kmsKeys: [cleanKey(region, 'k'), { ...cleanKey(region, 'aws-s3'), KeyManager: 'AWS', RotationEnabled: undefined }],
    ...cleanWorkloads(region),
    ...cleanMonitoring(region),
  };
}

/** A customer-managed key with rotation on and the default key policy (the account root administers it). */
export function cleanKey(region: string, id: string) {
  return {
    KeyId: id,
    Arn: `arn:aws:kms:${region}:${ACCOUNT}:key/${id}`,
    KeyManager: 'CUSTOMER',
    KeyState: 'Enabled',
    KeySpec: 'SYMMETRIC_DEFAULT',
    KeyUsage: 'ENCRYPT_DECRYPT',
    Origin: 'AWS_KMS',
    RotationEnabled: true,
    Policy: {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'Enable IAM User Permissions',
          Effect: 'Allow' as const,
          Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
          Action: 'kms:*',
          Resource: '*',
        },
      ],
    },
  };
}

const key = (over: Partial<CredentialReportKey> = {}): CredentialReportKey => ({
  active: false,
  lastRotated: null,
  lastUsedDate: null,
  lastUsedRegion: null,
  lastUsedService: null,
  ...over,
});

export function cleanIam(): IamSnapshot {
  const s = emptySnapshot(ACCOUNT, NOW, 'evidence');
  s.users = [
    {
      name: 'alice@example.com',
      id: 'AIDAALICE',
      arn: `arn:aws:iam::${ACCOUNT}:user/alice@example.com`,
      path: '/',
      createDate: daysAgo(400),
      groups: ['admins'],
      inlinePolicies: [],
      attachedPolicies: [],
      permissionsBoundaryArn: null,
      tags: [],
    },
  ];
  s.groups = [
    {
      name: 'admins',
      id: 'AGPAADMINS',
      arn: `arn:aws:iam::${ACCOUNT}:group/admins`,
      path: '/',
      createDate: daysAgo(400),
      inlinePolicies: [],
      attachedPolicies: [{ name: 'AWSSupportAccess', arn: 'arn:aws:iam::aws:policy/AWSSupportAccess' }],
    },
  ];
  s.roles = [
    {
      name: 'deploy',
      id: 'AROADEPLOY',
      arn: `arn:aws:iam::${ACCOUNT}:role/deploy`,
      path: '/',
      createDate: daysAgo(400),
      description: null,
      maxSessionDuration: 3600,
      trustPolicy: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }],
      },
      inlinePolicies: [],
      attachedPolicies: [],
      permissionsBoundaryArn: null,
      tags: [],
      lastUsed: { date: daysAgo(1), region: 'us-east-1' },
      instanceProfiles: [],
    },
  ];
  s.credentialReport = {
    generatedTime: NOW,
    rows: [
      {
        user: '<root_account>',
        arn: `arn:aws:iam::${ACCOUNT}:root`,
        isRoot: true,
        userCreationTime: daysAgo(2000),
        passwordEnabled: null,
        passwordLastUsed: daysAgo(300),
        passwordLastUsedRaw: daysAgo(300),
        passwordLastChanged: null,
        passwordNextRotation: null,
        mfaActive: true,
        accessKeys: [key(), key()],
        certs: [
          { active: false, lastRotated: null },
          { active: false, lastRotated: null },
        ],
      },
      {
        user: 'alice@example.com',
        arn: `arn:aws:iam::${ACCOUNT}:user/alice@example.com`,
        isRoot: false,
        userCreationTime: daysAgo(400),
        passwordEnabled: true,
        passwordLastUsed: daysAgo(2),
        passwordLastUsedRaw: daysAgo(2),
        passwordLastChanged: daysAgo(30),
        passwordNextRotation: null,
        mfaActive: true,
        accessKeys: [key({ active: true, lastRotated: daysAgo(10), lastUsedDate: daysAgo(1) }), key()],
        certs: [
          { active: false, lastRotated: null },
          { active: false, lastRotated: null },
        ],
      },
    ],
  };
  s.accountSummary = { AccountMFAEnabled: 1, AccountAccessKeysPresent: 0 };
  s.passwordPolicy = {
    minimumPasswordLength: 14,
    requireSymbols: true,
    requireNumbers: true,
    requireUppercaseCharacters: true,
    requireLowercaseCharacters: true,
    allowUsersToChangePassword: true,
    expirePasswords: false,
    maxPasswordAge: null,
    passwordReusePrevention: 24,
    hardExpiry: false,
  };
  s.virtualMfaDevices = [];
  return s;
}

export function cleanIdp(): IdpUser[] {
  return [
    { id: '00u1', login: 'alice@example.com', email: 'alice@example.com', status: 'active', rawStatus: 'ACTIVE' },
  ];
}

/** A bucket policy that only denies plain HTTP (what a clean bucket carries). */
export const sslOnlyPolicy = (name: string) => ({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny' as const,
      Principal: '*' as const,
      Action: 's3:*',
      Resource: [`arn:aws:s3:::${name}`, `arn:aws:s3:::${name}/*`],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
  ],
});

export const ALL_ON = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
};

export function cleanBucket(name: string, over: Partial<Bucket> = {}): Bucket {
  return {
    Name: name,
    CreationDate: daysAgo(500),
    Region: 'us-east-1',
    PublicAccessBlock: { ...ALL_ON },
    Policy: sslOnlyPolicy(name),
    Acl: {
      Owner: { ID: 'c0ffee' },
      Grants: [{ Grantee: { Type: 'CanonicalUser', ID: 'c0ffee' }, Permission: 'FULL_CONTROL' }],
    },
    Encryption: {
      Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }],
    },
    Logging: { TargetBucket: 'access-logs', TargetPrefix: `${name}/` },
    Versioning: { Status: 'Enabled', MFADelete: 'Enabled' },
    ...over,
  };
}

export function cleanGlobal(): GlobalSnapshot {
  return {
    s3AccountPublicAccessBlock: { ...ALL_ON },
    buckets: [
      cleanBucket('trail-logs'),
      cleanBucket('app-data'),
      // The access-log target itself does not log (it would loop): exempt by the logging rule.
      cleanBucket('access-logs', { Logging: null }),
    ],
  };
}

export const bucket = (s: AccountSnapshot, name: string) => s.global.buckets!.find((b) => b.Name === name)!;

export function cleanSnapshot(): AccountSnapshot {
  return {
    account: { name: 'prod', accountId: ACCOUNT, regions: ['us-east-1'] },
    collectedAt: NOW,
    origin: 'evidence',
    iam: cleanIam(),
    regions: { 'us-east-1': cleanRegion('us-east-1') },
    global: cleanGlobal(),
    idp: { kind: 'okta', where: 'test', users: cleanIdp() },
    idpState: 'read',
    warnings: [],
    complete: true,
  };
}

/** A clean snapshot modified by `patch` (which mutates a fresh copy). */
export function snapshotWith(patch: (s: AccountSnapshot) => void): AccountSnapshot {
  const s = cleanSnapshot();
  patch(s);
  return s;
}

export const region = (s: AccountSnapshot, r = 'us-east-1') => s.regions[r]!;
