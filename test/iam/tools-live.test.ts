/**
 * analyze_roles / analyze_role over live IAM (real XML through nock): one snapshot per conversation,
 * its API calls counted by executeTool, and AccessDenied on GAAD turned into an actionable error.
 */
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resetAwsClients } from '../../src/aws/clients';
import { executeTool } from '../../src/runtime/execute-tool';
import analyzeRole from '../../tools/analyze-role';
import analyzeRoles from '../../tools/analyze-roles';
import { liveContext, testAccount } from '../helpers/context';
import { wire } from '../helpers/fixtures';
import { fullOrgScript, ok as orgOk, OU, orgServer } from '../helpers/organizations-wire';
import { iamServer } from './iam-server';

const account = testAccount({ accountId: '222222222222' });
const NOW = new Date('2025-03-14T12:30:00Z');
const ok = (file: string): [number, string][] => [[200, wire(file)]];

const fullScript = () => ({
  GetAccountAuthorizationDetails: [
    [200, wire('iam/get-account-authorization-details-page1.xml')],
    [200, wire('iam/get-account-authorization-details-page2.xml')],
  ] as [number, string][],
  GetCredentialReport: ok('iam/get-credential-report.xml'),
  GetAccountSummary: ok('iam/get-account-summary.xml'),
  GetAccountPasswordPolicy: ok('iam/get-account-password-policy.xml'),
  ListVirtualMFADevices: ok('iam/list-virtual-mfa-devices.xml'),
  ListSAMLProviders: ok('iam/list-saml-providers.xml'),
  ListOpenIDConnectProviders: ok('iam/list-open-id-connect-providers.xml'),
  GetOpenIDConnectProvider: ok('iam/get-open-id-connect-provider.xml'),
});

describe('IAM tools over live IAM', () => {
  beforeEach(() => resetAwsClients());
  afterEach(() => nock.cleanAll());

  it('ranks principals from one snapshot (GAAD pages + 6 calls + OIDC), then analyses one without another call', async () => {
    const srv = iamServer(fullScript());
    // FullAWSAccess at every level (the OU's second page lists nothing more): SCPs are read and
    // applied without narrowing anything (test/sources/organizations-live.test.ts covers a Deny).
    const org = orgServer({
      ...fullOrgScript(),
      [`ListPoliciesForTarget ${OU} SERVICE_CONTROL_POLICY AAAAAExampleOuPoliciesNextToken2`]: orgOk(
        'list-policies-for-target-empty.json',
      ),
    });
    const ctx = liveContext({ accounts: [account], now: NOW });
    const ranked = await executeTool(ctx, analyzeRoles, {
      principal_types: ['role', 'user', 'group'],
    });
    if (!ranked.ok) throw new Error(ranked.error);
    // 2 GAAD pages + 6 (fresh report reused) + one GetOpenIDConnectProvider per provider (2), plus
    // the organization's SCPs/RCPs: DescribeOrganization, ListRoots, 2 ListParents, 3 levels × 2
    // types of ListPoliciesForTarget (+1 page), 2 DescribePolicy.
    expect(org.calls).toHaveLength(1 + 1 + 2 + 7 + 2);
    expect(ranked.apiCalls).toBe(2 + 6 + 2 + org.calls.length);
    // The live answer applied them and says so.
    expect(ranked.result.summary).toMatch(
      /Applied: Service Control Policies, Resource Control Policies, permissions boundaries/,
    );
    expect(srv.calls.GenerateCredentialReport).toBeUndefined();
    const data = ranked.result.data as { ranked: { name: string; type: string; categories: string[] }[] };
    const admins = data.ranked.filter((r) => r.categories.includes('FullAdmin')).map((r) => `${r.type}:${r.name}`);
    expect(admins).toEqual(expect.arrayContaining(['user:alice', 'group:Admins', 'role:OktaAdmin']));
    expect(ranked.result.sources[0]).toMatchObject({ account: 'prod', calls: 10 + org.calls.length });

    const bob = await executeTool(ctx, analyzeRole, {
      name: 'arn:aws:iam::222222222222:user/bob',
    });
    if (!bob.ok) throw new Error(bob.error);
    expect(bob.apiCalls).toBe(0);
    expect(srv.calls.GetAccountAuthorizationDetails).toBe(2);
    const b = bob.result.data as { findings: { category: string }[]; principal: { permissionsBoundary: string } };
    // PowerUserAccess via group Dev, cut down by the DevBoundary (which denies iam:* and organizations:*).
    expect(b.principal.permissionsBoundary).toBe('arn:aws:iam::222222222222:policy/DevBoundary');
    expect(b.findings.map((f) => f.category)).not.toContain('FullAdmin');
    expect(b.findings.map((f) => f.category)).not.toContain('PrivilegeEscalation');
    expect(bob.result.warnings.join(' ')).toMatch(/PowerUserAccess was evaluated from its published AWS document/);
  });

  it('AccessDenied on GetAccountAuthorizationDetails is an error naming the API and the permission', async () => {
    const denied = `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: arn:aws:sts::222222222222:assumed-role/TrailhoundReadOnly/trailhound is not authorized to perform: iam:GetAccountAuthorizationDetails on resource: *</Message></Error><RequestId>r1</RequestId></ErrorResponse>`;
    iamServer({ ...fullScript(), GetAccountAuthorizationDetails: [[403, denied]] });
    orgServer(fullOrgScript());
    const ctx = liveContext({ accounts: [account], now: NOW });
    const out = await executeTool(ctx, analyzeRoles, {});
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.error).toMatch(/Grant iam:GetAccountAuthorizationDetails to the read role/);
  });
});
