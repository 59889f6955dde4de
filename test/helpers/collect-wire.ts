/**
 * The AWS wire a live `collect` reads in us-east-1, served by nock from the real wire fixtures: the
 * IAM snapshot APIs, CloudTrail LookupEvents (two pages) and trail configuration, and EC2. Shared by
 * the collect test and the queued collect job test (the worker runs the same collect).
 */
import nock from 'nock';
import { queryForm, wire, wireJson } from './fixtures';

const json = { 'Content-Type': 'application/x-amz-json-1.1' };
const xml = { 'Content-Type': 'text/xml' };

export function serveIam() {
  const replies: Record<string, string[]> = {
    GetAccountAuthorizationDetails: [
      wire('iam/get-account-authorization-details-page1.xml'),
      wire('iam/get-account-authorization-details-page2.xml'),
    ],
    GetCredentialReport: [wire('iam/get-credential-report.xml')],
    GetAccountSummary: [wire('iam/get-account-summary.xml')],
    GetAccountPasswordPolicy: [wire('iam/get-account-password-policy.xml')],
    ListVirtualMFADevices: [wire('iam/list-virtual-mfa-devices.xml')],
    ListSAMLProviders: [wire('iam/list-saml-providers.xml')],
    ListOpenIDConnectProviders: [wire('iam/list-open-id-connect-providers.xml')],
    GetOpenIDConnectProvider: [wire('iam/get-open-id-connect-provider.xml')],
  };
  nock('https://iam.amazonaws.com')
    .persist()
    .post('/')
    .reply((_u, body) => {
      const form = queryForm(body);
      const q = replies[form.Action!];
      if (!q) return [500, `unexpected ${form.Action}`];
      const next = form.Action === 'GetAccountAuthorizationDetails' ? q[form.Marker ? 1 : 0]! : q[0]!;
      return [200, next, xml];
    });
}

export function serveCloudTrail(opts: { failLookup?: boolean } = {}) {
  const token = wireJson('cloudtrail/lookup-events-page1.json').NextToken as string;
  nock('https://cloudtrail.us-east-1.amazonaws.com')
    .persist()
    .post('/')
    .reply(function (_u, body) {
      const target = String(this.req.headers['x-amz-target']).split('.').pop();
      const b = (typeof body === 'string' ? JSON.parse(body) : body) as { NextToken?: string };
      switch (target) {
        case 'LookupEvents':
          if (opts.failLookup && b.NextToken === token)
            return [
              400,
              JSON.stringify({
                __type: 'AccessDeniedException',
                message: 'User is not authorized to perform: cloudtrail:LookupEvents',
              }),
              json,
            ];
          return [
            200,
            wire(b.NextToken === token ? 'cloudtrail/lookup-events-page2.json' : 'cloudtrail/lookup-events-page1.json'),
            json,
          ];
        case 'DescribeTrails':
          return [200, wire('cloudtrail/describe-trails.json'), json];
        case 'GetTrailStatus':
          return [200, wire('cloudtrail/get-trail-status.json'), json];
        case 'GetEventSelectors':
          return [200, wire('cloudtrail/get-event-selectors.json'), json];
        default:
          return [500, `unexpected ${target}`];
      }
    });
}

export function serveEc2() {
  const files: Record<string, string> = {
    DescribeSecurityGroups: 'ec2/describe-security-groups.xml',
    DescribeInstances: 'ec2/describe-instances.xml',
    DescribeVolumes: 'ec2/describe-volumes.xml',
    DescribeVpcs: 'ec2/describe-vpcs.xml',
    DescribeFlowLogs: 'ec2/describe-flow-logs.xml',
    GetEbsEncryptionByDefault: 'ec2/get-ebs-encryption-by-default.xml',
  };
  nock('https://ec2.us-east-1.amazonaws.com')
    .persist()
    .post('/')
    .reply((_u, body) => {
      const f = files[queryForm(body).Action!];
      return f ? [200, wire(f), { 'Content-Type': 'text/xml;charset=UTF-8' }] : [500, 'unexpected'];
    });
}

/** The files a collect of us-east-1 writes from serveEc2's and serveCloudTrail's answers (sorted). */
export const COLLECTED_EC2_FILES = [
  'describe-flow-logs.json',
  'describe-instances.json',
  'describe-security-groups.json',
  'describe-volumes.json',
  'describe-vpcs.json',
  'get-ebs-encryption-by-default.json',
];
export const COLLECTED_TRAIL_CONFIG_FILES = [
  'describe-trails.json',
  'get-event-selectors.json',
  'get-trail-status.json',
];
