/**
 * `accounts test` at the HTTP level: STS AssumeRole (with the External ID), GetCallerIdentity,
 * IAM GetAccountSummary and per-region STS, replayed with the services' real XML.
 */
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testAccount as runAccountTest } from '../../src/aws/account-test';
import { resetAwsClients } from '../../src/aws/clients';
import { testAccount } from '../helpers/context';
import { queryForm, wire } from '../helpers/fixtures';

const ROLE = 'arn:aws:iam::222222222222:role/TrailhoundReadOnly';
const EXTERNAL_ID = '8b1f6a52-4b5c-4d0e-9a39-0f5d2c7e1a11';
const account = testAccount({
  name: 'prod',
  accountId: '222222222222',
  roleArn: ROLE,
  regions: ['us-east-1', 'ap-east-1'],
});
const xml = { 'Content-Type': 'text/xml' };

function assumedIdentity(): string {
  return wire('sts/get-caller-identity.xml')
    .replace(
      'arn:aws:iam::111111111111:user/trailhound',
      'arn:aws:sts::222222222222:assumed-role/TrailhoundReadOnly/trailhound-test',
    )
    .replace('<Account>111111111111</Account>', '<Account>222222222222</Account>');
}

describe('accounts test (AssumeRole + GetAccountSummary, real XML)', () => {
  beforeEach(() => resetAwsClients());
  afterEach(() => expect(nock.pendingMocks()).toEqual([]));

  it('assumes the role with the External ID, reads IAM and checks each region', async () => {
    let assumeForm: Record<string, string> = {};
    let iamAuth = '';
    nock('https://sts.us-east-1.amazonaws.com')
      .post('/', (b) => queryForm(b).Action === 'AssumeRole')
      .reply(
        200,
        (_uri, body) => {
          assumeForm = queryForm(body);
          return wire('sts/assume-role.xml');
        },
        xml,
      )
      .post('/', (b) => queryForm(b).Action === 'GetCallerIdentity')
      .times(2)
      .reply(200, assumedIdentity(), xml);
    nock('https://iam.amazonaws.com')
      .post('/', (b) => queryForm(b).Action === 'GetAccountSummary')
      .reply(function () {
        iamAuth = String(this.req.headers.authorization);
        return [200, wire('iam/get-account-summary.xml'), xml];
      });
    nock('https://sts.ap-east-1.amazonaws.com').post('/').reply(403, wire('sts/region-disabled.xml'), xml);

    const r = await runAccountTest(account, EXTERNAL_ID);
    expect(assumeForm).toMatchObject({ RoleArn: ROLE, ExternalId: EXTERNAL_ID, RoleSessionName: 'trailhound-test' });
    // The IAM call is signed with the temporary key returned by AssumeRole.
    expect(iamAuth).toContain('Credential=ASIAIOSFODNN7EXAMPLE/');
    const byStep = Object.fromEntries(r.checks.map((c) => [c.step, c]));
    expect(byStep['sts:AssumeRole']!.ok).toBe(true);
    expect(byStep['iam:GetAccountSummary']!.ok).toBe(true);
    expect(byStep['iam:GetAccountSummary']!.detail).toMatch(/\d+ users, \d+ roles/);
    expect(byStep['region us-east-1']!.ok).toBe(true);
    expect(byStep['region ap-east-1']!.ok).toBe(false);
    expect(byStep['region ap-east-1']!.detail).toMatch(/not enabled.*opt-in region/);
    expect(r.ok).toBe(false);
  });

  it('diagnoses AccessDenied on AssumeRole: trust policy account, External ID (whitespace), role ARN', async () => {
    nock('https://sts.us-east-1.amazonaws.com').post('/').reply(403, wire('sts/assume-role-access-denied.xml'), xml);
    const r = await runAccountTest(account, EXTERNAL_ID);
    expect(r.ok).toBe(false);
    expect(r.checks).toHaveLength(1);
    const d = r.checks[0]!.detail;
    expect(d).toContain('trust policy');
    expect(d).toMatch(/External ID.*whitespace/);
    expect(d).toContain(ROLE);
    expect(d).toContain('trailhound accounts trust-policy');
  });

  it('a wrong External ID gets the same AccessDenied from STS, and the diagnosis names the External ID', async () => {
    let sent = '';
    nock('https://sts.us-east-1.amazonaws.com')
      .post('/')
      .reply(
        403,
        (_u, body) => {
          sent = queryForm(body).ExternalId!;
          return wire('sts/assume-role-access-denied.xml');
        },
        xml,
      );
    const r = await runAccountTest(account, ' wrong-id\n');
    expect(sent).toBe(' wrong-id\n');
    expect(r.checks[0]!.detail).toMatch(/sts:ExternalId condition equals this installation's External ID exactly/);
  });

  it('reports credentials that belong to another account', async () => {
    nock('https://sts.us-east-1.amazonaws.com')
      .post('/', (b) => queryForm(b).Action === 'AssumeRole')
      .reply(200, wire('sts/assume-role.xml'), xml)
      .post('/', (b) => queryForm(b).Action === 'GetCallerIdentity')
      .reply(200, wire('sts/get-caller-identity.xml'), xml);
    const r = await runAccountTest(account, EXTERNAL_ID);
    expect(r.ok).toBe(false);
    expect(r.checks.at(-1)!.detail).toMatch(/belong to account 111111111111, not 222222222222/);
  });

  it('names the missing permission when GetAccountSummary is denied', async () => {
    nock('https://sts.us-east-1.amazonaws.com')
      .post('/', (b) => queryForm(b).Action === 'AssumeRole')
      .reply(200, wire('sts/assume-role.xml'), xml)
      .post('/', (b) => queryForm(b).Action === 'GetCallerIdentity')
      .times(2)
      .reply(200, assumedIdentity(), xml);
    nock('https://sts.ap-east-1.amazonaws.com').post('/').reply(200, assumedIdentity(), xml);
    nock('https://iam.amazonaws.com')
      .post('/')
      .reply(
        403,
        `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: arn:aws:sts::222222222222:assumed-role/TrailhoundReadOnly/trailhound-test is not authorized to perform: iam:GetAccountSummary on resource: *</Message></Error><RequestId>4f0a</RequestId></ErrorResponse>`,
        xml,
      );
    const r = await runAccountTest(account, EXTERNAL_ID);
    const iam = r.checks.find((c) => c.step === 'iam:GetAccountSummary')!;
    expect(iam.ok).toBe(false);
    expect(iam.detail).toMatch(/Grant iam:GetAccountSummary to the read role/);
    expect(iam.detail).toContain('SecurityAudit');
  });
});
