/**
 * The detection families the issue measured as missed, each with a fixture shaped like the public
 * detonation logs / AWS documentation examples it comes from and a near miss that must not fire;
 * severity fixes; "Attempted:" on every failed call; every ATT&CK tactic of a technique.
 */
import { describe, expect, it } from 'vitest';
import { normalise, type CloudTrailRecord } from '../../../src/cloudtrail/record';
import { tagEvent, type ThreatTag } from '../../../src/cloudtrail/threats';
import { isWorldCidr } from '../../../src/cloudtrail/threats/predicates';
import { TimelineCollector } from '../../../src/cloudtrail/timeline';

function ev(eventSource: string, eventName: string, over: Partial<CloudTrailRecord> & Record<string, unknown> = {}) {
  return normalise({
    eventVersion: '1.09',
    userIdentity: {
      type: 'IAMUser',
      principalId: 'AIDAEXAMPLE',
      arn: 'arn:aws:iam::111122223333:user/attacker',
      accountId: '111122223333',
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      userName: 'attacker',
    },
    eventTime: '2026-11-20T10:00:00Z',
    eventSource,
    eventName,
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.50',
    userAgent: 'aws-cli/2.15.0',
    eventID: `e-${Math.random()}`,
    recipientAccountId: '111122223333',
    ...over,
  } as CloudTrailRecord);
}

const ids = (tags: ThreatTag[]) => tags.map((t) => t.ruleId);
const role = (session: string) => ({
  type: 'AssumedRole',
  principalId: `AROAEXAMPLE:${session}`,
  arn: `arn:aws:sts::111122223333:assumed-role/web-role/${session}`,
  accountId: '111122223333',
  accessKeyId: 'ASIAEXAMPLE1234567890',
  sessionContext: {
    sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::111122223333:role/web-role', userName: 'web-role' },
    ec2RoleDelivery: '2.0',
  },
});

describe('families that were missed', () => {
  it('Route 53 Resolver query-log deletion (T1562.008), not its creation', () => {
    const t = tagEvent(
      ev('route53resolver.amazonaws.com', 'DeleteResolverQueryLogConfig', {
        requestParameters: { resolverQueryLogConfigId: 'rqlc-8ca61fe7c055415a' },
      }),
    );
    expect(t[0]).toMatchObject({
      ruleId: 'defense-evasion.resolver-query-logging-deleted',
      severity: 'high',
      technique: 'T1562.008',
    });
    expect(tagEvent(ev('route53resolver.amazonaws.com', 'CreateResolverQueryLogConfig'))).toEqual([]);
  });

  it('Bedrock model access enabled, logging deleted, InvokeModel with a long-term key (LLMjacking)', () => {
    for (const name of ['PutFoundationModelEntitlement', 'CreateFoundationModelAgreement', 'PutUseCaseForModelAccess'])
      expect(tagEvent(ev('bedrock.amazonaws.com', name))[0]).toMatchObject({
        ruleId: 'impact.bedrock-model-access-enabled',
        severity: 'high',
        technique: 'T1496',
      });
    expect(ids(tagEvent(ev('bedrock.amazonaws.com', 'DeleteModelInvocationLoggingConfiguration')))).toEqual([
      'defense-evasion.bedrock-invocation-logging-deleted',
    ]);
    const invoke = { requestParameters: { modelId: 'anthropic.claude-3-sonnet-20240229-v1:0' } };
    expect(ids(tagEvent(ev('bedrock.amazonaws.com', 'InvokeModel', invoke)))).toEqual([
      'impact.bedrock-invoke-long-term-key',
    ]);
    // Near miss: the application's own role session invoking the model.
    expect(
      tagEvent(ev('bedrock.amazonaws.com', 'InvokeModel', { ...invoke, userIdentity: role('app-session') })),
    ).toEqual([]);
  });

  it('instance user data read (DescribeInstanceAttribute userData), not instanceType', () => {
    const t = tagEvent(
      ev('ec2.amazonaws.com', 'DescribeInstanceAttribute', {
        requestParameters: { instanceId: 'i-1234567890abcdef0', attribute: 'userData' },
      }),
    );
    expect(t[0]).toMatchObject({ ruleId: 'credential-access.ec2-user-data-read', technique: 'T1552.005' });
    expect(
      tagEvent(
        ev('ec2.amazonaws.com', 'DescribeInstanceAttribute', {
          requestParameters: { instanceId: 'i-1234567890abcdef0', attribute: 'instanceType' },
        }),
      ),
    ).toEqual([]);
  });

  it('EnableSerialConsoleAccess is high; GetSerialConsoleAccessStatus is not tagged', () => {
    expect(tagEvent(ev('ec2.amazonaws.com', 'EnableSerialConsoleAccess'))[0]?.severity).toBe('high');
    expect(tagEvent(ev('ec2.amazonaws.com', 'GetSerialConsoleAccessStatus'))).toEqual([]);
  });

  it('EC2 instance credentials from a public IP; not via a VPC endpoint or a private address', () => {
    const stolen = ev('iam.amazonaws.com', 'ListUsers', {
      userIdentity: role('i-0a1b2c3d4e5f67890'),
      sourceIPAddress: '198.51.100.77',
    });
    expect(ids(tagEvent(stolen))).toContain('credential-access.instance-credentials-outside');
    const viaEndpoint = ev('s3.amazonaws.com', 'ListBuckets', {
      userIdentity: role('i-0a1b2c3d4e5f67890'),
      sourceIPAddress: '198.51.100.77',
      vpcEndpointId: 'vpce-0123456789abcdef0',
    });
    expect(ids(tagEvent(viaEndpoint))).not.toContain('credential-access.instance-credentials-outside');
    const privateIp = ev('iam.amazonaws.com', 'ListUsers', {
      userIdentity: role('i-0a1b2c3d4e5f67890'),
      sourceIPAddress: '10.0.1.15',
    });
    expect(ids(tagEvent(privateIp))).not.toContain('credential-access.instance-credentials-outside');
    const notInstance = ev('iam.amazonaws.com', 'ListUsers', {
      userIdentity: role('jane'),
      sourceIPAddress: '198.51.100.77',
    });
    expect(ids(tagEvent(notInstance))).not.toContain('credential-access.instance-credentials-outside');
  });

  it('instance credentials from an address new for the instance session become high on the timeline', () => {
    const c = new TimelineCollector();
    const at = (t: string, ip: string) =>
      ev('sts.amazonaws.com', 'GetCallerIdentity', {
        userIdentity: role('i-0a1b2c3d4e5f67890'),
        sourceIPAddress: ip,
        eventTime: t,
      });
    for (const e of [at('2026-11-20T08:00:00Z', '52.95.110.1'), at('2026-11-20T12:00:00Z', '198.51.100.77')])
      c.add(e, tagEvent(e));
    const rows = c.timeline([]).entries.filter((x) => x.rule === 'credential-access.instance-credentials-outside');
    expect(rows.find((x) => x.sourceIp === '198.51.100.77')?.severity).toBe('high');
    expect(rows.find((x) => x.sourceIp === '52.95.110.1')?.severity).toBe('medium');
  });

  it('GetCommandInvocation (reading SSM command output) is tagged; ListCommands is not', () => {
    expect(ids(tagEvent(ev('ssm.amazonaws.com', 'GetCommandInvocation')))).toEqual([
      'collection.ssm-command-output-read',
    ]);
    expect(tagEvent(ev('ssm.amazonaws.com', 'ListCommands'))).toEqual([]);
  });
});

describe('severity fixes', () => {
  it('a security-group rule for any /0 range is high (IPv4 and IPv6, whatever the address part)', () => {
    for (const cidr of ['0.0.0.0/0', '::/0', '10.0.0.0/0', '2001:db8::/0', '0.0.0.0/00'])
      expect(isWorldCidr(cidr), cidr).toBe(true);
    for (const cidr of ['0.0.0.0/8', '10.0.0.0/16', '::/1', 'sg-0123']) expect(isWorldCidr(cidr), cidr).toBe(false);
    const open = (cidr: string, key = 'cidrIp') =>
      tagEvent(
        ev('ec2.amazonaws.com', 'AuthorizeSecurityGroupIngress', {
          requestParameters: {
            groupId: 'sg-0123456789abcdef0',
            ipPermissions: {
              items: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipRanges: { items: [{ [key]: cidr }] } }],
            },
          },
        }),
      )[0]?.severity;
    expect(open('10.0.0.0/0')).toBe('high');
    expect(open('::/0', 'cidrIpv6')).toBe('high');
    expect(open('10.0.0.0/16')).toBe('low');
  });

  it('GetFederationToken with an inline *:* policy is high; with a scoped policy it stays medium', () => {
    const policy = (action: string) =>
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });
    const fed = (p: string) =>
      tagEvent(ev('sts.amazonaws.com', 'GetFederationToken', { requestParameters: { name: 'x', policy: p } }))[0]
        ?.severity;
    expect(fed(policy('*'))).toBe('high');
    expect(fed(policy('s3:GetObject'))).toBe('medium');
  });

  it('20 GetSecretValue in 4 s are one high "bulk secret access" row; 20 spread over a day are not', () => {
    const collect = (stepMs: number) => {
      const c = new TimelineCollector();
      for (let i = 0; i < 20; i++) {
        const e = ev('secretsmanager.amazonaws.com', 'GetSecretValue', {
          eventTime: new Date(Date.parse('2026-11-20T10:00:00Z') + i * stepMs).toISOString(),
          requestParameters: { secretId: `prod/s${i}` },
        });
        c.add(e, tagEvent(e));
      }
      return c.timeline([]).entries.filter((x) => x.event === 'GetSecretValue');
    };
    const burst = collect(200);
    expect(burst).toHaveLength(1);
    expect(burst[0]).toMatchObject({ severity: 'high', count: 20 });
    expect(burst[0]!.what).toMatch(/^Bulk secret access: 20 secret reads in 4 s/);
    const spread = collect(3_600_000);
    expect(spread.every((x) => x.severity === 'low')).toBe(true);
  });

  it('a failed call keeps "Attempted:" in every tag (a denied RunInstances too)', () => {
    const t = tagEvent(
      ev('ec2.amazonaws.com', 'RunInstances', {
        errorCode: 'Client.UnauthorizedOperation',
        requestParameters: { instanceType: 't3.micro', minCount: 1, maxCount: 1 },
      }),
    );
    expect(t.length).toBeGreaterThan(0);
    for (const tag of t) expect(tag.title).toMatch(/^Attempted: /);
  });

  it('DescribeParameters (names only) is discovery, not credential access', () => {
    const t = tagEvent(ev('ssm.amazonaws.com', 'DescribeParameters'));
    expect(t.map((x) => x.tactic)).toEqual(['Discovery']);
  });
});

describe('every tactic of a technique', () => {
  it('T1098 is Persistence and Privilege Escalation; T1078 four tactics; T1496 Impact', () => {
    const attach = tagEvent(
      ev('iam.amazonaws.com', 'AttachUserPolicy', {
        requestParameters: { userName: 'x', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
      }),
    )[0]!;
    expect(attach.technique).toMatch(/^T1098/);
    expect(attach.tactics!.map((x) => x.name).sort()).toEqual(['Persistence', 'Privilege Escalation']);
    const login = tagEvent(
      ev('signin.amazonaws.com', 'ConsoleLogin', {
        responseElements: { ConsoleLogin: 'Success' },
        additionalEventData: { MFAUsed: 'No', LoginTo: 'https://console.aws.amazon.com/' },
      }),
    ).find((x) => x.technique.startsWith('T1078'))!;
    expect(login.tactics!.map((x) => x.name).sort()).toEqual([
      'Defense Evasion',
      'Initial Access',
      'Persistence',
      'Privilege Escalation',
    ]);
    const hijack = tagEvent(ev('bedrock.amazonaws.com', 'PutUseCaseForModelAccess'))[0]!;
    expect(hijack.tactics!.map((x) => x.name)).toEqual(['Impact']);
  });
});

/**
 * Entries of the AWS CIRT Threat Technique Catalog (TTC) and Stratus Red Team that were missing
 * (docs/identity-and-threats.md maps every entry). Fixtures follow the public samples: Stratus'
 * detection sections, the Datadog/Elastic SSE-C rules, AWS API references.
 */
describe('catalog entries added from the TTC and Stratus Red Team', () => {
  const tactics = (t: ThreatTag | undefined) => t?.tactics?.map((x) => x.name);

  it('AMI deregistered (TTC T1485.A002; Stratus ec2-deregister-ami sample); DescribeImages is not', () => {
    const t = tagEvent(
      ev('ec2.amazonaws.com', 'DeregisterImage', {
        requestParameters: { imageId: 'ami-0b87ea1d007078d18', deleteAssociatedSnapshots: false },
      }),
    );
    expect(t[0]).toMatchObject({ ruleId: 'impact.ami-deregistered', technique: 'T1485', severity: 'medium' });
    expect(tactics(t[0])).toEqual(['Impact']);
    expect(ids(tagEvent(ev('ec2.amazonaws.com', 'DescribeImages')))).not.toContain('impact.ami-deregistered');
  });

  it('Bedrock guardrail deleted (Stratus bedrock-guardrail-delete); creating one is not', () => {
    for (const name of ['DeleteGuardrail', 'DeleteModelGuardrail'])
      expect(
        tagEvent(ev('bedrock.amazonaws.com', name, { requestParameters: { guardrailIdentifier: 'gr-abc123' } }))[0],
      ).toMatchObject({
        ruleId: 'defense-evasion.bedrock-guardrail-deleted',
        technique: 'T1562.001',
        severity: 'high',
      });
    expect(tagEvent(ev('bedrock.amazonaws.com', 'CreateGuardrail'))).toEqual([]);
  });

  it('SES enumeration (Stratus ses-enumerate) is low discovery; the same name on another service is not', () => {
    for (const name of ['GetAccountSendingEnabled', 'GetSendQuota', 'ListIdentities'])
      expect(tagEvent(ev('ses.amazonaws.com', name))[0]).toMatchObject({
        ruleId: 'discovery.ses-enumeration',
        severity: 'low',
        technique: 'T1526',
      });
    // The same event name on another service is not SES reconnaissance.
    expect(ids(tagEvent(ev('organizations.amazonaws.com', 'GetAccount')))).not.toContain('discovery.ses-enumeration');
  });

  it('SES readied for sending (TTC T1496.A001), not SES sending switched off by a responder', () => {
    const on = tagEvent(
      ev('ses.amazonaws.com', 'UpdateAccountSendingEnabled', { requestParameters: { enabled: true } }),
    );
    expect(on[0]).toMatchObject({ ruleId: 'impact.ses-sending-setup', technique: 'T1496.004', severity: 'medium' });
    expect(tactics(on[0])).toEqual(['Impact']);
    const id = tagEvent(
      ev('ses.amazonaws.com', 'VerifyEmailIdentity', { requestParameters: { emailAddress: 'billing@example.net' } }),
    );
    expect(id[0]?.detail).toMatch(/billing@example\.net/);
    expect(tagEvent(ev('ses.amazonaws.com', 'PutAccountDetails'))[0]?.detail).toMatch(/production/);
    expect(
      tagEvent(ev('ses.amazonaws.com', 'UpdateAccountSendingEnabled', { requestParameters: { enabled: false } })),
    ).toEqual([]);
  });

  it('AWS Support case resolved (TTC T1098.A001) is Persistence and Privilege Escalation; opening a case is not', () => {
    const t = tagEvent(
      ev('support.amazonaws.com', 'ResolveCase', {
        requestParameters: { caseId: 'case-111122223333-muen-2026-7e1d2a3b4c5d6e7f' },
      }),
    );
    expect(t[0]).toMatchObject({ ruleId: 'persistence.support-case-resolved', technique: 'T1098' });
    expect(tactics(t[0])).toEqual(['Persistence', 'Privilege Escalation']);
    expect(tagEvent(ev('support.amazonaws.com', 'CreateCase'))).toEqual([]);
  });

  it('account created in or invited to the organization (TTC T1666.A001); listing accounts is not', () => {
    const t = tagEvent(
      ev('organizations.amazonaws.com', 'CreateAccount', {
        requestParameters: { accountName: 'prod-backup', email: 'ops+backup@example.net' },
      }),
    );
    expect(t[0]).toMatchObject({ ruleId: 'defense-evasion.org-account-created', technique: 'T1666' });
    expect(tactics(t[0])).toEqual(['Defense Evasion', 'Privilege Escalation']);
    expect(ids(tagEvent(ev('organizations.amazonaws.com', 'InviteAccountToOrganization')))).toContain(
      'defense-evasion.org-account-created',
    );
    expect(ids(tagEvent(ev('organizations.amazonaws.com', 'ListAccounts')))).not.toContain(
      'defense-evasion.org-account-created',
    );
  });

  it('S3 batch deletion (Stratus s3-ransomware-batch-deletion sample); a single DeleteObject is not', () => {
    const t = tagEvent(
      ev('s3.amazonaws.com', 'DeleteObjects', {
        eventCategory: 'Data',
        managementEvent: false,
        readOnly: false,
        requestParameters: {
          bucketName: 'target-bucket',
          Host: 'target-bucket.s3.us-east-1.amazonaws.com',
          delete: '',
          'x-id': 'DeleteObjects',
        },
      }),
    );
    expect(t[0]).toMatchObject({ ruleId: 'impact.s3-objects-batch-deleted', technique: 'T1485' });
    expect(
      tagEvent(ev('s3.amazonaws.com', 'DeleteObject', { requestParameters: { bucketName: 'b', key: 'a.txt' } })),
    ).toEqual([]);
  });

  it('S3 object written with SSE-C (TTC T1486.A001; Codefinger) is high; SSE-KMS is not', () => {
    const t = tagEvent(
      ev('s3.amazonaws.com', 'CopyObject', {
        eventCategory: 'Data',
        requestParameters: {
          bucketName: 'prod-data',
          key: 'exports/customers.csv',
          'x-amz-copy-source': 'prod-data/exports/customers.csv',
          'x-amz-server-side-encryption-customer-algorithm': 'AES256',
        },
      }),
    );
    expect(t[0]).toMatchObject({ ruleId: 'impact.s3-sse-c-encryption', technique: 'T1486', severity: 'high' });
    expect(t[0]!.detail).toMatch(/SSE-C AES256 on exports\/customers\.csv in prod-data/);
    expect(
      tagEvent(
        ev('s3.amazonaws.com', 'PutObject', {
          requestParameters: { bucketName: 'prod-data', key: 'a', 'x-amz-server-side-encryption': 'aws:kms' },
        }),
      ),
    ).toEqual([]);
  });

  it('domain registered with the account (TTC T1583.001) is Resource Development; checking availability is not', () => {
    const t = tagEvent(
      ev('route53domains.amazonaws.com', 'RegisterDomain', {
        requestParameters: { domainName: 'examp1e-login.com', durationInYears: 1 },
      }),
    );
    expect(t[0]).toMatchObject({
      ruleId: 'resource-development.domain-registered',
      tactic: 'Resource Development',
      tacticId: 'TA0042',
      technique: 'T1583.001',
    });
    expect(tagEvent(ev('route53domains.amazonaws.com', 'CheckDomainAvailability'))).toEqual([]);
  });

  it('SageMaker notebook start-up script set (Stratus sagemaker-update-lifecycle-config); a resize is not', () => {
    const t = tagEvent(
      ev('sagemaker.amazonaws.com', 'UpdateNotebookInstance', {
        requestParameters: { notebookInstanceName: 'victim-notebook', lifecycleConfigName: 'stratus-lifecycle' },
      }),
    );
    expect(t[0]).toMatchObject({ ruleId: 'privilege-escalation.sagemaker-lifecycle-config', technique: 'T1037' });
    expect(tactics(t[0])).toEqual(['Privilege Escalation', 'Persistence']);
    expect(
      tagEvent(
        ev('sagemaker.amazonaws.com', 'UpdateNotebookInstance', {
          requestParameters: { notebookInstanceName: 'victim-notebook', instanceType: 'ml.t3.large' },
        }),
      ),
    ).toEqual([]);
    expect(
      ids(
        tagEvent(
          ev('sagemaker.amazonaws.com', 'CreateNotebookInstanceLifecycleConfig', {
            requestParameters: { notebookInstanceLifecycleConfigName: 'x' },
          }),
        ),
      ),
    ).toEqual(['privilege-escalation.sagemaker-lifecycle-config']);
  });
});
