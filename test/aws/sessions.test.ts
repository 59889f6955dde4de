/**
 * Sessions at the HTTP level: an account with a role is read through the SDK's AssumeRole provider
 * (External ID, 1-hour session, reused until it nears expiry), requests are SigV4-signed with the
 * temporary key, and the standard per-service endpoint variable is honoured.
 */
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withApiCallTally } from '../../src/aws/api-calls';
import { resetAwsClients } from '../../src/aws/clients';
import { LiveTrailSource } from '../../src/sources/live/cloudtrail';
import { testAccount, TEST_EXTERNAL_ID } from '../helpers/context';
import { queryForm, wire } from '../helpers/fixtures';

const ROLE = 'arn:aws:iam::222222222222:role/TrailhoundReadOnly';
const account = testAccount({ accountId: '222222222222', roleArn: ROLE, regions: ['eu-west-1'] });
const inAnHour = new Date(Date.now() + 3600_000).toISOString().replace(/\.\d+Z$/, 'Z');
const assumeRoleXml = () =>
  wire('sts/assume-role.xml').replace(/<Expiration>[^<]+<\/Expiration>/, `<Expiration>${inAnHour}</Expiration>`);
const q = { start: new Date('2025-03-14T00:00:00Z'), end: new Date('2025-03-15T00:00:00Z') };

async function drain(it: AsyncIterable<unknown>): Promise<number> {
  let n = 0;
  for await (const _ of it) n++;
  return n;
}

describe('AWS sessions', () => {
  beforeEach(() => resetAwsClients());
  afterEach(() => {
    delete process.env.AWS_ENDPOINT_URL_CLOUDTRAIL;
  });

  it('assumes the read role once with the External ID and signs calls with the session key', async () => {
    const assumed: Record<string, string>[] = [];
    nock('https://sts.eu-west-1.amazonaws.com')
      .post('/')
      .reply(200, (_u, body) => (assumed.push(queryForm(body)), assumeRoleXml()), { 'Content-Type': 'text/xml' });
    const auths: string[] = [];
    const targets: string[] = [];
    nock('https://cloudtrail.eu-west-1.amazonaws.com')
      .post('/')
      .times(2)
      .reply(function () {
        auths.push(String(this.req.headers.authorization));
        targets.push(String(this.req.headers['x-amz-target']));
        return [200, wire('cloudtrail/lookup-events-page2.json'), { 'Content-Type': 'application/x-amz-json-1.1' }];
      });
    const src = new LiveTrailSource(account, { externalId: TEST_EXTERNAL_ID, perSecond: 1000 });
    const { value, tally } = await withApiCallTally(
      async () => (await drain(src.events('eu-west-1', q))) + (await drain(src.events('eu-west-1', q))),
    );
    expect(value).toBe(6);
    expect(assumed).toHaveLength(1);
    expect(assumed[0]).toMatchObject({
      Action: 'AssumeRole',
      RoleArn: ROLE,
      ExternalId: TEST_EXTERNAL_ID,
      RoleSessionName: 'trailhound',
      DurationSeconds: '3600',
    });
    for (const a of auths)
      expect(a).toMatch(
        /^AWS4-HMAC-SHA256 Credential=ASIAIOSFODNN7EXAMPLE\/\d{8}\/eu-west-1\/cloudtrail\/aws4_request/,
      );
    for (const t of targets) expect(t).toMatch(/(^|\.)CloudTrail_20131101\.LookupEvents$/);
    expect(tally.byApi['CloudTrail:LookupEvents']).toBe(2);
  });

  it('shares one role session across regions and services', async () => {
    let assumed = 0;
    nock('https://sts.eu-west-1.amazonaws.com')
      .post('/')
      .reply(200, () => (assumed++, assumeRoleXml()), { 'Content-Type': 'text/xml' });
    for (const region of ['eu-west-1', 'us-east-1', 'ap-southeast-2'])
      nock(`https://cloudtrail.${region}.amazonaws.com`)
        .post('/')
        .reply(200, wire('cloudtrail/lookup-events-page2.json'), { 'Content-Type': 'application/x-amz-json-1.1' });
    const multi = { ...account, regions: ['eu-west-1', 'us-east-1', 'ap-southeast-2'] };
    const src = new LiveTrailSource(multi, { externalId: TEST_EXTERNAL_ID, perSecond: 1000 });
    const counts = await Promise.all(multi.regions.map((r) => drain(src.events(r, q))));
    expect(counts).toEqual([3, 3, 3]);
    expect(assumed).toBe(1);
  });

  it('honours AWS_ENDPOINT_URL_CLOUDTRAIL (a local AWS-compatible endpoint)', async () => {
    process.env.AWS_ENDPOINT_URL_CLOUDTRAIL = 'http://127.0.0.1:4566';
    // nock intercepts before any socket opens, so this proves where the SDK sent the request.
    const scope = nock('http://127.0.0.1:4566')
      .post('/')
      .reply(200, wire('cloudtrail/lookup-events-page2.json'), { 'Content-Type': 'application/x-amz-json-1.1' });
    const src = new LiveTrailSource(testAccount({ regions: ['us-east-1'] }), {
      externalId: TEST_EXTERNAL_ID,
      perSecond: 1000,
    });
    expect(await drain(src.events('us-east-1', q))).toBe(3);
    expect(scope.isDone()).toBe(true);
  });
});
