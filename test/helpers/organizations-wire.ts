/**
 * A nock AWS Organizations endpoint (JSON 1.1: POST /, X-Amz-Target AWSOrganizationsV20161128.<Op>)
 * replying from test/fixtures/wire/organizations, and the script of an account (222222222222) under
 * one OU and the root with SCPs and RCPs enabled.
 */
import nock from 'nock';
import { wire } from './fixtures';

const ORG = 'https://organizations.us-east-1.amazonaws.com';
export const ACCOUNT = '222222222222';
export const OU = 'ou-examplerootid111-exampleouid111';
export const ROOT = 'r-examplerootid111';

type Reply = [number, string];
/** Replies per "<Op> <key>" (key: the request's ChildId / TargetId+Filter+NextToken / PolicyId), queues repeat their last. */
export function orgServer(script: Record<string, Reply[]>) {
  const calls: string[] = [];
  nock(ORG)
    .persist()
    .post('/')
    .reply(function (_uri, body) {
      const op = String(this.req.headers['x-amz-target']).replace('AWSOrganizationsV20161128.', '');
      const b = (typeof body === 'string' ? JSON.parse(body || '{}') : body) as Record<string, string>;
      const key = [op, b.ChildId, b.TargetId, b.Filter, b.NextToken, b.PolicyId].filter(Boolean).join(' ');
      calls.push(key);
      const queue = script[key] ?? script[op];
      if (!queue?.length) return [500, JSON.stringify({ __type: 'ServiceException', Message: `unexpected ${key}` })];
      const next = queue.length > 1 ? queue.shift()! : queue[0]!;
      return [next[0], next[1], { 'Content-Type': 'application/x-amz-json-1.1' }];
    });
  return { calls };
}

export const ok = (f: string): Reply[] => [[200, wire(`organizations/${f}`)]];
export const fullOrgScript = (): Record<string, Reply[]> => ({
  DescribeOrganization: ok('describe-organization.json'),
  ListRoots: ok('list-roots.json'),
  [`ListParents ${ACCOUNT}`]: ok('list-parents-account.json'),
  [`ListParents ${OU}`]: ok('list-parents-ou.json'),
  [`ListPoliciesForTarget ${ROOT} SERVICE_CONTROL_POLICY`]: ok('list-policies-for-target-full-aws-access.json'),
  [`ListPoliciesForTarget ${OU} SERVICE_CONTROL_POLICY`]: ok('list-policies-for-target-ou-page1.json'),
  [`ListPoliciesForTarget ${OU} SERVICE_CONTROL_POLICY AAAAAExampleOuPoliciesNextToken2`]: ok(
    'list-policies-for-target-ou-page2.json',
  ),
  [`ListPoliciesForTarget ${ACCOUNT} SERVICE_CONTROL_POLICY`]: ok('list-policies-for-target-full-aws-access.json'),
  [`ListPoliciesForTarget ${ROOT} RESOURCE_CONTROL_POLICY`]: ok('list-policies-for-target-rcp-full-aws-access.json'),
  [`ListPoliciesForTarget ${OU} RESOURCE_CONTROL_POLICY`]: ok('list-policies-for-target-empty.json'),
  [`ListPoliciesForTarget ${ACCOUNT} RESOURCE_CONTROL_POLICY`]: ok('list-policies-for-target-empty.json'),
  'DescribePolicy p-FullAWSAccess': ok('describe-policy-full-aws-access.json'),
  'DescribePolicy p-examplepolicyid111': ok('describe-policy-deny-iam-user-credentials.json'),
  'DescribePolicy p-RCPFullAWSAccess': ok('describe-policy-rcp-full-aws-access.json'),
});
