/**
 * The identity providers beyond Okta at the HTTP level (nock), from their documented shapes:
 * authentication, pagination (Graph @odata.nextLink, Directory nextPageToken, JumpCloud
 * limit/skip + totalCount, OneLogin After-Cursor), rate limits, and actionable errors.
 */
import { generateKeyPairSync, createVerify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IdpReadError } from '../../src/identity/composite-idp';
import { clearIdpCache } from '../../src/idp/cache';
import { EntraIdp } from '../../src/idp/entra';
import { DIRECTORY_SCOPE, GoogleWorkspaceIdp, serviceAccountAssertion } from '../../src/idp/google-workspace';
import { JumpCloudIdp } from '../../src/idp/jumpcloud';
import { OneLoginIdp } from '../../src/idp/onelogin';

const wire = (p: string) => readFileSync(`test/fixtures/wire/${p}`, 'utf8');
const JSONH = { 'content-type': 'application/json' };
const nosleep = (log: number[]) => async (ms: number) => void log.push(ms);

beforeEach(() => clearIdpCache());
afterEach(() => nock.cleanAll());

describe('Microsoft Entra ID (Graph /users)', () => {
  const idp = (sleeps: number[] = []) =>
    new EntraIdp({ tenantId: 'tenant-1', clientId: 'app-1', clientSecret: 'secret-not-real', sleep: nosleep(sleeps) });

  it('client credentials, then follows @odata.nextLink; waits Retry-After on 429; maps accountEnabled', async () => {
    const sleeps: number[] = [];
    const login = nock('https://login.microsoftonline.com')
      .post(
        '/tenant-1/oauth2/v2.0/token',
        (b) =>
          b.grant_type === 'client_credentials' &&
          b.scope === 'https://graph.microsoft.com/.default' &&
          b.client_id === 'app-1',
      )
      .reply(200, wire('entra/token.json'), JSONH);
    const graph = nock('https://graph.microsoft.com')
      .get('/v1.0/users')
      .query({ $select: 'id,userPrincipalName,mail,otherMails,proxyAddresses,accountEnabled', $top: '999' })
      .matchHeader('authorization', /^Bearer eyJ/)
      .reply(200, wire('entra/list-users-page1.json'), JSONH)
      .get('/v1.0/users')
      .query((q) => q.$skiptoken === 'RFNwdAIAAQAAACpVc2VyXzRjYzE5ZjI0')
      .reply(429, wire('entra/error-too-many-requests.json'), { ...JSONH, 'retry-after': '3' })
      .get('/v1.0/users')
      .query((q) => q.$skiptoken === 'RFNwdAIAAQAAACpVc2VyXzRjYzE5ZjI0')
      .reply(200, wire('entra/list-users-page2.json'), JSONH);
    const users = await idp(sleeps).listUsers();
    expect(login.isDone() && graph.isDone()).toBe(true);
    expect(sleeps).toEqual([3000]);
    expect(users.map((u) => [u.login, u.status])).toEqual([
      ['jane.doe@example.com', 'active'],
      ['carol@example.com', 'active'],
      ['ci-deployer@example.onmicrosoft.com', 'active'],
      ['old.contractor@example.com', 'suspended'],
    ]);
    expect(users[0]!.otherEmails).toEqual(['jdoe@example.com']);
    expect(users[3]!.rawStatus).toBe('accountEnabled=false');
  });

  it('a wrong secret names ENTRA_CLIENT_SECRET; a missing permission names User.Read.All', async () => {
    nock('https://login.microsoftonline.com')
      .post('/tenant-1/oauth2/v2.0/token')
      .reply(401, wire('entra/error-invalid-client.json'), JSONH);
    const e1 = await idp()
      .listUsers()
      .catch((e) => e);
    expect(e1).toBeInstanceOf(IdpReadError);
    expect(e1.message).toMatch(/ENTRA_CLIENT_SECRET/);
    expect(e1.message).not.toContain('secret-not-real');

    nock('https://login.microsoftonline.com')
      .post('/tenant-1/oauth2/v2.0/token')
      .reply(200, wire('entra/token.json'), JSONH);
    nock('https://graph.microsoft.com')
      .get('/v1.0/users')
      .query(true)
      .reply(403, wire('entra/error-authorization-request-denied.json'), JSONH);
    const e2 = await idp()
      .listUsers()
      .catch((e) => e);
    expect(e2.message).toMatch(/User\.Read\.All/);
  });

  it('never follows a nextLink to another host', async () => {
    nock('https://login.microsoftonline.com')
      .post('/tenant-1/oauth2/v2.0/token')
      .reply(200, wire('entra/token.json'), JSONH);
    const page = JSON.parse(wire('entra/list-users-page1.json'));
    page['@odata.nextLink'] = 'https://attacker.example/v1.0/users?$skiptoken=x';
    nock('https://graph.microsoft.com').get('/v1.0/users').query(true).reply(200, page, JSONH);
    await expect(idp().listUsers()).rejects.toThrow(/another host/);
  });
});

describe('Google Workspace (Directory users.list, domain-wide delegation)', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = {
    type: 'service_account',
    client_email: 'trailhound@example-project.iam.gserviceaccount.com',
    client_id: '113456789012345678901',
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    token_uri: 'https://oauth2.googleapis.com/token',
  };
  const idp = (sleeps: number[] = []) =>
    new GoogleWorkspaceIdp({
      credentials: key,
      adminEmail: 'admin@example.com',
      now: () => Date.parse('2026-11-23T09:00:00Z'),
      sleep: nosleep(sleeps),
    });

  it('signs an RS256 assertion that impersonates the admin with the read-only scope', () => {
    const jwt = serviceAccountAssertion(key, 'admin@example.com', 1_795_424_400);
    const [h, c, sig] = jwt.split('.');
    const claims = JSON.parse(Buffer.from(c!, 'base64url').toString());
    expect(claims).toEqual({
      iss: key.client_email,
      sub: 'admin@example.com',
      scope: DIRECTORY_SCOPE,
      aud: 'https://oauth2.googleapis.com/token',
      iat: 1_795_424_400,
      exp: 1_795_428_000,
    });
    const v = createVerify('RSA-SHA256');
    v.update(`${h}.${c}`);
    expect(v.verify(publicKey, Buffer.from(sig!, 'base64url'))).toBe(true);
  });

  it('exchanges the JWT, follows nextPageToken, backs off on 429, maps suspended', async () => {
    const sleeps: number[] = [];
    const oauth = nock('https://oauth2.googleapis.com')
      .post(
        '/token',
        (b) => b.grant_type === 'urn:ietf:params:oauth:grant-type:jwt-bearer' && b.assertion.split('.').length === 3,
      )
      .reply(200, wire('google/token.json'), JSONH);
    const dir = nock('https://admin.googleapis.com')
      .get('/admin/directory/v1/users')
      .query({ customer: 'my_customer', maxResults: '500', projection: 'basic' })
      .matchHeader('authorization', 'Bearer ya29.c.c0ASRK0GZtrailhoundtesttokennotreal')
      .reply(200, wire('google/users-list-page1.json'), JSONH)
      .get('/admin/directory/v1/users')
      .query((q) => q.pageToken === 'Q0FFU0J3aUJnOEdhOUpfOEJoQUJHQUlnQUE=')
      .reply(429, wire('google/error-rate-limit.json'), JSONH)
      .get('/admin/directory/v1/users')
      .query((q) => q.pageToken === 'Q0FFU0J3aUJnOEdhOUpfOEJoQUJHQUlnQUE=')
      .reply(200, wire('google/users-list-page2.json'), JSONH);
    const users = await idp(sleeps).listUsers();
    expect(oauth.isDone() && dir.isDone()).toBe(true);
    expect(sleeps).toHaveLength(1);
    expect(users.map((u) => [u.login, u.status, u.rawStatus])).toEqual([
      ['jane.doe@example.com', 'suspended', 'SUSPENDED (ADMIN)'],
      ['old.contractor@example.com', 'suspended', 'SUSPENDED (ADMIN)'],
      ['carol@example.com', 'active', 'ACTIVE'],
    ]);
    expect(users[2]!.otherEmails).toEqual(['carol.d@example.com']);
    expect(users[2]!.lastLogin).toBeUndefined(); // 1970 = never
  });

  it('missing delegation is named with the client id and scope; a missing key file names the variable', async () => {
    nock('https://oauth2.googleapis.com')
      .post('/token')
      .reply(401, wire('google/error-unauthorized-client.json'), JSONH);
    const e = await idp()
      .listUsers()
      .catch((x) => x);
    expect(e.message).toMatch(/Domain-wide delegation.*113456789012345678901.*admin\.directory\.user\.readonly/);
    const missing = new GoogleWorkspaceIdp({ credentials: '/nonexistent/key.json', adminEmail: 'a@example.com' });
    await expect(missing.listUsers()).rejects.toThrow(/GOOGLE_WORKSPACE_CREDENTIALS: cannot read/);
  });
});

describe('JumpCloud (/api/systemusers)', () => {
  it('pages with limit/skip until totalCount, sends x-api-key and x-org-id, maps state', async () => {
    const scope = nock('https://console.jumpcloud.com')
      .get('/api/systemusers')
      .query((q) => q.limit === '2' && q.skip === '0')
      .matchHeader('x-api-key', 'jc-key-not-real')
      .matchHeader('x-org-id', 'org-1')
      .reply(200, wire('jumpcloud/systemusers-page1.json'), JSONH)
      .get('/api/systemusers')
      .query((q) => q.limit === '2' && q.skip === '2')
      .reply(200, wire('jumpcloud/systemusers-page2.json'), JSONH);
    const users = await new JumpCloudIdp({ apiKey: 'jc-key-not-real', orgId: 'org-1', pageSize: 2 }).listUsers();
    expect(scope.isDone()).toBe(true);
    expect(users.map((u) => [u.login, u.email, u.status])).toEqual([
      ['bsmith', 'bsmith@example.com', 'suspended'],
      ['ops.oncall', 'ops.oncall@example.com', 'active'],
      ['new.hire', 'new.hire@example.com', 'staged'],
    ]);
  });

  it('a bad key names JUMPCLOUD_API_KEY', async () => {
    nock('https://console.jumpcloud.com')
      .get('/api/systemusers')
      .query(true)
      .reply(401, { message: 'Unauthorized' }, JSONH);
    await expect(new JumpCloudIdp({ apiKey: 'bad' }).listUsers()).rejects.toThrow(/JUMPCLOUD_API_KEY/);
  });
});

describe('OneLogin (/api/2/users)', () => {
  const BASE = 'https://acme.onelogin.com';
  const idp = (sleeps: number[] = []) =>
    new OneLoginIdp({
      subdomain: 'acme',
      clientId: 'ol-id',
      clientSecret: 'ol-secret-not-real',
      pageSize: 1,
      sleep: nosleep(sleeps),
    });

  it('gets a token with Basic credentials, follows After-Cursor, waits X-RateLimit-Reset on 429', async () => {
    const sleeps: number[] = [];
    const scope = nock(BASE)
      .post('/auth/oauth2/v2/token', { grant_type: 'client_credentials' })
      .matchHeader('authorization', `Basic ${Buffer.from('ol-id:ol-secret-not-real').toString('base64')}`)
      .reply(200, wire('onelogin/token.json'), JSONH)
      .get('/api/2/users')
      .query({ limit: '1' })
      .matchHeader('authorization', /^Bearer 9f8e/)
      .reply(200, wire('onelogin/users-page1.json'), {
        ...JSONH,
        'total-pages': '2',
        'current-page': '1',
        'total-count': '2',
        'after-cursor': 'bGltaXQ9MSZwYWdlPTI=',
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': '4999',
        'x-ratelimit-reset': '1200',
      })
      .get('/api/2/users')
      .query({ limit: '1', cursor: 'bGltaXQ9MSZwYWdlPTI=' })
      .reply(429, '', { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '4' })
      .get('/api/2/users')
      .query({ limit: '1', cursor: 'bGltaXQ9MSZwYWdlPTI=' })
      .reply(200, wire('onelogin/users-page2.json'), {
        ...JSONH,
        'total-pages': '2',
        'current-page': '2',
        'total-count': '2',
      });
    const users = await idp(sleeps).listUsers();
    expect(scope.isDone()).toBe(true);
    expect(sleeps).toEqual([4000]);
    expect(users.map((u) => [u.login, u.status, u.rawStatus])).toEqual([
      ['carol', 'active', 'Active'],
      ['mallory', 'suspended', 'Suspended'],
    ]);
  });

  it('wrong credentials name the variables and keep the secret out', async () => {
    nock(BASE).post('/auth/oauth2/v2/token').reply(401, wire('onelogin/error-unauthorized.json'), JSONH);
    const e = await idp()
      .listUsers()
      .catch((x) => x);
    expect(e.message).toMatch(/ONELOGIN_CLIENT_ID, ONELOGIN_CLIENT_SECRET and ONELOGIN_SUBDOMAIN/);
    expect(e.message).toMatch(/Authentication Failure/);
    expect(e.message).not.toContain('ol-secret-not-real');
  });
});
