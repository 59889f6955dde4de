import { readFileSync } from 'node:fs';
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { FalconClient, FalconError, falconRetryAfterMs, fqlValue } from '../../src/falcon/client';
import { FALCON_CLOUDS, FalconCloudError, falconBaseUrl } from '../../src/crowdstrike/clouds';
import { LiveFalconSource } from '../../src/falcon/live-source';

const BASE = 'https://api.us-2.crowdstrike.com';
const wire = (n: string) => readFileSync(`test/fixtures/wire/crowdstrike/${n}`, 'utf8');
const JSONH = { 'content-type': 'application/json', 'x-cs-traceid': 'trace-1', 'x-ratelimit-limit': '6000' };
const ALERT = JSON.parse(wire('alerts-entities.json')).resources[0].composite_id as string;
const DEVICE = '5f4d3c2b1a0998877665544332211000';

function client(o: { sleeps?: number[]; now?: () => number } = {}) {
  return new FalconClient({
    baseUrl: BASE,
    clientId: 'test-client-id',
    clientSecret: 'test-secret-value-not-real',
    sleep: async (ms) => void o.sleeps?.push(ms),
    now: o.now,
  });
}

function token(scope: nock.Scope, times = 1) {
  return scope
    .post(
      '/oauth2/token',
      (body) => body.client_id === 'test-client-id' && body.client_secret === 'test-secret-value-not-real',
    )
    .times(times)
    .reply(201, wire('oauth2-token.json'), JSONH);
}

afterEach(() => nock.cleanAll());

describe('falconBaseUrl (cloud regions)', () => {
  it('maps the four clouds and accepts a URL', () => {
    expect(falconBaseUrl(undefined)).toBe(FALCON_CLOUDS['US-1']);
    expect(falconBaseUrl('us-2')).toBe('https://api.us-2.crowdstrike.com');
    expect(falconBaseUrl('EU-1')).toBe('https://api.eu-1.crowdstrike.com');
    expect(falconBaseUrl('US-GOV-1')).toBe('https://api.laggar.gcw.crowdstrike.com');
    expect(falconBaseUrl('https://api.eu-1.crowdstrike.com/')).toBe('https://api.eu-1.crowdstrike.com');
  });
  it('names the variable for a wrong value', () => {
    expect(() => falconBaseUrl('mars-1')).toThrow(FalconCloudError);
    expect(() => falconBaseUrl('mars-1')).toThrow(/FALCON_BASE_URL/);
    expect(() => falconBaseUrl('http://api.crowdstrike.com')).toThrow(/https/);
  });
});

describe('FalconClient (HTTP level)', () => {
  it('gets a token with client credentials, then queries and hydrates alerts and hosts', async () => {
    const scope = token(nock(BASE));
    scope
      .get('/alerts/queries/alerts/v2')
      .query({ filter: `composite_id:'${ALERT}',aggregate_id:'${ALERT}'`, limit: '50', sort: 'timestamp.desc' })
      .matchHeader('authorization', /^Bearer eyJ/)
      .reply(200, wire('alerts-query.json'), JSONH)
      .post('/alerts/entities/alerts/v2', { composite_ids: [ALERT] })
      .reply(200, wire('alerts-entities.json'), JSONH)
      .get('/devices/queries/devices/v1')
      .query({ filter: "hostname:'LT-JDOE-01'", limit: '100' })
      .reply(200, wire('devices-query.json'), JSONH)
      .get('/devices/entities/devices/v2')
      .query({ ids: DEVICE })
      .reply(200, wire('devices-entities.json'), JSONH);
    const c = client();
    const src = new LiveFalconSource(c);
    const alerts = await src.alerts(ALERT);
    expect(alerts.map((a) => [a.device?.hostname, a.device?.external_ip, a.user_name])).toEqual([
      ['LT-JDOE-01', '203.0.113.50', 'jane.doe'],
    ]);
    const hosts = await src.hosts({ hostname: 'LT-JDOE-01' });
    expect(hosts.map((h) => [h.device_id, h.external_ip, h.last_login_user])).toEqual([
      [DEVICE, '203.0.113.50', 'jane.doe'],
    ]);
    expect(scope.isDone()).toBe(true);
    // one token for five calls
    expect(c.calls).toBe(5);
  });

  it('refreshes the token before it expires (expires_in) and once more after a 401', async () => {
    let t = 1_000_000;
    const scope = token(nock(BASE), 3);
    scope
      .get('/devices/entities/devices/v2')
      .query({ ids: DEVICE })
      .times(2)
      .reply(200, wire('devices-entities.json'), JSONH)
      .get('/devices/entities/devices/v2')
      .query({ ids: DEVICE })
      .reply(401, wire('error-401.json'), JSONH)
      .get('/devices/entities/devices/v2')
      .query({ ids: DEVICE })
      .reply(200, wire('devices-entities.json'), JSONH);
    const c = client({ now: () => t });
    await c.getDevices([DEVICE]);
    t += 1799 * 1000; // past expires_in minus the safety minute
    await c.getDevices([DEVICE]);
    await c.getDevices([DEVICE]); // 401 → new token → retried
    expect(scope.isDone()).toBe(true);
  });

  it('waits until X-RateLimit-RetryAfter (epoch seconds) on 429, then succeeds', async () => {
    const now = 1_795_169_000_000;
    const sleeps: number[] = [];
    const scope = token(nock(BASE));
    scope
      .get('/devices/entities/devices/v2')
      .query({ ids: DEVICE })
      .reply(429, wire('error-429.json'), {
        ...JSONH,
        'x-ratelimit-limit': '6000',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-retryafter': String(now / 1000 + 7),
      })
      .get('/devices/entities/devices/v2')
      .query({ ids: DEVICE })
      .reply(200, wire('devices-entities.json'), JSONH);
    const hosts = await client({ sleeps, now: () => now }).getDevices([DEVICE]);
    expect(hosts).toHaveLength(1);
    expect(sleeps).toEqual([7000]);
    expect(scope.isDone()).toBe(true);
  });

  it('gives up on a rate limit it cannot wait out, with an actionable error', async () => {
    const now = 1_795_169_000_000;
    token(nock(BASE))
      .get('/devices/entities/devices/v2')
      .query({ ids: DEVICE })
      .reply(429, wire('error-429.json'), { ...JSONH, 'x-ratelimit-retryafter': String(now / 1000 + 3600) });
    const err = await client({ now: () => now })
      .getDevices([DEVICE])
      .catch((e) => e);
    expect(err).toBeInstanceOf(FalconError);
    expect(err.message).toMatch(/rate-limiting .*429/);
  });

  it('wrong credentials name FALCON_CLIENT_ID / FALCON_CLIENT_SECRET and never echo the secret', async () => {
    nock(BASE).post('/oauth2/token').reply(403, wire('error-403-token.json'), JSONH);
    const err = await client()
      .queryAlerts("status:'new'")
      .catch((e) => e);
    expect(err).toBeInstanceOf(FalconError);
    expect(err.message).toMatch(/FALCON_CLIENT_ID and FALCON_CLIENT_SECRET/);
    expect(err.message).toMatch(/access denied, authorization failed/);
    expect(err.message).not.toContain('test-secret-value-not-real');
    expect(err.stack ?? '').not.toContain('test-secret-value-not-real');
  });

  it('a missing scope (403 on the API) names the read-only scopes to add', async () => {
    token(nock(BASE)).get('/alerts/queries/alerts/v2').query(true).reply(403, wire('error-403-scope.json'), JSONH);
    const err = await client()
      .queryAlerts("status:'new'")
      .catch((e) => e);
    expect(err.message).toMatch(/Alerts: Read and Hosts: Read/);
  });

  it('reads X-RateLimit-RetryAfter only when it is an epoch second', () => {
    const res = (v: string) => new Response('', { status: 429, headers: { 'x-ratelimit-retryafter': v } });
    expect(falconRetryAfterMs(res('1000'), 990_000)).toBe(10_000);
    expect(falconRetryAfterMs(res('soon'), 0)).toBeUndefined();
  });

  it('quotes FQL values and refuses injection', () => {
    expect(fqlValue('LT-JDOE-01')).toBe("'LT-JDOE-01'");
    expect(() => fqlValue("x'+status:'closed")).toThrow(/not a valid/);
  });
});
