/**
 * Live EC2 and CloudTrail configuration readers at the HTTP level: real EC2 query XML and
 * CloudTrail JSON bodies (test/fixtures/wire), SigV4-signed SDK requests, pagination, and
 * failures turned into warnings naming the API.
 */
import { readFileSync } from 'node:fs';
import nock from 'nock';
import { beforeEach, describe, expect, it } from 'vitest';
import { resetAwsClients } from '../../src/aws/clients';
import { loadEc2Live } from '../../src/sources/live/ec2';
import { liveRegional } from '../../src/sources/live/posture';
import { testAccount, TEST_EXTERNAL_ID } from '../helpers/context';
import { KMS_EMPTY, serveKms } from '../helpers/kms-wire';
import { serveWorkloads, WORKLOADS_EMPTY } from '../helpers/workload-wire';
import { MON_EMPTY, serveMonitoring } from '../helpers/monitoring-wire';

const wire = (p: string) => readFileSync(`test/fixtures/wire/${p}`, 'utf8');
const XML = { 'content-type': 'text/xml;charset=UTF-8' };
const JSON_1_1 = { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'req-1' };
const opts = { externalId: TEST_EXTERNAL_ID };
const account = testAccount({ accountId: '222222222222', regions: ['us-east-1'] });

/** Routes EC2 query requests by their Action parameter. */
function ec2(region: string, replies: Record<string, string | ((body: URLSearchParams) => [number, string])>) {
  const seen: string[] = [];
  nock(`https://ec2.${region}.amazonaws.com`)
    .persist()
    .post('/', () => true)
    .reply((_uri, body) => {
      const params = new URLSearchParams(String(body));
      const action = params.get('Action')!;
      seen.push(params.get('NextToken') ? `${action}+page` : action);
      const r = replies[action];
      if (r === undefined)
        return [
          500,
          `<Response><Errors><Error><Code>InternalError</Code><Message>unexpected ${action}</Message></Error></Errors></Response>`,
          XML,
        ];
      const [status, text] = typeof r === 'function' ? r(params) : [200, r];
      return [status, text, XML];
    });
  return seen;
}

const OK = {
  DescribeSecurityGroups: wire('ec2/describe-security-groups.xml'),
  DescribeInstances: wire('ec2/describe-instances.xml'),
  DescribeVolumes: wire('ec2/describe-volumes.xml'),
  DescribeVpcs: wire('ec2/describe-vpcs.xml'),
  DescribeFlowLogs: wire('ec2/describe-flow-logs.xml'),
  GetEbsEncryptionByDefault: wire('ec2/get-ebs-encryption-by-default.xml'),
};

describe('live EC2 configuration', () => {
  beforeEach(() => resetAwsClients());

  it('reads and parses every part, following nextToken pages', async () => {
    const page1 = OK.DescribeSecurityGroups.replace(
      '</securityGroupInfo>',
      '</securityGroupInfo>\n    <nextToken>tok-2</nextToken>',
    );
    const page2 = OK.DescribeSecurityGroups.replace(/<groupId>sg-/g, '<groupId>sg-p2');
    const seen = ec2('us-east-1', {
      ...OK,
      DescribeSecurityGroups: (p) => [200, p.get('NextToken') === 'tok-2' ? page2 : page1],
    });
    const r = await loadEc2Live(account, 'us-east-1', opts);
    expect(r.warnings).toEqual([]);
    expect(seen).toEqual([
      'DescribeSecurityGroups',
      'DescribeSecurityGroups+page',
      'DescribeInstances',
      'DescribeVolumes',
      'DescribeVpcs',
      'DescribeFlowLogs',
      'GetEbsEncryptionByDefault',
    ]);
    const sgs = r.region.securityGroups!;
    expect(sgs.length).toBeGreaterThan(1);
    expect(sgs.filter((g) => g.GroupId.startsWith('sg-p2')).length).toBe(sgs.length / 2);
    const ssh = sgs.find((g) => g.GroupId === 'sg-0123456789abcdef0')!;
    expect(ssh.IpPermissions![0]).toMatchObject({ IpProtocol: 'tcp', FromPort: 22, ToPort: 22 });
    expect(ssh.IpPermissions![0]!.IpRanges!.map((x) => x.CidrIp)).toContain('0.0.0.0/0');
    expect(ssh.IpPermissions![0]!.Ipv6Ranges!.map((x) => x.CidrIpv6)).toContain('::/0');
    expect(r.region.instances!.map((i) => i.MetadataOptions?.HttpTokens).sort()).toEqual(['optional', 'required']);
    expect(typeof r.region.instances![0]!.LaunchTime).toBe('string'); // dates become ISO strings
    expect(r.region.volumes!.map((v) => v.Encrypted).sort()).toEqual([false, true]);
    expect(r.region.vpcs!.length).toBeGreaterThan(0);
    expect(r.region.flowLogs!.length).toBe(1);
    expect(r.region.ebsEncryptionByDefault).toBe(false);
  });

  it('an UnauthorizedOperation on one API leaves that part unread with a warning naming the permission', async () => {
    ec2('us-east-1', { ...OK, DescribeVolumes: () => [403, wire('ec2/error-unauthorized-operation.xml')] });
    const r = await loadEc2Live(account, 'us-east-1', opts);
    expect(r.region.volumes).toBeUndefined();
    expect(r.region.securityGroups).toBeDefined();
    expect(r.region.ebsEncryptionByDefault).toBe(false);
    expect(r.regionFailed).toBe(false);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatchObject({
      api: 'ec2:DescribeVolumes',
      permission: 'ec2:DescribeVolumes',
      region: 'us-east-1',
      parts: ['volumes'],
    });
    expect(r.warnings[0]!.message).toMatch(/Access denied calling ec2:DescribeVolumes/);
  });

  it('an opt-in region that is not enabled (AuthFailure) is diagnosed and stops that region after one call', async () => {
    const seen = ec2('ap-east-1', { DescribeSecurityGroups: () => [401, wire('ec2/error-auth-failure.xml')] });
    const r = await loadEc2Live({ ...account, regions: ['ap-east-1'] }, 'ap-east-1', opts);
    expect(seen).toEqual(['DescribeSecurityGroups']);
    expect(r.regionFailed).toBe(true);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]!.parts).toEqual([
      'securityGroups',
      'instances',
      'volumes',
      'vpcs',
      'flowLogs',
      'ebsEncryptionByDefault',
    ]);
    expect(r.warnings[0]!.message).toMatch(/ap-east-1 is an opt-in region: most likely it is not enabled/);
  });
});

describe('live CloudTrail configuration', () => {
  beforeEach(() => resetAwsClients());

  it('describes trails per region and reads status + selectors once per trail, in its home region', async () => {
    ec2('us-east-1', OK);
    ec2('eu-west-1', OK);
    serveKms('us-east-1', KMS_EMPTY);
    serveKms('eu-west-1', KMS_EMPTY);
    serveWorkloads('us-east-1', WORKLOADS_EMPTY);
    serveWorkloads('eu-west-1', WORKLOADS_EMPTY);
    serveMonitoring('us-east-1', MON_EMPTY);
    serveMonitoring('eu-west-1', MON_EMPTY);
    const calls: string[] = [];
    for (const region of ['us-east-1', 'eu-west-1'])
      nock(`https://cloudtrail.${region}.amazonaws.com`)
        .persist()
        .post('/')
        .reply(function (_uri, body) {
          const op = String(this.req.headers['x-amz-target']).split('.').pop()!;
          const b = (typeof body === 'string' ? JSON.parse(body || '{}') : body) as Record<string, string>;
          calls.push(`${region} ${op} ${b.Name ?? b.TrailName ?? ''}`.trim());
          if (op === 'DescribeTrails') return [200, wire('cloudtrail/describe-trails.json'), JSON_1_1];
          if (op === 'GetTrailStatus') return [200, wire('cloudtrail/get-trail-status.json'), JSON_1_1];
          if (op === 'GetEventSelectors')
            return b.TrailName?.includes('org-trail')
              ? [200, wire('cloudtrail/get-event-selectors-advanced.json'), JSON_1_1]
              : [
                  400,
                  JSON.stringify({
                    __type: 'AccessDeniedException',
                    message: 'not authorized to perform cloudtrail:GetEventSelectors',
                  }),
                  JSON_1_1,
                ];
          return [400, '{}', JSON_1_1];
        });
    const r = await liveRegional({ ...account, regions: ['us-east-1', 'eu-west-1'] }, opts).read([
      'us-east-1',
      'eu-west-1',
    ]);
    const mgmt = 'arn:aws:cloudtrail:us-east-1:222222222222:trail/management-events';
    const org = 'arn:aws:cloudtrail:us-east-1:111111111111:trail/org-trail';
    expect(calls.filter((c) => c.includes('DescribeTrails')).sort()).toEqual([
      'eu-west-1 DescribeTrails',
      'us-east-1 DescribeTrails',
    ]);
    // both trails are homed in us-east-1: details read there only
    expect(calls.filter((c) => !c.includes('DescribeTrails')).sort()).toEqual(
      [
        `us-east-1 GetEventSelectors ${mgmt}`,
        `us-east-1 GetEventSelectors ${org}`,
        `us-east-1 GetTrailStatus ${mgmt}`,
        `us-east-1 GetTrailStatus ${org}`,
      ].sort(),
    );
    const use1 = r.regions['us-east-1']!;
    expect(use1.trails!.map((t) => t.Name)).toEqual(['management-events', 'org-trail']);
    expect(use1.trailStatus![mgmt]).toMatchObject({ IsLogging: false, StopLoggingTime: '2025-03-14T12:05:17.301Z' });
    expect(use1.eventSelectors![org]!.AdvancedEventSelectors![0]!.FieldSelectors[0]).toEqual({
      Field: 'eventCategory',
      Equals: ['Management'],
    });
    expect(use1.eventSelectors![mgmt]).toBeUndefined();
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatchObject({
      api: 'cloudtrail:GetEventSelectors',
      permission: 'cloudtrail:GetEventSelectors',
      parts: ['eventSelectors'],
    });
    expect(r.warnings[0]!.message).toMatch(/^management-events: /);
  });
});
