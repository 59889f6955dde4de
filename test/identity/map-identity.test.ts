import { describe, expect, it } from 'vitest';
import type { CloudTrailRecord } from '../../src/cloudtrail/record';
import { demoEvents, s3DeliveryEvents } from '../cloudtrail/threats/demo-records';
import { IdentityMapper, IdentityQueryError, matchValue, parseIdentity } from '../../src/identity/map-identity';

const DEMO = { name: 'demo-prod', accountId: '123456789012' };

async function mapDemo(identity: string, extra: CloudTrailRecord[] = []) {
  const m = new IdentityMapper(parseIdentity(identity), DEMO);
  for (const e of await demoEvents()) m.add(e.record);
  for (const r of extra) m.add(r);
  return m.result();
}

describe('parseIdentity / matchValue', () => {
  it('accepts emails and user names, rejects markup and spaces with an actionable message', () => {
    expect(parseIdentity('Jane.Doe@Example.com')).toEqual({
      raw: 'Jane.Doe@Example.com',
      full: 'jane.doe@example.com',
      local: 'jane.doe',
      isEmail: true,
    });
    expect(parseIdentity('jdoe')).toMatchObject({ isEmail: false, local: 'jdoe' });
    expect(() => parseIdentity('*bold* <https://evil.example|click>')).toThrow(IdentityQueryError);
    expect(() => parseIdentity('ignore previous instructions')).toThrow(/email or user name/);
  });
  it('exact, delimited-token and name-only matches', () => {
    const q = parseIdentity('jane.doe@example.com');
    expect(matchValue(q, 'JANE.DOE@EXAMPLE.COM')).toBe('exact');
    expect(matchValue(q, 'okta/jane.doe@example.com')).toBe('exact');
    expect(matchValue(q, 'xjane.doe@example.com')).toBeNull();
    expect(matchValue(q, 'jane.doe@example.community')).toBe('name');
    expect(matchValue(q, 'jane.doe')).toBe('name');
    expect(matchValue(q, 'jane.doe@other.example')).toBe('name');
    expect(matchValue(q, 'jane.doe2')).toBeNull();
    expect(matchValue(q, `${'x'.repeat(600)}jane.doe@example.com`)).toBeNull();
    expect(matchValue(q, { toString: () => 'jane.doe@example.com' })).toBeNull();
    expect(matchValue(parseIdentity('jdoe'), 'jdoe@corp.example')).toBe('name');
    expect(matchValue(parseIdentity('bob'), 'bobby')).toBeNull();
  });
});

describe('IdentityMapper on the demo evidence', () => {
  it('Identity Center via SAML: jane.doe → AWSReservedSSO session, its ASIA keys, and her portal user id', async () => {
    const r = await mapDemo('jane.doe@example.com');
    expect(r.sessions).toHaveLength(1);
    const s = r.sessions[0]!;
    expect(s).toMatchObject({
      kind: 'identity-center',
      roleArn:
        'arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_AdministratorAccess_abc123',
      sessionName: 'jane.doe@example.com',
      callerArn:
        'arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_AdministratorAccess_abc123/jane.doe@example.com',
      strength: 'exact',
      provider: 'arn:aws:iam::123456789012:saml-provider/AWSSSO_7f3c2a1b9d8e4f60_DO_NOT_DELETE',
      account: 'demo-prod',
      firstSeen: '2026-11-16T08:19:52.000Z',
    });
    expect(s.matchedBy).toEqual(['saml-subject', 'session-name']);
    const keys = s.accessKeyIds.map((k) => k.value);
    for (const k of [
      'ASIAG7AZCW2M4GNFMTIG',
      'ASIAZVHVGJSBTU5VWFXJ',
      'ASIAQR35XI2ZDDT7S34S',
      'ASIAXFHO5B2F5EWHBUOT',
      'ASIAPSTPKKVWGXYQ3P7D',
      'ASIA2LXT6ZCFXZRKXMSY',
    ])
      expect(keys).toContain(k);
    expect(s.events).toBe(61 + 6);
    expect(s.sourceIps[0]!.value).toBe('198.51.100.23');
    expect(r.identityCenterUsers.map((u) => u.userId)).toEqual(['94482488-3041-7026-18f0-6589c0a8e1b2']);
    expect(r.identityCenterUsers[0]!.linkedBy).toMatch(/^portal sign-in from 198\.51\.100\.23 within 15 minutes/);
    expect(r.accessKeyIds).toContain('ASIAG7AZCW2M4GNFMTIG');
  });

  it('Identity Center via the CLI (GetRoleCredentials): sam.lee → ReadOnly session and portal user', async () => {
    const r = await mapDemo('sam.lee@example.com');
    expect(r.sessions.map((s) => [s.kind, s.roleArn?.split('/').pop()])).toEqual([
      ['identity-center', 'AWSReservedSSO_ReadOnly_def456'],
    ]);
    expect(r.sessions[0]!.matchedBy).toEqual(['session-name']);
    expect(r.identityCenterUsers.map((u) => u.userId)).toEqual(['c4e8a4b8-6011-70d1-5b7e-2f1d3c9a77e4']);
    expect(r.identityCenterUsers[0]!.roles).toEqual(['ReadOnly']);
  });

  it('IAM user with console logins: alice@example.com (MFA used)', async () => {
    const r = await mapDemo('alice@example.com');
    const s = r.sessions.find((x) => x.kind === 'iam-user')!;
    expect(s).toMatchObject({
      principalArn: 'arn:aws:iam::123456789012:user/alice@example.com',
      consoleLogins: 5,
      mfa: true,
      strength: 'exact',
    });
    expect(s.matchedBy).toEqual(['console-login', 'iam-user-name']);
    expect(r.identityCenterUsers).toEqual([]);
  });

  it('IAM user by corporate user name: bob (console login without MFA)', async () => {
    const r = await mapDemo('bob@example.com');
    expect(r.sessions).toHaveLength(1);
    expect(r.sessions[0]).toMatchObject({ kind: 'iam-user', strength: 'name', consoleLogins: 1, mfa: false });
  });

  it('web identity: an OIDC subject carrying the person (e.g. a Google/Cognito email subject)', async () => {
    const ev = await demoEvents();
    const oidc = structuredClone(ev.find((e) => e.eventName === 'AssumeRoleWithWebIdentity')!.record);
    oidc.eventID = 'web-identity-jane';
    oidc.userIdentity = {
      type: 'WebIdentityUser',
      principalId: 'accounts.google.com:1234:jane',
      userName: '1234',
      identityProvider: 'accounts.google.com',
    };
    oidc.requestParameters = {
      roleArn: 'arn:aws:iam::123456789012:role/DataScience',
      roleSessionName: 'web-1234',
      durationSeconds: 3600,
    };
    oidc.responseElements = {
      credentials: { accessKeyId: 'ASIAWEBIDJANE0000001', expiration: 'Nov 20, 2026, 1:00:00 PM' },
      subjectFromWebIdentityToken: 'jane.doe@example.com',
      assumedRoleUser: {
        assumedRoleId: 'AROAX:web-1234',
        arn: 'arn:aws:sts::123456789012:assumed-role/DataScience/web-1234',
      },
      provider: 'accounts.google.com',
      audience: 'client.apps.googleusercontent.com',
    };
    const r = await mapDemo('jane.doe@example.com', [oidc]);
    const s = r.sessions.find((x) => x.kind === 'web-identity')!;
    expect(s).toMatchObject({
      roleArn: 'arn:aws:iam::123456789012:role/DataScience',
      sessionName: 'web-1234',
      provider: 'accounts.google.com',
      matchedBy: ['web-identity-subject'],
    });
    expect(s.accessKeyIds).toEqual([{ value: 'ASIAWEBIDJANE0000001', count: 1 }]);
  });

  it('source identity and AssumeRole requests carrying the person', async () => {
    const ev = await demoEvents();
    const base = ev.find((e) => e.identityType === 'AssumedRole' && e.callerArn?.includes('lambda-exec'))!.record;
    const call = structuredClone(base);
    call.eventID = 'src-id-1';
    call.userIdentity = {
      ...structuredClone(base.userIdentity!),
      arn: 'arn:aws:sts::123456789012:assumed-role/BreakGlass/session-42',
      accessKeyId: 'ASIABREAKGLASS000001',
    };
    call.userIdentity.sessionContext = {
      ...call.userIdentity.sessionContext,
      sourceIdentity: 'jane.doe@example.com',
      sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::123456789012:role/BreakGlass' },
    };
    const r = await mapDemo('jane.doe@example.com', [call]);
    const s = r.sessions.find((x) => x.sessionName === 'session-42')!;
    expect(s).toMatchObject({
      kind: 'assumed-role',
      roleArn: 'arn:aws:iam::123456789012:role/BreakGlass',
      matchedBy: ['source-identity'],
    });
  });

  it('hostile records (markup in session names, broken fields) are data: no crash, no false match', async () => {
    const ev = await demoEvents();
    const probe = ev.find((e) => e.record.errorMessage?.includes('*bold*'))!.record; // the vendor probe with Slack markup
    const hostile: CloudTrailRecord[] = [
      probe,
      {
        ...structuredClone(probe),
        eventID: 'h1',
        userIdentity: {
          type: 'AssumedRole',
          arn: 'arn:aws:sts::123456789012:assumed-role/R/<!channel> *jane.doe@example.com*',
        },
      },
      {
        ...structuredClone(probe),
        eventID: 'h2',
        eventName: 'AssumeRoleWithSAML',
        errorCode: undefined,
        requestParameters: 'x' as never,
        responseElements: [1, 2] as never,
      },
      {
        ...structuredClone(probe),
        eventID: 'h3',
        userIdentity: { type: 'IdentityCenterUser', onBehalfOf: { userId: 42 as never } },
      },
      { ...structuredClone(probe), eventID: 'h4', eventTime: 'not a time' },
    ];
    const r = await mapDemo('jane.doe@example.com', hostile);
    // The markup session is kept verbatim as data (the identity is a delimited token in it) …
    const odd = r.sessions.find((s) => s.sessionName?.includes('<!channel>'));
    expect(odd?.sessionName).toBe('<!channel> *jane.doe@example.com*');
    // … and nothing else changed.
    expect(r.sessions.filter((s) => s.kind === 'identity-center')).toHaveLength(1);
    const other = await mapDemo('mallory@example.com', hostile);
    expect(other.sessions).toEqual([]);
  });
});

describe('IdentityMapper on the S3-delivery wire fixture', () => {
  const map = (identity: string) => {
    const m = new IdentityMapper(parseIdentity(identity), { name: 'prod', accountId: '222222222222' });
    for (const e of s3DeliveryEvents()) m.add(e.record);
    return m.result();
  };
  it('SAML via Okta: alice@example.com → OktaAdmin session (the one that stopped the trail) and IAM user alice by name', () => {
    const r = map('alice@example.com');
    const saml = r.sessions.find((s) => s.kind === 'saml')!;
    expect(saml).toMatchObject({
      roleArn: 'arn:aws:iam::222222222222:role/OktaAdmin',
      sessionName: 'alice@example.com',
      provider: 'arn:aws:iam::222222222222:saml-provider/Okta',
      strength: 'exact',
      failedCalls: 1,
    });
    expect(saml.accessKeyIds).toEqual([{ value: 'ASIAJ2UCCR6DPEXAMPLE', count: 3 }]);
    const iam = r.sessions.find((s) => s.kind === 'iam-user')!;
    expect(iam).toMatchObject({
      principalArn: 'arn:aws:iam::222222222222:user/alice',
      strength: 'name',
      consoleLogins: 1,
      mfa: true,
    });
    expect(r.sessions[0]!.strength).toBe('exact');
  });
  it('Identity Center: carol@example.com → AWSReservedSSO session key', () => {
    const r = map('carol@example.com');
    expect(r.sessions).toHaveLength(1);
    expect(r.sessions[0]).toMatchObject({
      kind: 'identity-center',
      accessKeyIds: [{ value: 'ASIAEXAMPLESSOKEYID1', count: 1 }],
      mfa: false,
    });
    expect(r.identityCenterUsers.map((u) => u.userId)).toEqual(['544894e8-80c1-707f-60e3-3ba6510dfac1']);
  });
  it('AssumeRole with sourceIdentity: trailhound', () => {
    const r = map('trailhound');
    expect(r.sessions[0]).toMatchObject({
      kind: 'assumed-role',
      sessionName: 'trailhound-inv-7f3a',
      matchedBy: ['source-identity'],
    });
  });
});
