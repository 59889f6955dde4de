/**
 * The live IAM snapshot at the HTTP level with the real IAM XML: GAAD over two pages, the
 * credential report absent → generated → still in progress → complete, every optional API, and
 * AccessDenied / NoSuchEntity handled as warnings / "no policy".
 */
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withApiCallTally } from '../../src/aws/api-calls';
import { resetAwsClients } from '../../src/aws/clients';
import { collectLiveIamSnapshot } from '../../src/sources/live/iam';
import { TEST_EXTERNAL_ID, liveContext, testAccount } from '../helpers/context';
import { wire } from '../helpers/fixtures';
import { iamServer } from './iam-server';

const account = testAccount({ accountId: '222222222222' });
const NOW = new Date('2025-03-14T12:30:00Z');
const accessDenied = (action: string) =>
  `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: arn:aws:sts::222222222222:assumed-role/TrailhoundReadOnly/trailhound is not authorized to perform: iam:${action} on resource: *</Message></Error><RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId></ErrorResponse>`;

const gaad = (): [number, string][] => [
  [200, wire('iam/get-account-authorization-details-page1.xml')],
  [200, wire('iam/get-account-authorization-details-page2.xml')],
];

describe('live IAM snapshot (real XML over HTTP)', () => {
  beforeEach(() => resetAwsClients());
  afterEach(() => nock.cleanAll());

  it('reads GAAD over two pages, generates and polls the credential report, in GAAD pages + 6 calls (+ report polls)', async () => {
    const srv = iamServer({
      GetAccountAuthorizationDetails: gaad(),
      GetCredentialReport: [
        [410, wire('iam/credential-report-not-present.xml')],
        [404, wire('iam/credential-report-not-ready.xml')],
        [200, wire('iam/get-credential-report.xml')],
      ],
      GenerateCredentialReport: [[200, wire('iam/generate-credential-report-started.xml')]],
      GetAccountSummary: [[200, wire('iam/get-account-summary.xml')]],
      GetAccountPasswordPolicy: [[200, wire('iam/get-account-password-policy.xml')]],
      ListVirtualMFADevices: [[200, wire('iam/list-virtual-mfa-devices.xml')]],
      ListSAMLProviders: [[200, wire('iam/list-saml-providers.xml')]],
      ListOpenIDConnectProviders: [[200, wire('iam/list-open-id-connect-providers.xml')]],
      GetOpenIDConnectProvider: [[200, wire('iam/get-open-id-connect-provider.xml')]],
    });
    // Organizations (SCPs/RCPs) is left out here: test/sources/organizations-live.test.ts counts it.
    const { value: s, tally } = await withApiCallTally(() =>
      collectLiveIamSnapshot(account, {
        externalId: TEST_EXTERNAL_ID,
        now: () => NOW,
        pollDelayMs: 1,
        organizations: false,
      }),
    );
    expect(s.warnings).toEqual([]);
    // Paging: the second GAAD request carries page 1's Marker, both ask for 1,000 items.
    const gaadForms = srv.forms.filter((f) => f.Action === 'GetAccountAuthorizationDetails');
    expect(gaadForms).toHaveLength(2);
    expect(gaadForms[0]!.MaxItems).toBe('1000');
    expect(gaadForms[0]!.Marker).toBeUndefined();
    expect(gaadForms[1]!.Marker).toMatch(/^EXAMPLEkakv9/);
    expect(srv.calls).toEqual({
      GetAccountAuthorizationDetails: 2,
      GetCredentialReport: 3,
      GenerateCredentialReport: 1,
      GetAccountSummary: 1,
      GetAccountPasswordPolicy: 1,
      ListVirtualMFADevices: 1,
      ListSAMLProviders: 1,
      ListOpenIDConnectProviders: 1,
      GetOpenIDConnectProvider: srv.calls.GetOpenIDConnectProvider,
    });
    const oidcCount = s.oidcProviders.length;
    expect(srv.calls.GetOpenIDConnectProvider).toBe(oidcCount);
    // pages (2) + 6, + 3 report calls beyond the first Get (Generate, the in-progress poll, the final Get),
    // + one Get per OIDC provider
    expect(s.apiCalls).toBe(2 + 6 + 3 + oidcCount);
    expect(tally.total).toBe(s.apiCalls);

    // Principals from both pages, documents URL-decoded.
    expect(s.users.map((u) => u.name).sort()).toEqual(['alice', 'bob', 'ci-deployer']);
    const bob = s.users.find((u) => u.name === 'bob')!;
    expect(bob.inlinePolicies[0]!.document.Statement).toEqual([
      { Effect: 'Deny', Action: 'aws-portal:*', Resource: '*' },
    ]);
    expect(bob.permissionsBoundaryArn).toBe('arn:aws:iam::222222222222:policy/DevBoundary');
    const ec2 = s.roles.find((r) => r.name === 'EC2role')!;
    expect(ec2.trustPolicy.Statement[0]!.Principal).toEqual({ Service: 'ec2.amazonaws.com' });
    expect(ec2.instanceProfiles).toEqual(['arn:aws:iam::222222222222:instance-profile/EC2role']);
    expect(s.roles.some((r) => r.lastUsed.date === null)).toBe(true); // the empty <RoleLastUsed/>
    const boundary = s.policies.find((p) => p.name === 'DevBoundary')!;
    expect(boundary.document.Statement.length).toBeGreaterThan(0);
    // Credential report (base64 CSV) parsed with the documented header.
    expect(s.credentialReport!.generatedTime).toBe('2025-03-14T12:00:05.000Z');
    expect(s.credentialReport!.rows.map((r) => r.user)).toEqual(['<root_account>', 'alice', 'bob', 'ci-deployer']);
    expect(s.credentialReport!.rows[2]!.passwordLastUsedRaw).toBe('no_information');
    expect(s.accountSummary!.Users).toBeGreaterThan(0);
    expect(s.passwordPolicy!.minimumPasswordLength).toBeGreaterThan(0);
    expect(s.oidcProviders[0]!.url).not.toMatch(/^https:/);
    expect(s.samlProviders.length).toBeGreaterThan(0);
  });

  it('reuses a credential report younger than 4 hours and treats a missing password policy as "none set"', async () => {
    const srv = iamServer({
      GetAccountAuthorizationDetails: [[200, wire('iam/get-account-authorization-details-page2.xml')]],
      GetCredentialReport: [[200, wire('iam/get-credential-report.xml')]],
      GetAccountSummary: [[200, wire('iam/get-account-summary.xml')]],
      GetAccountPasswordPolicy: [[404, wire('iam/no-such-entity-password-policy.xml')]],
      ListVirtualMFADevices: [[200, wire('iam/list-virtual-mfa-devices.xml')]],
      ListSAMLProviders: [[200, wire('iam/list-saml-providers.xml')]],
      ListOpenIDConnectProviders: [[200, wire('iam/list-open-id-connect-providers.xml')]],
      GetOpenIDConnectProvider: [[200, wire('iam/get-open-id-connect-provider.xml')]],
    });
    const s = await collectLiveIamSnapshot(account, { externalId: TEST_EXTERNAL_ID, now: () => NOW, pollDelayMs: 1 });
    expect(srv.calls.GenerateCredentialReport).toBeUndefined();
    expect(srv.calls.GetCredentialReport).toBe(1);
    expect(s.passwordPolicy).toBeNull();
    expect(s.warnings).toEqual([]);
  });

  it('regenerates a report older than 4 hours', async () => {
    const srv = iamServer({
      GetAccountAuthorizationDetails: [[200, wire('iam/get-account-authorization-details-page2.xml')]],
      GetCredentialReport: [[200, wire('iam/get-credential-report.xml')]],
      GenerateCredentialReport: [[200, wire('iam/generate-credential-report-complete.xml')]],
      GetAccountSummary: [[200, wire('iam/get-account-summary.xml')]],
      GetAccountPasswordPolicy: [[200, wire('iam/get-account-password-policy.xml')]],
      ListVirtualMFADevices: [[200, wire('iam/list-virtual-mfa-devices.xml')]],
      ListSAMLProviders: [[200, wire('iam/list-saml-providers.xml')]],
      ListOpenIDConnectProviders: [[200, wire('iam/list-open-id-connect-providers.xml')]],
      GetOpenIDConnectProvider: [[200, wire('iam/get-open-id-connect-provider.xml')]],
    });
    await collectLiveIamSnapshot(account, {
      externalId: TEST_EXTERNAL_ID,
      now: () => new Date('2025-03-15T00:00:00Z'),
      pollDelayMs: 1,
    });
    expect(srv.calls.GenerateCredentialReport).toBe(1);
    expect(srv.calls.GetCredentialReport).toBe(2);
  });

  it('turns AccessDenied on optional APIs into warnings naming the API and permission', async () => {
    iamServer({
      GetAccountAuthorizationDetails: [[200, wire('iam/get-account-authorization-details-page2.xml')]],
      GetCredentialReport: [[403, accessDenied('GetCredentialReport')]],
      GetAccountSummary: [[200, wire('iam/get-account-summary.xml')]],
      GetAccountPasswordPolicy: [[200, wire('iam/get-account-password-policy.xml')]],
      ListVirtualMFADevices: [[403, accessDenied('ListVirtualMFADevices')]],
      ListSAMLProviders: [[200, wire('iam/list-saml-providers.xml')]],
      ListOpenIDConnectProviders: [[200, wire('iam/list-open-id-connect-providers.xml')]],
      GetOpenIDConnectProvider: [[200, wire('iam/get-open-id-connect-provider.xml')]],
    });
    const s = await collectLiveIamSnapshot(account, { externalId: TEST_EXTERNAL_ID, now: () => NOW, pollDelayMs: 1 });
    expect(s.warnings.map((w) => [w.part, w.api, w.missing])).toEqual(
      expect.arrayContaining([
        ['credentialReport', 'iam:GetCredentialReport', true],
        ['virtualMfaDevices', 'iam:ListVirtualMFADevices', true],
      ]),
    );
    expect(s.warnings.find((w) => w.part === 'credentialReport')!.message).toMatch(/Grant iam:GetCredentialReport/);
    expect(s.users).toHaveLength(1);
  });

  it('persistent throttling on an optional API leaves that part missing with a warning, the rest intact', async () => {
    const srv = iamServer({
      GetAccountAuthorizationDetails: [[200, wire('iam/get-account-authorization-details-page2.xml')]],
      GetCredentialReport: [[200, wire('iam/get-credential-report.xml')]],
      GetAccountSummary: [[200, wire('iam/get-account-summary.xml')]],
      GetAccountPasswordPolicy: [[200, wire('iam/get-account-password-policy.xml')]],
      ListVirtualMFADevices: [[200, wire('iam/list-virtual-mfa-devices.xml')]],
      ListSAMLProviders: [[400, wire('iam/error-throttling.xml')]],
      ListOpenIDConnectProviders: [[200, wire('iam/list-open-id-connect-providers.xml')]],
      GetOpenIDConnectProvider: [[200, wire('iam/get-open-id-connect-provider.xml')]],
    });
    const s = await collectLiveIamSnapshot(account, { externalId: TEST_EXTERNAL_ID, now: () => NOW, pollDelayMs: 1 });
    expect(srv.calls.ListSAMLProviders).toBe(3); // AWS_MAX_ATTEMPTS=3 in tests: the SDK retried
    expect(s.warnings).toEqual([
      expect.objectContaining({ part: 'samlProviders', api: 'iam:ListSAMLProviders', missing: true }),
    ]);
    expect(s.warnings[0]!.message).toMatch(/throttled/i);
    expect(s.users).toHaveLength(1);
    expect(s.credentialReport).not.toBeNull();
  });

  it('is memoised per account in a context: two tools, one snapshot, one set of calls', async () => {
    const srv = iamServer({
      GetAccountAuthorizationDetails: [[200, wire('iam/get-account-authorization-details-page2.xml')]],
      GetCredentialReport: [[200, wire('iam/get-credential-report.xml')]],
      GetAccountSummary: [[200, wire('iam/get-account-summary.xml')]],
      GetAccountPasswordPolicy: [[200, wire('iam/get-account-password-policy.xml')]],
      ListVirtualMFADevices: [[200, wire('iam/list-virtual-mfa-devices.xml')]],
      ListSAMLProviders: [[200, wire('iam/list-saml-providers.xml')]],
      ListOpenIDConnectProviders: [[200, wire('iam/list-open-id-connect-providers.xml')]],
      GetOpenIDConnectProvider: [[200, wire('iam/get-open-id-connect-provider.xml')]],
    });
    const ctx = liveContext({ accounts: [account], now: NOW });
    const [a, b] = await Promise.all([ctx.sources.iam(account).snapshot(), ctx.sources.iam(account).snapshot()]);
    expect(a).toBe(b);
    expect(srv.calls.GetAccountAuthorizationDetails).toBe(1);
  });
});
