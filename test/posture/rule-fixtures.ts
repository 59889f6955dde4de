/**
 * One failing and one passing fixture per posture rule. `fail` patches the clean account so the
 * rule fires on exactly `expect`; `pass` (default: the clean account) is a near miss that must NOT
 * fire — e.g. the SG opens 22 to a private range, the key is old but inactive, root has no
 * credentials because AWS Organizations manages it.
 */
import type { AccountSnapshot } from '../../src/posture/snapshot';
import { ACCOUNT, daysAgo, region } from './builders';
import { FIXTURE_FILES } from './fixtures';

export interface RuleFixture {
  fail: (s: AccountSnapshot) => void;
  expect: string[];
  pass?: (s: AccountSnapshot) => void;
}

const sg = (id: string, perms: unknown[], name = 'web') => ({
  GroupId: id,
  GroupName: name,
  VpcId: 'vpc-1',
  OwnerId: ACCOUNT,
  IpPermissions: perms as never,
  IpPermissionsEgress: [],
});
const sgArn = (id: string) => `arn:aws:ec2:us-east-1:${ACCOUNT}:security-group/${id}`;
const tcp = (from: number, to: number, v4: string[] = [], v6: string[] = []) => ({
  IpProtocol: 'tcp',
  FromPort: from,
  ToPort: to,
  IpRanges: v4.map((CidrIp) => ({ CidrIp })),
  Ipv6Ranges: v6.map((CidrIpv6) => ({ CidrIpv6 })),
});
const instance = (id: string, over: Record<string, unknown> = {}) => ({
  InstanceId: id,
  State: { Name: 'running' },
  MetadataOptions: { HttpTokens: 'required', HttpEndpoint: 'enabled' },
  IamInstanceProfile: { Arn: `arn:aws:iam::${ACCOUNT}:instance-profile/app` },
  SecurityGroups: [] as { GroupId: string }[],
  ...over,
});
const userArn = (n: string) => `arn:aws:iam::${ACCOUNT}:user/${n}`;
const roleArn = (n: string) => `arn:aws:iam::${ACCOUNT}:role/${n}`;
const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
const TRAIL = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/main`;
const row = (s: AccountSnapshot, user: string) => s.iam!.credentialReport!.rows.find((r) => r.user === user)!;
const root = (s: AccountSnapshot) => row(s, '<root_account>');
const alice = (s: AccountSnapshot) => row(s, 'alice@example.com');

function addUser(
  s: AccountSnapshot,
  name: string,
  o: {
    attached?: { name: string; arn: string }[];
    groups?: string[];
    tags?: { key: string; value: string }[];
    password?: boolean;
    key?: boolean;
  } = {},
) {
  s.iam!.users.push({
    name,
    id: `AIDA${name}`,
    arn: userArn(name),
    path: '/',
    createDate: daysAgo(30),
    groups: o.groups ?? [],
    inlinePolicies: [],
    attachedPolicies: o.attached ?? [],
    permissionsBoundaryArn: null,
    tags: o.tags ?? [],
  });
  const base = alice(s);
  s.iam!.credentialReport!.rows.push({
    ...base,
    user: name,
    arn: userArn(name),
    passwordEnabled: o.password ?? false,
    mfaActive: false,
    accessKeys: [{ ...base.accessKeys[0], active: o.key ?? true }, { ...base.accessKeys[1] }],
  });
}

function addRole(s: AccountSnapshot, name: string, trust: unknown, over: Record<string, unknown> = {}) {
  s.iam!.roles.push({
    ...s.iam!.roles[0]!,
    name,
    arn: roleArn(name),
    id: `AROA${name}`,
    trustPolicy: trust as never,
    ...over,
  });
}

const ADMIN = { name: 'AdministratorAccess', arn: 'arn:aws:iam::aws:policy/AdministratorAccess' };
const adminPolicy = {
  name: 'AdministratorAccess',
  id: 'ANPAADMIN',
  arn: ADMIN.arn,
  path: '/',
  awsManaged: true,
  defaultVersionId: 'v1',
  attachmentCount: 1,
  permissionsBoundaryUsageCount: 0,
  isAttachable: true,
  description: null,
  createDate: null,
  updateDate: null,
  document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow' as const, Action: '*', Resource: '*' }] },
};

export const RULE_FIXTURES: Record<string, RuleFixture> = {
  'ec2-sg-admin-ports-open-ipv4': {
    fail: (s) => region(s).securityGroups!.push(sg('sg-1', [tcp(20, 25, ['0.0.0.0/0'])])),
    expect: [sgArn('sg-1')],
    pass: (s) =>
      region(s).securityGroups!.push(sg('sg-1', [tcp(22, 22, ['10.0.0.0/8']), tcp(443, 443, ['0.0.0.0/0'])])),
  },
  'ec2-sg-admin-ports-open-ipv6': {
    fail: (s) => region(s).securityGroups!.push(sg('sg-2', [tcp(3389, 3389, [], ['::/0'])])),
    expect: [sgArn('sg-2')],
    pass: (s) => region(s).securityGroups!.push(sg('sg-2', [tcp(3389, 3389, [], ['2001:db8::/32'])])),
  },
  'ec2-sg-all-ports-open': {
    fail: (s) =>
      region(s).securityGroups!.push(sg('sg-3', [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }])),
    expect: [sgArn('sg-3')],
    pass: (s) =>
      region(s).securityGroups!.push(sg('sg-3', [{ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: 'sg-9' }] }])),
  },
  'ec2-sg-database-ports-open': {
    fail: (s) => region(s).securityGroups!.push(sg('sg-4', [tcp(5432, 5432, ['0.0.0.0/0'])])),
    expect: [sgArn('sg-4')],
    pass: (s) => region(s).securityGroups!.push(sg('sg-4', [tcp(5432, 5432, ['10.20.0.0/16'])])),
  },
  'ec2-default-sg-has-rules': {
    fail: (s) =>
      (region(s).securityGroups![0]!.IpPermissionsEgress = [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }]),
    expect: [sgArn('sg-00000000000000def')],
    pass: (s) => region(s).securityGroups!.push(sg('sg-5', [tcp(443, 443, ['10.0.0.0/8'])], 'not-default')),
  },
  'ec2-instance-imdsv1': {
    fail: (s) =>
      region(s).instances!.push(
        instance('i-1', { MetadataOptions: { HttpTokens: 'optional', HttpEndpoint: 'enabled' } }),
      ),
    expect: ['i-1'],
    pass: (s) =>
      region(s).instances!.push(
        instance('i-1'),
        instance('i-2', { MetadataOptions: { HttpTokens: 'optional', HttpEndpoint: 'disabled' } }),
        instance('i-3', { State: { Name: 'terminated' }, MetadataOptions: { HttpTokens: 'optional' } }),
      ),
  },
  'ec2-instance-public-admin-port': {
    fail: (s) => {
      region(s).securityGroups!.push(sg('sg-6', [tcp(22, 22, ['0.0.0.0/0'])]));
      region(s).instances!.push(
        instance('i-4', { PublicIpAddress: '203.0.113.10', SecurityGroups: [{ GroupId: 'sg-6' }] }),
      );
    },
    expect: ['i-4'],
    pass: (s) => {
      region(s).securityGroups!.push(sg('sg-6', [tcp(22, 22, ['0.0.0.0/0'])]));
      region(s).instances!.push(instance('i-4', { SecurityGroups: [{ GroupId: 'sg-6' }] }));
    },
  },
  'ec2-instance-no-role': {
    fail: (s) => region(s).instances!.push(instance('i-5', { IamInstanceProfile: undefined })),
    expect: ['i-5'],
    pass: (s) =>
      region(s).instances!.push(
        instance('i-5'),
        instance('i-6', { IamInstanceProfile: undefined, State: { Name: 'terminated' } }),
      ),
  },
  'ec2-ebs-volume-unencrypted': {
    fail: (s) => region(s).volumes!.push({ VolumeId: 'vol-1', Encrypted: false, Size: 8, State: 'available' }),
    expect: ['vol-1'],
    pass: (s) => region(s).volumes!.push({ VolumeId: 'vol-1', Encrypted: true }),
  },
  'ec2-ebs-default-encryption-off': {
    fail: (s) => (region(s).ebsEncryptionByDefault = false),
    expect: [`arn:aws:ec2:us-east-1:${ACCOUNT}:ebs-encryption-by-default`],
  },
  'vpc-flow-logs-missing': {
    fail: (s) => region(s).vpcs!.push({ VpcId: 'vpc-2', OwnerId: ACCOUNT }),
    expect: [`arn:aws:ec2:us-east-1:${ACCOUNT}:vpc/vpc-2`],
    pass: (s) => {
      region(s).vpcs!.push({ VpcId: 'vpc-2', OwnerId: ACCOUNT });
      region(s).flowLogs!.push({ ResourceId: 'vpc-2', FlowLogStatus: 'ACTIVE' });
    },
  },
  'cloudtrail-multi-region-missing': {
    fail: (s) => (region(s).trails![0]!.IsMultiRegionTrail = false),
    expect: [`arn:aws:cloudtrail::${ACCOUNT}:multi-region-trail`],
  },
  'cloudtrail-trail-not-logging': {
    fail: (s) => (region(s).trailStatus![TRAIL] = { IsLogging: false, StopLoggingTime: daysAgo(1) }),
    expect: [TRAIL],
  },
  'cloudtrail-log-validation-off': {
    fail: (s) => (region(s).trails![0]!.LogFileValidationEnabled = false),
    expect: [TRAIL],
  },
  'cloudtrail-not-kms-encrypted': { fail: (s) => delete region(s).trails![0]!.KmsKeyId, expect: [TRAIL] },
  'cloudtrail-delivery-failing': {
    fail: (s) => (region(s).trailStatus![TRAIL] = { IsLogging: true, LatestDeliveryError: 'AccessDenied' }),
    expect: [TRAIL],
  },
  'cloudtrail-management-events-not-recorded': {
    fail: (s) =>
      (region(s).eventSelectors![TRAIL] = {
        EventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }],
      }),
    expect: [`arn:aws:cloudtrail::${ACCOUNT}:management-events`],
    // Advanced selectors recording all management events.
    pass: (s) =>
      (region(s).eventSelectors![TRAIL] = {
        AdvancedEventSelectors: [
          { Name: 'mgmt', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
        ],
      }),
  },
  'iam-root-access-keys': {
    fail: (s) => (root(s).accessKeys[0].active = true),
    expect: [ROOT],
  },
  'iam-root-mfa-disabled': {
    fail: (s) => {
      root(s).mfaActive = false;
      s.iam!.accountSummary!.AccountMFAEnabled = 0;
    },
    expect: [ROOT],
    // Root credentials centrally managed by AWS Organizations: no password, no keys, no MFA.
    pass: (s) => {
      Object.assign(root(s), {
        mfaActive: false,
        passwordEnabled: null,
        passwordLastUsed: null,
        passwordLastUsedRaw: 'no_information',
      });
      s.iam!.accountSummary!.AccountMFAEnabled = 0;
    },
  },
  'iam-root-hardware-mfa': {
    fail: (s) =>
      s.iam!.virtualMfaDevices.push({
        serialNumber: `arn:aws:iam::${ACCOUNT}:mfa/root-account-mfa-device`,
        userArn: ROOT,
        userName: null,
        enableDate: daysAgo(100),
      }),
    expect: [ROOT],
    pass: (s) =>
      s.iam!.virtualMfaDevices.push({
        serialNumber: `arn:aws:iam::${ACCOUNT}:mfa/alice`,
        userArn: userArn('alice@example.com'),
        userName: 'alice',
        enableDate: null,
      }),
  },
  'iam-root-used-recently': {
    fail: (s) => (root(s).passwordLastUsed = daysAgo(3)),
    expect: [ROOT],
    pass: (s) => (root(s).passwordLastUsed = daysAgo(45)),
  },
  'iam-console-user-without-mfa': {
    fail: (s) => (alice(s).mfaActive = false),
    expect: [userArn('alice@example.com')],
    pass: (s) => Object.assign(alice(s), { mfaActive: false, passwordEnabled: false }),
  },
  'iam-access-key-unused-90d': {
    fail: (s) => (alice(s).accessKeys[0].lastUsedDate = daysAgo(120)),
    expect: [`${userArn('alice@example.com')}#access-key-1`],
    pass: (s) => Object.assign(alice(s).accessKeys[0], { active: false, lastUsedDate: daysAgo(120) }),
  },
  'iam-multiple-active-keys': {
    fail: (s) =>
      Object.assign(alice(s).accessKeys[1], { active: true, lastRotated: daysAgo(5), lastUsedDate: daysAgo(1) }),
    expect: [userArn('alice@example.com')],
    pass: (s) => Object.assign(alice(s).accessKeys[1], { active: false, lastRotated: daysAgo(5) }),
  },
  'iam-access-key-not-rotated-90d': {
    fail: (s) => (alice(s).accessKeys[0].lastRotated = daysAgo(200)),
    expect: [`${userArn('alice@example.com')}#access-key-1`],
    pass: (s) => Object.assign(alice(s).accessKeys[0], { lastRotated: daysAgo(89) }),
  },
  'iam-credentials-unused-45d': {
    fail: (s) => (alice(s).passwordLastUsed = daysAgo(60)),
    expect: [userArn('alice@example.com')],
    pass: (s) => (alice(s).passwordLastUsed = daysAgo(44)),
  },
  'iam-password-policy-length': {
    fail: (s) => (s.iam!.passwordPolicy!.minimumPasswordLength = 8),
    expect: [`arn:aws:iam::${ACCOUNT}:account-password-policy`],
  },
  'iam-password-policy-reuse': {
    fail: (s) => (s.iam!.passwordPolicy = null),
    expect: [`arn:aws:iam::${ACCOUNT}:account-password-policy`],
  },
  'iam-full-admin-policy-attached': {
    fail: (s) =>
      s.iam!.roles[0]!.inlinePolicies.push({
        name: 'god',
        document: { Statement: [{ Effect: 'Allow', Action: ['*'], Resource: '*' }] },
      }),
    expect: [`${roleArn('deploy')}#inline-policy/god`],
    pass: (s) =>
      s.iam!.roles[0]!.inlinePolicies.push({
        name: 'ok',
        document: {
          Statement: [
            { Effect: 'Allow', Action: 's3:*', Resource: '*' },
            { Effect: 'Deny', Action: '*', Resource: '*' },
          ],
        },
      }),
  },
  'iam-user-direct-admin': {
    fail: (s) => addUser(s, 'alice', { attached: [ADMIN] }),
    expect: [userArn('alice')],
    // Admin through a group is not "direct".
    pass: (s) => {
      s.iam!.groups[0]!.attachedPolicies.push(ADMIN);
      s.iam!.policies.push(adminPolicy);
    },
  },
  'iam-user-direct-policies': {
    fail: (s) =>
      s.iam!.users[0]!.attachedPolicies.push({ name: 'ReadOnlyAccess', arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }),
    expect: [userArn('alice@example.com')],
  },
  'iam-role-trust-wildcard': {
    fail: (s) =>
      addRole(s, 'open', { Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] }),
    expect: [roleArn('open')],
    pass: (s) =>
      addRole(s, 'org', {
        Statement: [
          {
            Effect: 'Allow',
            Principal: '*',
            Action: 'sts:AssumeRole',
            Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } },
          },
        ],
      }),
  },
  'iam-role-cross-account-no-condition': {
    fail: (s) =>
      addRole(s, 'vendor', {
        Statement: [
          { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'sts:AssumeRole' },
        ],
      }),
    expect: [roleArn('vendor')],
    pass: (s) =>
      addRole(s, 'vendor', {
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: '444455556666' },
            Action: 'sts:AssumeRole',
            Condition: { StringEquals: { 'sts:ExternalId': 'x' } },
          },
        ],
      }),
  },
  'iam-role-oidc-no-subject': {
    fail: (s) =>
      addRole(s, 'gha', {
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com` },
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } },
          },
        ],
      }),
    expect: [roleArn('gha')],
    pass: (s) =>
      addRole(s, 'gha', {
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com` },
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/app:*' } },
          },
        ],
      }),
  },
  'iam-cloudshell-full-access': {
    fail: (s) =>
      s.iam!.roles[0]!.attachedPolicies.push({
        name: 'AWSCloudShellFullAccess',
        arn: 'arn:aws:iam::aws:policy/AWSCloudShellFullAccess',
      }),
    expect: [roleArn('deploy')],
  },
  'iam-support-role-missing': {
    fail: (s) => (s.iam!.groups[0]!.attachedPolicies = []),
    expect: [`arn:aws:iam::${ACCOUNT}:support-role`],
  },
  'iam-policy-critical-service-wildcard': {
    fail: (s) =>
      s.iam!.policies.push({
        ...adminPolicy,
        name: 'iam-admin',
        arn: `arn:aws:iam::${ACCOUNT}:policy/iam-admin`,
        awsManaged: false,
        document: { Statement: [{ Effect: 'Allow', Action: ['iam:*', 's3:GetObject'], Resource: '*' }] },
      }),
    expect: [`arn:aws:iam::${ACCOUNT}:policy/iam-admin`],
    pass: (s) =>
      s.iam!.policies.push({
        ...adminPolicy,
        name: 'iam-read',
        arn: `arn:aws:iam::${ACCOUNT}:policy/iam-read`,
        awsManaged: false,
        document: { Statement: [{ Effect: 'Allow', Action: ['iam:Get*'], Resource: '*' }] },
      }),
  },
  'iam-privilege-escalation': {
    fail: (s) =>
      s.iam!.roles[0]!.inlinePolicies.push({
        name: 'ci',
        document: {
          Statement: [{ Effect: 'Allow', Action: ['iam:CreatePolicyVersion', 's3:GetObject'], Resource: '*' }],
        },
      }),
    expect: [roleArn('deploy')],
    // The same method scoped by an explicit Deny on it is not a path.
    pass: (s) =>
      s.iam!.roles[0]!.inlinePolicies.push({
        name: 'ci',
        document: {
          Statement: [
            { Effect: 'Allow', Action: ['iam:CreatePolicyVersion', 's3:GetObject'], Resource: '*' },
            { Effect: 'Deny', Action: 'iam:CreatePolicyVersion', Resource: '*' },
          ],
        },
      }),
  },
  'iam-role-unused-90d': {
    fail: (s) => (s.iam!.roles[0]!.lastUsed = { date: daysAgo(200), region: 'us-east-1' }),
    expect: [roleArn('deploy')],
    pass: (s) =>
      addRole(s, 'AWSServiceRoleForSupport', s.iam!.roles[0]!.trustPolicy, {
        path: '/aws-service-role/support.amazonaws.com/',
        lastUsed: { date: null, region: null },
      }),
  },
  'iam-access-key-at-setup': {
    fail: (s) => Object.assign(alice(s).accessKeys[1], { active: true, lastRotated: daysAgo(5), lastUsedDate: null }),
    expect: [`${userArn('alice@example.com')}#access-key-2`],
  },
  'idp-admin-not-in-idp': {
    fail: (s) => addUser(s, 'backup-admin', { attached: [ADMIN] }),
    expect: [userArn('backup-admin')],
    // alice's admin comes through a group and she is in the IdP.
    pass: (s) => {
      s.iam!.groups[0]!.attachedPolicies.push(ADMIN);
      s.iam!.policies.push(adminPolicy);
    },
  },
  'idp-user-not-in-idp': {
    fail: (s) => addUser(s, 'ci-legacy'),
    expect: [userArn('ci-legacy')],
    pass: (s) => addUser(s, 'svc-backup', { tags: [{ key: 'trailhound:service-account', value: 'true' }] }),
  },
  'idp-user-offboarded': {
    fail: (s) => (s.idp!.users[0]!.status = 'suspended'),
    expect: [userArn('alice@example.com')],
    pass: (s) => s.idp!.users.push({ login: 'bob@example.com', status: 'deprovisioned' }),
  },
  ...FIXTURE_FILES,
};
