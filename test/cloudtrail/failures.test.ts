/** A region that cannot be read is never reported as "no activity". */
import nock from 'nock';
import { beforeEach, describe, expect, it } from 'vitest';
import cloudtrailSearch from '../../tools/cloudtrail-search';
import { resetAwsClients } from '../../src/aws/clients';
import { executeTool } from '../../src/runtime/execute-tool';
import { liveContext, testAccount } from '../helpers/context';
import { wire } from '../helpers/fixtures';

const json = { 'Content-Type': 'application/x-amz-json-1.1' };
const denied = {
  __type: 'AccessDeniedException',
  message:
    'User: arn:aws:sts::123456789012:assumed-role/TrailhoundReadOnly/trailhound is not authorized to perform: cloudtrail:LookupEvents',
};
const input = {
  access_key_id: 'AKIAIOSFODNN7EXAMPLE',
  start_time: '2025-03-14T00:00:00Z',
  end_time: '2025-03-15T00:00:00Z',
};
const ctx = () =>
  liveContext({
    accounts: [testAccount({ regions: ['us-east-1', 'eu-west-1'] })],
    now: new Date('2025-03-20T00:00:00Z'),
  });

describe('cloudtrail_search when regions fail', () => {
  beforeEach(() => resetAwsClients());

  it('says which regions were not read and keeps the others', async () => {
    nock('https://cloudtrail.us-east-1.amazonaws.com')
      .post('/')
      .reply(200, wire('cloudtrail/lookup-events-page2.json'), json);
    nock('https://cloudtrail.eu-west-1.amazonaws.com').post('/').reply(400, denied, json);
    const out = await executeTool(ctx(), cloudtrailSearch, input);
    if (!out.ok) throw new Error(out.error);
    expect(out.result.summary).toMatch(/1 of 2 account-region\(s\) could not be read \(prod eu-west-1\)/);
    expect(out.result.warnings.join('\n')).toMatch(/eu-west-1.*Access denied calling cloudtrail:LookupEvents/);
    // Structured too, for surfaces' exit codes and badges: only the region that failed.
    expect(out.result.unread).toEqual([
      expect.objectContaining({ account: 'prod', region: 'eu-west-1', api: 'cloudtrail:LookupEvents' }),
    ]);
  });

  it('never presents a search where every region failed as "no events"', async () => {
    nock('https://cloudtrail.us-east-1.amazonaws.com').post('/').reply(400, denied, json);
    nock('https://cloudtrail.eu-west-1.amazonaws.com').post('/').reply(400, denied, json);
    const out = await executeTool(ctx(), cloudtrailSearch, input);
    if (!out.ok) throw new Error(out.error);
    expect(out.result.summary).toMatch(
      /^Could not search CloudTrail .* none of the 2 account-region\(s\) could be read .*NOT evidence of no activity/,
    );
    expect(out.result.summary).not.toMatch(/^No CloudTrail events/);
    expect(out.result.summary).toMatch(/Grant cloudtrail:LookupEvents/);
    expect(out.result.unread?.map((u) => u.region).sort()).toEqual(['eu-west-1', 'us-east-1']);
  });
});

describe('map_identity when CloudTrail cannot be read', () => {
  beforeEach(() => resetAwsClients());

  it('says it could not map the person rather than "no sessions"', async () => {
    const { default: mapIdentity } = await import('../../tools/map-identity');
    nock('https://cloudtrail.us-east-1.amazonaws.com').post('/').reply(400, denied, json);
    nock('https://cloudtrail.eu-west-1.amazonaws.com').post('/').reply(400, denied, json);
    nock('https://iam.amazonaws.com')
      .post('/')
      .reply(
        403,
        '<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not authorized to perform: iam:GetAccountAuthorizationDetails</Message></Error><RequestId>1</RequestId></ErrorResponse>',
        { 'Content-Type': 'text/xml' },
      )
      .persist();
    const out = await executeTool(ctx(), mapIdentity, {
      identity: 'jane.doe@example.com',
      start_time: input.start_time,
      end_time: input.end_time,
    });
    nock.cleanAll();
    if (!out.ok) throw new Error(out.error);
    expect(out.result.summary).toMatch(
      /^Could not map jane.doe@example.com: CloudTrail could not be read in any of the 2 account-region\(s\).*NOT evidence/,
    );
    // Both regions (with CloudTrail's reason) and the IAM users that could not be listed, structured.
    expect(out.result.unread).toEqual(
      expect.arrayContaining([
        {
          account: 'prod',
          region: 'us-east-1',
          api: 'cloudtrail:LookupEvents',
          reason: expect.stringMatching(/Access denied/),
        },
        {
          account: 'prod',
          region: 'eu-west-1',
          api: 'cloudtrail:LookupEvents',
          reason: expect.stringMatching(/Access denied/),
        },
      ]),
    );
  });
});
