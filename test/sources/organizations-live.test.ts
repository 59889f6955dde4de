/**
 * The live AWS Organizations reader (SCPs/RCPs of one account): DescribeOrganization, ListRoots,
 * ListParents up to the root, ListPoliciesForTarget per level and type (paginated), DescribePolicy
 * once per policy — replayed at the HTTP level with the JSON 1.1 shapes of the Organizations API
 * reference (test/fixtures/wire/organizations), including AccessDenied, not-in-use and throttling.
 */
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resetAwsClients } from '../../src/aws/clients';
import { Evaluator, evaluationNote } from '../../src/iam/evaluate';
import { emptySnapshot, type IamRole } from '../../src/iam/snapshot';
import { normaliseOrganizationPolicies, organizationCoverage } from '../../src/iam/organizations';
import { organizationsReader } from '../../src/runtime/organizations-reader';
import { organizationPoliciesFileOf } from '../../src/sources/live/collect-organizations';
import { readOrganizationPolicies } from '../../src/sources/live/organizations';
import { testAccount, TEST_EXTERNAL_ID } from '../helpers/context';
import { wire } from '../helpers/fixtures';
import { ACCOUNT, fullOrgScript, ok, OU, orgServer, ROOT } from '../helpers/organizations-wire';
import { parseConfig } from '../../src/config';
import { collectLiveIamSnapshot } from '../../src/sources/live/iam';
import { iamServer } from '../iam/iam-server';

const account = testAccount({ name: 'prod', accountId: ACCOUNT });

const read = (via = account) => readOrganizationPolicies({ accountId: ACCOUNT, via, externalId: TEST_EXTERNAL_ID });

describe('live AWS Organizations policies (JSON 1.1 wire)', () => {
  beforeEach(() => resetAwsClients());
  afterEach(() => nock.cleanAll());

  it('walks account → OU → root, lists SCPs (every page) and RCPs per level, describes each policy once', async () => {
    const srv = orgServer(fullOrgScript());
    const r = await read();
    const o = r.organizations;
    expect(o.managementAccountId).toBe('111111111111');
    expect(o.targets.map((t) => `${t.type} ${t.id}`)).toEqual([
      `ROOT ${ROOT}`,
      `ORGANIZATIONAL_UNIT ${OU}`,
      `ACCOUNT ${ACCOUNT}`,
    ]);
    expect(o.targets[1]!.scps!.map((p) => p.name)).toEqual(['FullAWSAccess', 'DenyIamUserCredentials']);
    expect(o.targets[0]!.rcps!.map((p) => p.name)).toEqual(['RCPFullAWSAccess']);
    expect(organizationCoverage(o)).toEqual({ scps: true, rcps: true });
    // FullAWSAccess is attached at three levels but described once.
    expect(srv.calls.filter((c) => c === 'DescribePolicy p-FullAWSAccess')).toHaveLength(1);
    expect(srv.calls).toContain(`ListPoliciesForTarget ${OU} SERVICE_CONTROL_POLICY AAAAAExampleOuPoliciesNextToken2`);
    expect(r.apiCalls).toBe(srv.calls.length);
    expect(evaluationNote(o)).toMatch(
      /^Applied: Service Control Policies, Resource Control Policies, permissions boundaries/,
    );

    // The file collect writes reads back to the same policies (what the evidence reader applies).
    const again = normaliseOrganizationPolicies(
      JSON.parse(JSON.stringify(organizationPoliciesFileOf(o))),
      'evidence organizations/policies.json',
    );
    expect(again.targets).toEqual(o.targets);
    expect(again.managementAccountId).toBe('111111111111');
  });

  it('the SCP it read is applied: an admin in the account loses what the OU SCP denies', async () => {
    orgServer(fullOrgScript());
    const o = (await read()).organizations;
    const snap = { ...emptySnapshot(ACCOUNT, '2026-11-23T09:00:00Z', 'live'), organizations: o };
    const role = {
      name: 'Admin',
      id: 'AROAEXAMPLEADMIN0001',
      arn: `arn:aws:iam::${ACCOUNT}:role/Admin`,
      path: '/',
      createDate: null,
      description: null,
      maxSessionDuration: null,
      trustPolicy: { Version: '2012-10-17', Statement: [] },
      instanceProfiles: [],
      inlinePolicies: [
        {
          name: 'all',
          document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
        },
      ],
      attachedPolicies: [],
      permissionsBoundaryArn: null,
      tags: [],
      lastUsed: { date: null, region: null },
    } as IamRole;
    snap.roles.push(role);
    const ev = new Evaluator(snap);
    const eff = ev.evaluate({ kind: 'role', role });
    const has = (a: string) => eff.allowed.has(ev.cat.index.get(a.toLowerCase())!);
    expect(has('iam:CreateAccessKey')).toBe(false);
    expect(has('organizations:LeaveOrganization')).toBe(false);
    expect(has('iam:CreateRole')).toBe(true);
    expect(eff.applied.scps).toBe('applied');
  });

  it('AccessDenied (a member account that is not a delegated administrator) is named: "SCPs not evaluated: <reason>"', async () => {
    orgServer({
      ...fullOrgScript(),
      ListRoots: [[400, wire('organizations/access-denied.json')]],
    });
    const o = (await read()).organizations;
    expect(o.targets).toEqual([]);
    expect(organizationCoverage(o)).toEqual({ scps: false, rcps: false });
    const note = evaluationNote(o);
    expect(note).toMatch(/Not evaluated: Service Control Policies, Resource Control Policies/);
    expect(note).toMatch(
      /SCPs not evaluated: organizations:ListRoots was denied to the account's own read role \(AccessDeniedException\)\. .*management account or a delegated administrator: set TRAILHOUND_ORGANIZATIONS_ACCOUNT/,
    );
  });

  it('an account outside any organization: SCPs not evaluated because none apply (AWSOrganizationsNotInUseException)', async () => {
    const srv = orgServer({ DescribeOrganization: [[400, wire('organizations/not-in-use.json')]] });
    const o = (await read()).organizations;
    expect(srv.calls).toEqual(['DescribeOrganization']);
    expect(evaluationNote(o)).toMatch(
      /SCPs not evaluated: account 222222222222 is not a member of an AWS Organization .*AWSOrganizationsNotInUseException/,
    );
  });

  it('throttling is retried; throttling that persists leaves that policy type unread, never half-applied', async () => {
    // One throttled reply, then success: the SDK retries and the answer is complete.
    const once = fullOrgScript();
    once[`ListParents ${ACCOUNT}`] = [
      [400, wire('organizations/too-many-requests.json')],
      ...once[`ListParents ${ACCOUNT}`]!,
    ];
    orgServer(once);
    expect(organizationCoverage((await read()).organizations)).toEqual({ scps: true, rcps: true });
    nock.cleanAll();
    resetAwsClients();

    // The RCP listing stays throttled: RCPs are not applied, SCPs still are.
    const always = fullOrgScript();
    always[`ListPoliciesForTarget ${OU} RESOURCE_CONTROL_POLICY`] = [
      [400, wire('organizations/too-many-requests.json')],
    ];
    orgServer(always);
    const o = (await read()).organizations;
    expect(organizationCoverage(o)).toEqual({ scps: true, rcps: false });
    expect(o.targets.every((t) => t.rcps === null)).toBe(true);
    expect(evaluationNote(o)).toMatch(
      /Applied: Service Control Policies, permissions boundaries.*RCPs not evaluated: AWS Organizations throttled organizations:ListPoliciesForTarget \(TooManyRequestsException\) after retries/,
    );
  });

  it('a policy whose DescribePolicy is denied makes SCPs unapplied (a missing SCP would deny what it allows)', async () => {
    const s = fullOrgScript();
    s['DescribePolicy p-examplepolicyid111'] = [[400, wire('organizations/access-denied.json')]];
    orgServer(s);
    const o = (await read()).organizations;
    expect(organizationCoverage(o)).toEqual({ scps: false, rcps: true });
    expect(o.notes.join(' ')).toMatch(
      /Policy p-examplepolicyid111 could not be read: organizations:DescribePolicy was denied/,
    );
  });

  it('SCPs not enabled on the root: said, not applied', async () => {
    const s = fullOrgScript();
    s.ListRoots = ok('list-roots-scp-only.json');
    const srv = orgServer(s);
    const o = (await read()).organizations;
    expect(srv.calls.some((c) => c.includes('RESOURCE_CONTROL_POLICY'))).toBe(false);
    expect(organizationCoverage(o)).toEqual({ scps: true, rcps: false });
    expect(evaluationNote(o)).toMatch(
      /RCPs not evaluated: resource control policies are not enabled in this organization/,
    );
  });

  it('TRAILHOUND_ORGANIZATIONS_ACCOUNT reads with the management account role; an unknown name is said', () => {
    const mgmt = testAccount({
      name: 'management',
      accountId: '111111111111',
      roleArn: 'arn:aws:iam::111111111111:role/TrailhoundReadOnly',
    });
    const pick = organizationsReader([account, mgmt], parseConfig({ TRAILHOUND_ORGANIZATIONS_ACCOUNT: 'management' }));
    expect(pick(account).via).toBe(mgmt);
    expect(organizationsReader([account], parseConfig({}))(account)).toEqual({});
    const unknown = organizationsReader([account], parseConfig({ TRAILHOUND_ORGANIZATIONS_ACCOUNT: 'nope' }))(account);
    expect(unknown.preface).toMatch(/names "nope", which is not a configured account/);
  });

  it('the live IAM snapshot carries them and counts their calls', async () => {
    const srv = orgServer(fullOrgScript());
    const iam = iamServer({
      GetAccountAuthorizationDetails: [
        [200, wire('iam/get-account-authorization-details-page1.xml')],
        [200, wire('iam/get-account-authorization-details-page2.xml')],
      ],
      GetCredentialReport: [[200, wire('iam/get-credential-report.xml')]],
      GetAccountSummary: [[200, wire('iam/get-account-summary.xml')]],
      GetAccountPasswordPolicy: [[200, wire('iam/get-account-password-policy.xml')]],
      ListVirtualMFADevices: [[200, wire('iam/list-virtual-mfa-devices.xml')]],
      ListSAMLProviders: [[200, wire('iam/list-saml-providers.xml')]],
      ListOpenIDConnectProviders: [[200, wire('iam/list-open-id-connect-providers.xml')]],
      GetOpenIDConnectProvider: [[200, wire('iam/get-open-id-connect-provider.xml')]],
    });
    const snap = await collectLiveIamSnapshot(account, {
      externalId: TEST_EXTERNAL_ID,
      now: () => new Date('2025-03-14T12:30:00Z'),
    });
    expect(organizationCoverage(snap.organizations)).toEqual({ scps: true, rcps: true });
    const iamCalls = Object.values(iam.calls).reduce((a, b) => a + b, 0);
    expect(snap.apiCalls).toBe(iamCalls + srv.calls.length);
  });
});
