import { readFileSync } from 'node:fs';
import nock from 'nock';
import { beforeEach, describe, expect, it } from 'vitest';
import { clearOktaCache, OktaIdp, OktaReadError } from '../../src/okta/okta-idp';

const ORG = 'https://trailhound-example.okta.com';
const page1 = readFileSync('test/fixtures/wire/okta/list-users-page1.json', 'utf8');
const page2 = readFileSync('test/fixtures/wire/okta/list-users-page2.json', 'utf8');
const json = { 'content-type': 'application/json', 'x-okta-request-id': 'req-1', 'x-rate-limit-remaining': '599' };

function idp(): OktaIdp {
  return new OktaIdp({ orgUrl: ORG, token: '00TESTTOKEN-not-real', pageSize: 2 });
}

describe('OktaIdp (HTTP level, Link-header pagination)', () => {
  beforeEach(() => clearOktaCache());

  it('follows rel="next" links (separate link header lines), merges the DEPROVISIONED listing, maps statuses', async () => {
    const seen: string[] = [];
    const scope = nock(ORG)
      .get('/api/v1/users')
      .query({ limit: '2' })
      .matchHeader('authorization', 'SSWS 00TESTTOKEN-not-real')
      .reply(200, (uri) => (seen.push(uri), page1), {
        ...json,
        link: [
          `<${ORG}/api/v1/users?limit=2>; rel="self"`,
          `<${ORG}/api/v1/users?after=00ub0oNGTSWTBKOCNDJI&limit=2>; rel="next"`,
        ],
      })
      .get('/api/v1/users')
      .query({ after: '00ub0oNGTSWTBKOCNDJI', limit: '2' })
      .reply(200, (uri) => (seen.push(uri), page2), {
        ...json,
        link: `<${ORG}/api/v1/users?after=00ub0oNGTSWTBKOCNDJI&limit=2>; rel="self"`,
      })
      .get('/api/v1/users')
      .query({ limit: '2', filter: 'status eq "DEPROVISIONED"' })
      .reply(
        200,
        (uri) => (
          seen.push(uri),
          JSON.stringify(JSON.parse(page2).filter((u: { status: string }) => u.status === 'DEPROVISIONED'))
        ),
        json,
      );

    const users = await idp().listUsers();
    expect(scope.isDone()).toBe(true);
    expect(seen).toHaveLength(3);
    expect(users.map((u) => [u.login, u.status]).sort()).toEqual([
      ['alice.liddell@example.com', 'active'],
      ['bob.builder@example.com', 'suspended'],
      ['carol.danvers@example.com', 'active'],
      ['mallory.evans@example.com', 'deprovisioned'],
    ]);
    // deduplicated by id: mallory appears in both listings once
    expect(users.filter((u) => u.login.startsWith('mallory'))).toHaveLength(1);
    expect(users.find((u) => u.login.startsWith('bob'))?.rawStatus).toBe('SUSPENDED');
  });

  it('caches the list for the process (a second scan makes no HTTP call)', async () => {
    nock(ORG).get('/api/v1/users').query(true).times(2).reply(200, page1, json);
    const a = await idp().listUsers();
    const b = await idp().listUsers();
    expect(b).toBe(a);
    expect(nock.pendingMocks()).toHaveLength(0);
  });

  it("waits for X-Rate-Limit-Reset and retries a 429 (the SDK's executor)", async () => {
    const now = Math.floor(Date.now() / 1000);
    const rateLimited = {
      errorCode: 'E0000047',
      errorSummary: 'API call exceeded rate limit due to too many requests.',
      errorLink: 'E0000047',
      errorId: 'oae2',
      errorCauses: [],
    };
    nock(ORG)
      .get('/api/v1/users')
      .query({ limit: '2' })
      .reply(429, rateLimited, {
        ...json,
        date: new Date(now * 1000).toUTCString(),
        'x-rate-limit-reset': String(now),
        'x-rate-limit-remaining': '0',
      })
      .get('/api/v1/users')
      .query({ limit: '2' })
      .matchHeader('x-okta-retry-count', '1')
      .reply(200, page1, json)
      .get('/api/v1/users')
      .query({ limit: '2', filter: 'status eq "DEPROVISIONED"' })
      .reply(200, '[]', json);
    const users = await idp().listUsers();
    expect(users.map((u) => u.login)).toEqual(['alice.liddell@example.com', 'bob.builder@example.com']);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('turns a 401 into an actionable error without the token', async () => {
    nock(ORG).get('/api/v1/users').query(true).reply(
      401,
      {
        errorCode: 'E0000011',
        errorSummary: 'Invalid token provided',
        errorLink: 'E0000011',
        errorId: 'oae1',
        errorCauses: [],
      },
      json,
    );
    const err = await idp()
      .listUsers()
      .then(
        () => null,
        (e) => e,
      );
    expect(err).toBeInstanceOf(OktaReadError);
    expect(err.message).toMatch(/OKTA_API_TOKEN/);
    expect(err.message).not.toMatch(/00TESTTOKEN/);
  });
});
