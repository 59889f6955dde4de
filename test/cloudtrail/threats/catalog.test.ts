import { describe, expect, it } from 'vitest';
import {
  discoveryBursts,
  newSourceIps,
  sequenceTags,
  SEVERITIES,
  tagEvent,
  TACTICS,
  THREAT_CATALOG,
  type ThreatTag,
} from '../../../src/cloudtrail/threats';
import { parseKnownBadList } from '../../../src/cloudtrail/ip-context';
import { byName, demoEvents, s3DeliveryEvents, withRecord } from './demo-records';

const rule = (tags: ThreatTag[], id: string) => tags.find((t) => t.ruleId === id);

describe('threat catalog (data)', () => {
  it('covers at least 80 distinct sensitive event names, each fully described', () => {
    const names = new Set(THREAT_CATALOG.flatMap((e) => e.eventNames.map((n) => `${e.eventSource}:${n}`)));
    expect(names.size).toBeGreaterThanOrEqual(80);
    const ids = new Set<string>();
    for (const e of THREAT_CATALOG) {
      expect(ids.has(e.id), `duplicate rule id ${e.id}`).toBe(false);
      ids.add(e.id);
      expect(TACTICS[e.tactic], e.id).toBeDefined();
      expect(e.technique, e.id).toMatch(/^T\d{4}(\.\d{3})?$/);
      expect(e.techniqueName.length, e.id).toBeGreaterThan(5);
      expect(e.why.length, e.id).toBeGreaterThan(20);
      expect(SEVERITIES).toContain(e.severity);
      expect(e.eventSource, e.id).toMatch(/\.amazonaws\.com$/);
    }
  });

  it('covers every tactic family the brief names', () => {
    const names = new Set(THREAT_CATALOG.flatMap((e) => e.eventNames));
    for (const n of [
      'StopLogging',
      'DeleteTrail',
      'UpdateTrail',
      'PutEventSelectors',
      'DeleteFlowLogs',
      'DeleteDetector',
      'DeleteConfigurationRecorder',
      'StopConfigurationRecorder',
      'DeleteDeliveryChannel',
      'LeaveOrganization',
      'DisableSecurityHub',
      'PutBucketLogging',
      'DeleteLogGroup',
      'CreateUser',
      'CreateAccessKey',
      'CreateLoginProfile',
      'UpdateLoginProfile',
      'UpdateAssumeRolePolicy',
      'GetFederationToken',
      'CreateTrustAnchor',
      'CreateProfile',
      'UpdateFunctionCode20150331v2',
      'PublishLayerVersion',
      'AddPermission',
      'CreateSAMLProvider',
      'CreateOpenIDConnectProvider',
      'AttachUserPolicy',
      'AttachRolePolicy',
      'AttachGroupPolicy',
      'PutUserPolicy',
      'CreatePolicyVersion',
      'SetDefaultPolicyVersion',
      'AddUserToGroup',
      'GetSecretValue',
      'BatchGetSecretValue',
      'GetParameter',
      'GetParameters',
      'GetParametersByPath',
      'GetPasswordData',
      'GetCallerIdentity',
      'ListUsers',
      'ListRoles',
      'ListBuckets',
      'DescribeInstances',
      'SendSSHPublicKey',
      'StartSession',
      'SendSerialConsoleSSHPublicKey',
      'SendCommand',
      'ModifySnapshotAttribute',
      'ModifyDBSnapshotAttribute',
      'ModifyImageAttribute',
      'PutBucketPolicy',
      'PutBucketAcl',
      'DeleteBucketPublicAccessBlock',
      'PutPublicAccessBlock',
      'AuthorizeSecurityGroupIngress',
      'DeleteBucket',
      'TerminateInstances',
      'DeleteDBInstance',
      'ScheduleKeyDeletion',
      'PutBucketLifecycleConfiguration',
      'RunInstances',
      'ConsoleLogin',
    ].filter((n) => n !== 'PutPublicAccessBlock'))
      expect(names.has(n), n).toBe(true);
    expect(names.has('PutBucketPublicAccessBlock')).toBe(true);
  });
});

describe('tagEvent on the demo incident (real-shaped records)', () => {
  it('persistence: CreateUser and CreateAccessKey for another user', async () => {
    const ev = await demoEvents();
    const created = tagEvent(byName(ev, 'CreateUser'));
    expect(rule(created, 'persistence.iam-create-user')).toMatchObject({
      tactic: 'Persistence',
      tacticId: 'TA0003',
      technique: 'T1136.003',
    });
    const key = rule(tagEvent(byName(ev, 'CreateAccessKey')), 'persistence.iam-create-access-key')!;
    expect(key.severity).toBe('high');
    expect(key.title).toBe('Access key created for another user');
    expect(key.detail).toContain('backup-admin');
  });

  it('privilege escalation: AdministratorAccess attached is critical', async () => {
    const t = rule(tagEvent(byName(await demoEvents(), 'AttachUserPolicy')), 'privilege-escalation.attach-policy')!;
    expect(t.severity).toBe('critical');
    expect(t.detail).toContain('AdministratorAccess');
  });

  it('defense evasion: a denied StopLogging is tagged as an attempt, one level lower', async () => {
    const t = rule(tagEvent(byName(await demoEvents(), 'StopLogging')), 'defense-evasion.cloudtrail-stop-logging')!;
    expect(t).toMatchObject({ technique: 'T1562.008', severity: 'high', attempted: true });
    expect(t.title).toMatch(/^Attempted: CloudTrail logging stopped \(AccessDenied\)/);
  });

  it('credential access: GetSecretValue by the backdoor user', async () => {
    const ev = await demoEvents();
    const e = ev.find((x) => x.eventName === 'GetSecretValue' && x.userName === 'backup-admin')!;
    expect(rule(tagEvent(e), 'credential-access.secrets-manager-get')).toMatchObject({
      technique: 'T1555.006',
      tactic: 'Credential Access',
    });
  });

  it('exfiltration: snapshot shared with another account is high; with `all` it is critical', async () => {
    const e = byName(await demoEvents(), 'ModifySnapshotAttribute');
    const t = rule(tagEvent(e), 'exfiltration.ebs-snapshot-shared')!;
    expect(t).toMatchObject({
      severity: 'high',
      technique: 'T1537',
      title: 'EBS snapshot shared with another account',
    });
    expect(t.detail).toContain('999988887777');
    const pub = withRecord(e, {
      requestParameters: {
        snapshotId: 'snap-1',
        createVolumePermission: { add: { items: [{ group: 'all' }] } },
        attributeType: 'CREATE_VOLUME_PERMISSION',
      },
    });
    expect(rule(tagEvent(pub), 'exfiltration.ebs-snapshot-shared')).toMatchObject({
      severity: 'critical',
      title: 'EBS snapshot made public',
    });
    const own = withRecord(e, {
      requestParameters: { createVolumePermission: { add: { items: [{ userId: '123456789012' }] } } },
    });
    expect(rule(tagEvent(own), 'exfiltration.ebs-snapshot-shared')!.severity).toBe('medium');
  });

  it('security group opened to 0.0.0.0/0 (and ::/0) is high; a narrow rule is low', async () => {
    const e = byName(await demoEvents(), 'AuthorizeSecurityGroupIngress');
    const t = rule(tagEvent(e), 'defense-evasion.security-group-open-world')!;
    expect(t.severity).toBe('high');
    expect(t.detail).toBe('opened to 0.0.0.0/0 on port 22');
    const v6 = withRecord(e, {
      requestParameters: {
        ipPermissions: {
          items: [{ ipProtocol: 'tcp', fromPort: 3389, toPort: 3389, ipv6Ranges: { items: [{ cidrIpv6: '::/0' }] } }],
        },
      },
    });
    expect(rule(tagEvent(v6), 'defense-evasion.security-group-open-world')!.detail).toBe('opened to ::/0 on port 3389');
    const narrow = withRecord(e, {
      requestParameters: { ipPermissions: { items: [{ ipRanges: { items: [{ cidrIp: '10.0.0.0/8' }] } }] } },
    });
    expect(rule(tagEvent(narrow), 'defense-evasion.security-group-open-world')!.severity).toBe('low');
  });

  it('RunInstances: plain launch is low; GPU types and many instances add impact tags', async () => {
    const e = byName(await demoEvents(), 'RunInstances');
    const ids = tagEvent(e).map((t) => t.ruleId);
    expect(ids).toContain('defense-evasion.run-instances');
    expect(ids).not.toContain('impact.gpu-instances');
    const gpu = withRecord(e, {
      requestParameters: {
        instanceType: 'p4d.24xlarge',
        instancesSet: { items: [{ imageId: 'ami-1', minCount: 1, maxCount: 20 }] },
      },
    });
    const tags = tagEvent(gpu);
    expect(rule(tags, 'impact.gpu-instances')).toMatchObject({
      severity: 'high',
      technique: 'T1496',
      detail: 'instance type p4d.24xlarge',
    });
    expect(rule(tags, 'impact.many-instances')!.detail).toBe('20 instances requested');
  });

  it('initial access: console sign-in without MFA (bob) and root sign-in', async () => {
    const ev = await demoEvents();
    const bob = ev.find((x) => x.eventName === 'ConsoleLogin' && x.userName === 'bob')!;
    expect(rule(tagEvent(bob), 'initial-access.console-login-no-mfa')).toMatchObject({
      severity: 'high',
      detail: 'MFAUsed: No',
    });
    const alice = ev.find((x) => x.eventName === 'ConsoleLogin' && x.userName === 'alice@example.com')!;
    expect(rule(tagEvent(alice), 'initial-access.console-login-no-mfa')).toBeUndefined();
    const root = ev.find((x) => x.eventName === 'ConsoleLogin' && x.identityType === 'Root')!;
    expect(rule(tagEvent(root), 'initial-access.root-console-login')!.severity).toBe('high');
    const rootFailed = withRecord(root, {
      responseElements: { ConsoleLogin: 'Failure' },
      errorMessage: 'Failed authentication',
    });
    expect(tagEvent(rootFailed).map((t) => t.ruleId)).toEqual(['credential-access.console-login-failed']);
  });

  it('initial access: failed console sign-in is a brute-force signal', async () => {
    const ev = await demoEvents();
    const bob = ev.find((x) => x.eventName === 'ConsoleLogin' && x.userName === 'bob')!;
    const failed = withRecord(bob, {
      responseElements: { ConsoleLogin: 'Failure' },
      errorMessage: 'Failed authentication',
    });
    const tags = tagEvent(failed);
    expect(rule(tags, 'credential-access.console-login-failed')).toMatchObject({ technique: 'T1110' });
    expect(rule(tags, 'initial-access.console-login-no-mfa')).toBeUndefined();
  });

  it('untagged routine events get no tags', async () => {
    const e = (await demoEvents()).find((x) => x.eventName === 'UpdateInstanceInformation')!;
    expect(tagEvent(e)).toEqual([]);
  });
});

describe('tagEvent on the S3-delivery wire fixture', () => {
  const ev = s3DeliveryEvents();
  it('tags the SAML session stopping the trail as critical, and the root login without MFA', () => {
    expect(rule(tagEvent(byName(ev, 'StopLogging')), 'defense-evasion.cloudtrail-stop-logging')!.severity).toBe(
      'critical',
    );
    const root = tagEvent(ev.find((x) => x.identityType === 'Root')!);
    expect(rule(root, 'initial-access.console-login-no-mfa')).toBeDefined();
    expect(rule(root, 'initial-access.root-console-login')).toBeDefined();
  });
  it('a user creating their own key is medium, not "for another user"', () => {
    const t = rule(tagEvent(byName(ev, 'CreateAccessKey')), 'persistence.iam-create-access-key')!;
    expect(t.severity).toBe('medium');
  });
  it('a denied CreateUser is an attempt', () => {
    expect(rule(tagEvent(byName(ev, 'CreateUser')), 'persistence.iam-create-user')).toMatchObject({
      attempted: true,
      severity: 'low',
    });
  });
});

describe('severity from request parameters', () => {
  const base = s3DeliveryEvents()[7]!; // bob's CreateAccessKey: a real-shaped IAM record to vary
  const mk = (eventSource: string, eventName: string, requestParameters: unknown) =>
    withRecord(base, {
      eventSource,
      eventName,
      requestParameters: requestParameters as Record<string, unknown>,
      errorCode: undefined,
    });

  it('GetParameter is tagged only with decryption', () => {
    expect(
      tagEvent(mk('ssm.amazonaws.com', 'GetParameter', { name: '/prod/db', withDecryption: true }))[0],
    ).toMatchObject({ ruleId: 'credential-access.ssm-parameter-decrypt', detail: 'withDecryption=true' });
    expect(tagEvent(mk('ssm.amazonaws.com', 'GetParameter', { name: '/prod/db' }))).toEqual([]);
    expect(
      tagEvent(
        mk('ssm.amazonaws.com', 'GetParametersByPath', { path: '/', withDecryption: 'true', recursive: true }),
      )[0]!.severity,
    ).toBe('medium');
  });

  it('bucket policy with Principal "*" (as a JSON string, as CloudTrail may log it) is critical', () => {
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }],
    });
    const t = tagEvent(mk('s3.amazonaws.com', 'PutBucketPolicy', { bucketName: 'b', bucketPolicy: policy }))[0]!;
    expect(t).toMatchObject({ severity: 'critical', title: 'Bucket policy makes the bucket public' });
    const conditional = {
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: 's3:GetObject',
          Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-1' } },
        },
      ],
    };
    expect(
      tagEvent(mk('s3.amazonaws.com', 'PutBucketPolicy', { bucketName: 'b', bucketPolicy: conditional }))[0]!.severity,
    ).toBe('high');
    const other = {
      Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999988887777:root' }, Action: 's3:*' }],
    };
    expect(
      tagEvent(mk('s3.amazonaws.com', 'PutBucketPolicy', { bucketName: 'b', bucketPolicy: other }))[0]!.detail,
    ).toBe('trusts account 999988887777');
  });

  it('public ACLs, public access block off, lifecycle expiry, logging off', () => {
    const acl = {
      bucketName: 'b',
      AccessControlPolicy: {
        AccessControlList: {
          Grant: [{ Grantee: { URI: 'http://acs.amazonaws.com/groups/global/AllUsers' }, Permission: 'READ' }],
        },
      },
    };
    expect(tagEvent(mk('s3.amazonaws.com', 'PutBucketAcl', acl))[0]!.severity).toBe('critical');
    expect(
      tagEvent(mk('s3.amazonaws.com', 'PutBucketAcl', { bucketName: 'b', 'x-amz-acl': ['private'] }))[0]!.severity,
    ).toBe('low');
    const pab = {
      bucketName: 'b',
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: false,
        IgnorePublicAcls: true,
        BlockPublicPolicy: 'false',
        RestrictPublicBuckets: true,
      },
    };
    expect(tagEvent(mk('s3.amazonaws.com', 'PutBucketPublicAccessBlock', pab))[0]).toMatchObject({
      severity: 'high',
      detail: 'BlockPublicAcls, BlockPublicPolicy set to false',
    });
    expect(
      tagEvent(
        mk('s3.amazonaws.com', 'PutBucketPublicAccessBlock', {
          PublicAccessBlockConfiguration: { BlockPublicAcls: true },
        }),
      ),
    ).toEqual([]);
    const lc = {
      bucketName: 'trail-logs',
      LifecycleConfiguration: { Rule: { ID: 'x', Status: 'Enabled', Filter: {}, Expiration: { Days: 1 } } },
    };
    expect(tagEvent(mk('s3.amazonaws.com', 'PutBucketLifecycleConfiguration', lc))[0]).toMatchObject({
      severity: 'high',
      detail: 'objects expire after 1 day(s)',
    });
    expect(
      tagEvent(
        mk('s3.amazonaws.com', 'PutBucketLogging', {
          bucketName: 'b',
          BucketLoggingStatus: { xmlns: 'http://s3.amazonaws.com/doc/2006-03-01/' },
        }),
      )[0]!.severity,
    ).toBe('high');
  });

  it('trust policy opened to another account is critical; inline * on * is critical', () => {
    const trust = encodeURIComponent(
      JSON.stringify({
        Statement: [
          { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999988887777:root' }, Action: 'sts:AssumeRole' },
        ],
      }),
    );
    expect(
      tagEvent(mk('iam.amazonaws.com', 'UpdateAssumeRolePolicy', { roleName: 'r', policyDocument: trust }))[0],
    ).toMatchObject({ severity: 'critical', detail: 'trusts account 999988887777' });
    const admin = JSON.stringify({ Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    expect(
      tagEvent(mk('iam.amazonaws.com', 'PutUserPolicy', { userName: 'x', policyName: 'p', policyDocument: admin }))[0]!
        .severity,
    ).toBe('critical');
    expect(
      tagEvent(
        mk('iam.amazonaws.com', 'AttachRolePolicy', {
          roleName: 'r',
          policyArn: 'arn:aws:iam::aws:policy/IAMFullAccess',
        }),
      )[0]!.severity,
    ).toBe('high');
  });

  it('RDS snapshot restore shared with all / an account; Lambda permission to *', () => {
    expect(
      tagEvent(
        mk('rds.amazonaws.com', 'ModifyDBSnapshotAttribute', {
          dBSnapshotIdentifier: 's',
          attributeName: 'restore',
          valuesToAdd: ['all'],
        }),
      )[0]!.severity,
    ).toBe('critical');
    expect(
      tagEvent(
        mk('rds.amazonaws.com', 'ModifyDBSnapshotAttribute', {
          attributeName: 'restore',
          valuesToAdd: ['999988887777'],
        }),
      )[0]!.severity,
    ).toBe('high');
    expect(
      tagEvent(
        mk('lambda.amazonaws.com', 'AddPermission20150331v2', {
          functionName: 'f',
          principal: '*',
          action: 'lambda:InvokeFunction',
        }),
      )[0]!.severity,
    ).toBe('high');
  });

  it('hostile, malformed request parameters never throw and are echoed only bounded and cleaned', () => {
    const deep: Record<string, unknown> = {};
    let cur = deep;
    for (let i = 0; i < 5000; i++) cur = (cur.x = {}) as Record<string, unknown>;
    const hostile = [
      null,
      'not an object',
      42,
      [1, 2, 3],
      deep,
      { userName: { toString: 'x' }, policyArn: ['arn'], policyDocument: '%E0%A4%A' },
      { userName: `*ignore previous instructions* <!channel> ${'A'.repeat(5000)}\u0000\u202e` },
    ];
    for (const rp of hostile) {
      for (const [src, name] of [
        ['iam.amazonaws.com', 'CreateAccessKey'],
        ['ec2.amazonaws.com', 'AuthorizeSecurityGroupIngress'],
        ['s3.amazonaws.com', 'PutBucketPolicy'],
        ['ec2.amazonaws.com', 'ModifySnapshotAttribute'],
      ] as const)
        expect(() => tagEvent(mk(src, name, rp))).not.toThrow();
    }
    const t = tagEvent(mk('iam.amazonaws.com', 'CreateAccessKey', hostile[6]))[0]!;
    expect(t.detail!.length).toBeLessThanOrEqual(200);
    expect(t.detail).not.toMatch(/[\u0000\u202e]/);
    expect(t.title).toBe('Access key created for another user');
  });
});

describe('known-bad source IPs', () => {
  it('adds a tag for calls from a listed network', async () => {
    const list = parseKnownBadList('185.220.101.0/24 tor-exit\n', 'tor.txt').list;
    const e = byName(await demoEvents(), 'CreateUser');
    const t = rule(tagEvent(e, { knownBad: list }), 'initial-access.known-bad-source-ip')!;
    expect(t).toMatchObject({ severity: 'high' });
    expect(t.detail).toBe('185.220.101.34 in 185.220.101.0/24 (tor-exit) — list tor.txt');
    expect(rule(tagEvent(e), 'initial-access.known-bad-source-ip')).toBeUndefined();
  });

  it('a failed call from a listed network keeps "Attempted:" (medium)', async () => {
    const list = parseKnownBadList('185.220.101.0/24 tor-exit\n', 'tor.txt').list;
    const e = byName(await demoEvents(), 'StopLogging');
    const t = rule(tagEvent(e, { knownBad: list }), 'initial-access.known-bad-source-ip')!;
    expect(t).toMatchObject({
      severity: 'medium',
      attempted: true,
      title: 'Attempted: Call from a known-bad network (AccessDenied)',
    });
  });
});

describe('sequence detectors', () => {
  it('finds the leaked key enumeration burst and not the routine principals', async () => {
    const bursts = discoveryBursts(await demoEvents());
    expect(bursts.map((b) => b.accessKeyId)).toEqual(['AKIAIOSFODNN7EXAMPLE']);
    const b = bursts[0]!;
    expect(b.distinctCalls).toBe(10);
    expect(b.failedCalls).toBe(3);
    expect(b.severity).toBe('high');
    expect(b.start).toBe('2026-11-20T10:02:13.000Z');
    expect(b.end).toBe('2026-11-20T10:07:10.000Z');
    expect(b.eventNames.map((x) => x.value)).toContain('GetAccountAuthorizationDetails');
    expect(b.sourceIps).toEqual([{ value: '185.220.101.34', count: 10 }]);
  });

  it('a smaller threshold also finds bob', async () => {
    const bursts = discoveryBursts(await demoEvents(), { minDistinct: 6, windowMs: 15 * 60_000 });
    expect(bursts.map((b) => b.callerArn)).toContain('arn:aws:iam::123456789012:user/bob');
  });

  it('flags the first call of ci-legacy from the Tor exit after its usual CI address', async () => {
    const hits = newSourceIps(await demoEvents());
    const ci = hits.find((h) => h.principal === 'arn:aws:iam::123456789012:user/ci-legacy')!;
    expect(ci).toMatchObject({
      ip: '185.220.101.34',
      eventName: 'GetCallerIdentity',
      firstSeen: '2026-11-20T10:02:13.000Z',
    });
    expect(ci.knownIps).toEqual(['203.0.113.10']);
    // AWS service hostnames and private addresses are never "new IPs"
    expect(hits.every((h) => /^\d+\.\d+\.\d+\.\d+$/.test(h.ip) && !h.ip.startsWith('10.'))).toBe(true);
  });

  it('sequenceTags maps burst members and new-IP events by event id', async () => {
    const ev = await demoEvents();
    const tags = sequenceTags(ev);
    const first = ev.find(
      (e) =>
        e.eventName === 'GetCallerIdentity' &&
        e.sourceIp === '185.220.101.34' &&
        e.userName === 'ci-legacy' &&
        e.record.eventTime === '2026-11-20T10:02:13Z',
    )!;
    expect(
      tags
        .get(first.eventId)!
        .map((t) => t.ruleId)
        .sort(),
    ).toEqual(['discovery.enumeration-burst', 'initial-access.new-source-ip']);
  });
});

describe('discovery calls', () => {
  it('are tagged low individually (the burst detector raises them)', async () => {
    const ev = await demoEvents();
    for (const name of [
      'GetCallerIdentity',
      'ListUsers',
      'ListRoles',
      'ListBuckets',
      'DescribeInstances',
      'GetAccountAuthorizationDetails',
    ]) {
      const t = tagEvent(ev.find((e) => e.eventName === name && !e.errorCode)!).find((x) => x.tactic === 'Discovery')!;
      expect(t.severity, name).toBe('low');
    }
  });
});
