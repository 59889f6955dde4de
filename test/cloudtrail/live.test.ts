/**
 * cloudtrail_search against LookupEvents at the HTTP level (awsJson1_1, SigV4-signed, real
 * response shapes): request bodies and headers, pagination, throttling absorbed without losing or
 * duplicating events, and several accounts × regions read in parallel.
 */
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resetAwsClients } from '../../src/aws/clients';
import type { AwsAccount } from '../../src/aws/accounts';
import { LiveTrailSource } from '../../src/sources/live/cloudtrail';
import type { CloudTrailRecord } from '../../src/cloudtrail/record';
import tool from '../../tools/cloudtrail-search';
import { liveContext, TEST_EXTERNAL_ID, testAccount } from '../helpers/context';
import { queryForm, wire, wireJson } from '../helpers/fixtures';

const TARGET = /^(com\.amazonaws\.cloudtrail\.v20131101\.)?CloudTrail_20131101\.LookupEvents$/;
const json = { 'Content-Type': 'application/x-amz-json-1.1' };
const page1 = wire('cloudtrail/lookup-events-page1.json');
const page2 = wire('cloudtrail/lookup-events-page2.json');
const throttle = wire('cloudtrail/throttling.json');
const TOKEN = wireJson('cloudtrail/lookup-events-page1.json').NextToken as string;
const NOW = new Date('2025-03-15T09:00:00Z');

const fastSource = (a: AwsAccount) =>
  new LiveTrailSource(a, { externalId: TEST_EXTERNAL_ID, perSecond: 1000, backoffBaseMs: 2 });

async function collect(
  src: LiveTrailSource,
  region: string,
  lookup?: { key: 'AccessKeyId'; value: string },
): Promise<CloudTrailRecord[]> {
  const out: CloudTrailRecord[] = [];
  for await (const r of src.events(region, { start: new Date('2025-03-08T00:00:00Z'), end: NOW, lookup })) out.push(r);
  return out;
}

describe('LookupEvents over HTTP', () => {
  beforeEach(() => resetAwsClients());
  afterEach(() => expect(nock.pendingMocks()).toEqual([]));

  it('sends the pushed-down attribute, the window and the NextToken; reads every page', async () => {
    const bodies: Record<string, unknown>[] = [];
    const targets: string[] = [];
    nock('https://cloudtrail.us-east-1.amazonaws.com')
      .post('/')
      .times(2)
      .reply(function (_uri, body) {
        targets.push(String(this.req.headers['x-amz-target']));
        expect(String(this.req.headers['content-type'])).toContain('application/x-amz-json-1.1');
        expect(String(this.req.headers.authorization)).toMatch(
          /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLETESTKEY00\/\d{8}\/us-east-1\/cloudtrail\/aws4_request/,
        );
        const b = (typeof body === 'string' ? JSON.parse(body) : body) as Record<string, unknown>;
        bodies.push(b);
        return [200, b.NextToken ? page2 : page1, json];
      });
    const events = await collect(fastSource(testAccount()), 'us-east-1', {
      key: 'AccessKeyId',
      value: 'AKIAIOSFODNN7EXAMPLE',
    });
    expect(events.map((e) => e.eventName)).toEqual([
      'AssumeRole',
      'CreateUser',
      'StopLogging',
      'CreateAccessKey',
      'AuthorizeSecurityGroupIngress',
      'AssumeRoleWithSAML',
      'ConsoleLogin',
      'ConsoleLogin',
    ]);
    // The SDK sends the short target form; the service accepts it and the long form of the fixtures' README.
    for (const t of targets) expect(t).toMatch(TARGET);
    expect(bodies[0]).toEqual({
      LookupAttributes: [{ AttributeKey: 'AccessKeyId', AttributeValue: 'AKIAIOSFODNN7EXAMPLE' }],
      StartTime: Date.parse('2025-03-08T00:00:00Z') / 1000,
      EndTime: NOW.getTime() / 1000,
      MaxResults: 50,
    });
    expect(bodies[1]).toEqual({ ...bodies[0], NextToken: TOKEN });
  });

  it('absorbs ThrottlingException (HTTP 400): retried through our limiter, no event lost or duplicated, not a failure', async () => {
    const seen: { token: string | null; status: number }[] = [];
    const reply =
      (status: number, body: string) =>
      (_uri: string, b: unknown): [number, string, Record<string, string>] => {
        const req = (typeof b === 'string' ? JSON.parse(b) : b) as { NextToken?: string };
        seen.push({ token: req.NextToken ?? null, status });
        return [status, body, json];
      };
    nock('https://cloudtrail.us-east-1.amazonaws.com')
      .post('/')
      .reply(reply(400, throttle))
      .post('/')
      .reply(reply(200, page1))
      .post('/')
      .reply(reply(400, throttle))
      .post('/')
      .reply(reply(400, throttle))
      .post('/')
      .reply(reply(200, page2));
    const src = fastSource(testAccount());
    const events = await collect(src, 'us-east-1');
    const ids = events.map((e) => e.eventID);
    expect(ids).toHaveLength(8);
    expect(new Set(ids).size).toBe(8);
    // The SDK did not retry on its own (AWS_MAX_ATTEMPTS=3 in tests): every throttle reached us.
    expect(src.throttles).toBe(3);
    expect(src.requests).toBe(5);
    expect(seen).toEqual([
      { token: null, status: 400 },
      { token: null, status: 200 },
      { token: TOKEN, status: 400 },
      { token: TOKEN, status: 400 },
      { token: TOKEN, status: 200 },
    ]);
  });

  it('a live search that cannot push a filter down says so: LookupEvents pacing and the full scan', async () => {
    nock('https://cloudtrail.us-east-1.amazonaws.com')
      .post('/')
      .reply(200, page1, json)
      .post('/')
      .reply(200, page2, json);
    const ctx = liveContext({ now: NOW, sources: { trail: fastSource } });
    const r = await tool.run(ctx, { source_ip: '203.0.113.0/24' });
    expect(r.warnings.join(' ')).toMatch(/is a LookupEvents attribute.*paced at 2 requests\/s/);
    expect((r.data as any).query).toMatchObject({ fullScan: true, pushedDown: null });
    expect(r.summary).toMatch(/full scan of the window/);
  });

  it('an empty live user_name search explains LookupEvents Username (a session name, not a role name)', async () => {
    nock('https://cloudtrail.us-east-1.amazonaws.com')
      .post('/')
      .reply(200, JSON.stringify({ Events: [] }), json);
    const ctx = liveContext({ now: NOW, sources: { trail: fastSource } });
    const r = await tool.run(ctx, { user_name: 'AdminRole' });
    expect(r.warnings.join(' ')).toMatch(/LookupEvents' Username is an IAM user name or a role session name/);
  });

  it('the tool reports throttles as absorbed, not as warnings, and applies client-side filters', async () => {
    nock('https://cloudtrail.us-east-1.amazonaws.com')
      .post('/')
      .reply(400, throttle, json)
      .post('/')
      .reply(200, page1, json)
      .post('/')
      .reply(200, page2, json);
    const ctx = liveContext({ now: NOW, sources: { trail: fastSource } });
    const r = await tool.run(ctx, { access_key_id: 'ASIAJ2UCCR6DPEXAMPLE', error_code: 'any' });
    const d = r.data as Record<string, any>;
    expect(r.warnings).toEqual([]);
    expect(d.query.pushedDown).toBe('AccessKeyId=ASIAJ2UCCR6DPEXAMPLE');
    expect(d.query.appliedHere).toEqual(['errorCode']);
    expect(d.scanned).toBe(8);
    expect(d.matched).toBe(1);
    expect(d.throttlesAbsorbed).toBe(1);
    expect(d.byEventName).toEqual([{ value: 'CreateUser', count: 1 }]);
    expect(d.byErrorCode).toEqual([{ value: 'AccessDenied', count: 1 }]);
    expect(r.summary).toMatch(/1 throttled request\(s\) were retried/);
  });

  it('clips a window longer than 90 days and says so', async () => {
    let start = 0;
    nock('https://cloudtrail.us-east-1.amazonaws.com')
      .post('/')
      .reply((_uri, body) => {
        start = ((typeof body === 'string' ? JSON.parse(body) : body) as { StartTime: number }).StartTime;
        return [200, page2, json];
      });
    const r = await tool.run(liveContext({ now: NOW, sources: { trail: fastSource } }), {
      user_name: 'alice@example.com',
      last: '120d',
    });
    expect(start).toBe(NOW.getTime() / 1000 - 90 * 86_400);
    expect(r.warnings.join(' ')).toMatch(/only covers the last 90 days: the window was clipped/);
  });

  it('refuses a malformed IP filter with an example', async () => {
    await expect(tool.run(liveContext({ now: NOW }), { source_ip: '185.220.101' })).rejects.toThrow(
      /is not an IP address or CIDR: use e\.g\./,
    );
  });

  it('a persistent non-throttle error is a warning for that region only', async () => {
    nock('https://cloudtrail.us-east-1.amazonaws.com').post('/').reply(200, page2, json);
    nock('https://cloudtrail.eu-west-1.amazonaws.com')
      .post('/')
      .reply(
        400,
        JSON.stringify({
          __type: 'AccessDeniedException',
          message: 'User is not authorized to perform: cloudtrail:LookupEvents',
        }),
        json,
      );
    const ctx = liveContext({
      now: NOW,
      accounts: [testAccount({ regions: ['us-east-1', 'eu-west-1'] })],
      sources: { trail: fastSource },
    });
    const r = await tool.run(ctx, { user_name: 'alice@example.com' });
    const d = r.data as Record<string, any>;
    expect(d.matched).toBe(3);
    expect(r.warnings.join('\n')).toMatch(/eu-west-1: Access denied calling cloudtrail:LookupEvents/);
    expect(r.sources.find((s) => s.region === 'eu-west-1')?.detail).toMatch(/failed/);
  });
});

/** page2 rewritten for one account and region (distinct event ids), keeping the wire shape. */
function pageFor(accountId: string, region: string): string {
  const p = wireJson('cloudtrail/lookup-events-page2.json');
  for (const e of p.Events) {
    const rec = JSON.parse(e.CloudTrailEvent);
    rec.eventID = `${accountId}-${region}-${rec.eventID}`;
    rec.awsRegion = region;
    rec.recipientAccountId = accountId;
    e.EventId = rec.eventID;
    e.CloudTrailEvent = JSON.stringify(rec);
  }
  return JSON.stringify(p);
}

describe('several accounts and regions', () => {
  beforeEach(() => resetAwsClients());
  afterEach(() => expect(nock.pendingMocks()).toEqual([]));

  it('assumes each account role and reads every account × region in parallel', async ({ signal }) => {
    const accounts = [
      testAccount({
        name: 'prod',
        accountId: '222222222222',
        roleArn: 'arn:aws:iam::222222222222:role/TrailhoundReadOnly',
        regions: ['us-east-1', 'eu-west-1'],
      }),
      testAccount({
        name: 'stage',
        accountId: '333333333333',
        roleArn: 'arn:aws:iam::333333333333:role/TrailhoundReadOnly',
        regions: ['us-west-2', 'ap-southeast-2'],
      }),
    ];
    const keyFor: Record<string, string> = {
      '222222222222': 'ASIAPRODEXAMPLE00001',
      '333333333333': 'ASIASTAGEEXAMPLE0001',
    };
    // STS is called in each account's first region (each account-region client memoises its own credentials).
    let assumed = 0;
    for (const host of ['https://sts.us-east-1.amazonaws.com', 'https://sts.us-west-2.amazonaws.com'])
      nock(host)
        .persist()
        .post('/', (b) => queryForm(b).Action === 'AssumeRole')
        .reply(
          200,
          (_uri, body) => {
            const f = queryForm(body);
            expect(f.ExternalId).toBe(TEST_EXTERNAL_ID);
            assumed += 1;
            const acct = /::(\d{12}):/.exec(f.RoleArn!)![1]!;
            return wire('sts/assume-role.xml')
              .replace('ASIAIOSFODNN7EXAMPLE', keyFor[acct]!)
              .replace(/<Expiration>[^<]+<\/Expiration>/, '<Expiration>2099-01-01T00:00:00Z</Expiration>');
          },
          { 'Content-Type': 'text/xml' },
        );
    // A barrier: no LookupEvents reply is sent until all four account-region requests arrived.
    // A sequential search would never get there: the test times out (its signal then lets the held
    // replies go), where a timer per reply would have let it pass, only slower.
    let arrived = 0;
    let release!: () => void;
    const all = new Promise<void>((r) => (release = r));
    // (Each account-region has its own endpoint here: nock answers one request per host at a time.)
    const regionsOf: Record<string, string[]> = {
      '222222222222': ['us-east-1', 'eu-west-1'],
      '333333333333': ['us-west-2', 'ap-southeast-2'],
    };
    for (const [acct, regions] of Object.entries(regionsOf))
      for (const region of regions)
        nock(`https://cloudtrail.${region}.amazonaws.com`)
          .matchHeader('authorization', new RegExp(`Credential=${keyFor[acct]}/`))
          .post('/')
          .reply(async () => {
            arrived += 1;
            if (arrived === 4) release();
            await Promise.race([all, new Promise((r) => signal.addEventListener('abort', r, { once: true }))]);
            return [200, pageFor(acct, region), json];
          });
    const ctx = liveContext({ now: NOW, accounts, sources: { trail: fastSource } });
    const r = await tool.run(ctx, { user_name: 'alice@example.com' });
    const d = r.data as Record<string, any>;
    expect(r.warnings).toEqual([]);
    expect(arrived).toBe(4);
    expect(assumed).toBeGreaterThanOrEqual(2);
    expect(d.matched).toBe(12); // page2's 3 events (the server applied Username) in each of 4 account-regions
    expect(d.byAccount).toEqual([
      { value: '222222222222', count: 6 },
      { value: '333333333333', count: 6 },
    ]);
    expect(d.byRegion).toEqual([
      { value: 'ap-southeast-2', count: 3 },
      { value: 'eu-west-1', count: 3 },
      { value: 'us-east-1', count: 3 },
      { value: 'us-west-2', count: 3 },
    ]);
    expect(r.sources.map((s) => `${s.account}/${s.region}`)).toEqual([
      'prod/eu-west-1',
      'prod/us-east-1',
      'stage/ap-southeast-2',
      'stage/us-west-2',
    ]);
  });
});
