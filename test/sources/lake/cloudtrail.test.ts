/**
 * cloudtrail_search on CloudTrail Lake at the HTTP level: StartQuery with every filter in the Lake
 * SQL (FROM the event data store id, recipientaccountid/awsregion, eventtime timestamps), polled with
 * DescribeQuery through QUEUED/RUNNING to FINISHED, GetQueryResults paged; FAILED, CANCELLED and
 * TIMED_OUT said with their reason; our own time limit cancels the query; MaxConcurrentQueries retried.
 */
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resetAwsClients } from '../../../src/aws/clients';
import { parseConfig } from '../../../src/config';
import { liveTrail } from '../../../src/runtime/build-context';
import { AutoTrailSource } from '../../../src/sources/athena/cloudtrail';
import { LakeTrailSource } from '../../../src/sources/lake/cloudtrail';
import { buildLakeSql } from '../../../src/sources/lake/sql';
import tool from '../../../tools/cloudtrail-search';
import { liveContext, testAccount } from '../../helpers/context';
import { wire } from '../../helpers/fixtures';

const CT = 'https://cloudtrail.us-east-1.amazonaws.com';
const json = { 'Content-Type': 'application/x-amz-json-1.1' };
// The SDK sends the short form; the long form is the service's documented one: accept both.
const op = (name: string) => (h: string) =>
  h === `CloudTrail_20131101.${name}` || h === `com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.${name}`;
const EDS = 'arn:aws:cloudtrail:us-east-1:111111111111:eventdatastore/EXAMPLEf852-4e8f-8bd1-bcf6cEXAMPLE';
const settings = { eventDataStore: EDS, region: 'us-east-1' };
const account = testAccount({ name: 'prod', accountId: '222222222222', regions: ['us-east-1', 'eu-west-1'] });
const now = new Date('2025-03-15T00:00:00Z');
const window = { start_time: '2025-03-10T00:00:00Z', end_time: '2025-03-15T00:00:00Z' };

function ctx(o: { timeoutMs?: number } = {}) {
  return liveContext({
    accounts: [account],
    now,
    sources: {
      trailMaxDays: null,
      trail: (a) => new LakeTrailSource(a, { settings, externalId: 'x', pollMs: 1, why: 'configured', ...o }),
    },
  });
}

function started(statements: string[] = []) {
  return nock(CT)
    .post('/', (b) => {
      statements.push(b.QueryStatement);
      return true;
    })
    .matchHeader('x-amz-target', op('StartQuery'))
    .reply(200, wire('cloudtrail-lake/start-query.json'), json);
}

beforeEach(() => resetAwsClients());
afterEach(() => expect(nock.pendingMocks()).toEqual([]));

describe('Lake SQL', () => {
  it('reads FROM the event data store id, bounds eventtime as timestamps, scopes account and regions', () => {
    const sql = buildLakeSql({
      eventDataStore: EDS,
      accountIds: ['222222222222'],
      regions: ['us-east-1'],
      start: new Date('2025-03-10T00:00:00Z'),
      end: new Date('2025-03-15T00:00:00Z'),
      filter: { accessKeyId: 'AKIAI44QH8DHBEXAMPLE' },
      limit: 10,
    });
    expect(sql).toContain('FROM EXAMPLEf852-4e8f-8bd1-bcf6cEXAMPLE\n');
    expect(sql).toContain(`eventtime >= '2025-03-10 00:00:00'`);
    expect(sql).toContain(`eventtime <= '2025-03-15 00:00:00'`);
    expect(sql).toContain(`recipientaccountid IN ('222222222222')`);
    expect(sql).toContain(`awsregion IN ('us-east-1')`);
    expect(sql).toContain(`useridentity.accesskeyid = 'AKIAI44QH8DHBEXAMPLE'`);
    expect(() =>
      buildLakeSql({
        eventDataStore: 'x; DROP',
        accountIds: ['222222222222'],
        regions: ['us-east-1'],
        start: new Date(),
        end: new Date(),
        filter: {},
        limit: 1,
      }),
    ).toThrow(/eventDataStore/);
  });
});

describe('cloudtrail_search on CloudTrail Lake', () => {
  it('one query per account with every filter; polls, pages, and names the query and bytes', async () => {
    const statements: string[] = [];
    started(statements)
      .post('/', (b) => b.QueryId === 'EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE')
      .matchHeader('x-amz-target', op('DescribeQuery'))
      .reply(200, wire('cloudtrail-lake/describe-query-queued.json'), json)
      .post('/')
      .matchHeader('x-amz-target', op('DescribeQuery'))
      .reply(200, wire('cloudtrail-lake/describe-query-running.json'), json)
      .post('/')
      .matchHeader('x-amz-target', op('DescribeQuery'))
      .reply(200, wire('cloudtrail-lake/describe-query-finished.json'), json)
      .post('/', (b) => !b.NextToken)
      .matchHeader('x-amz-target', op('GetQueryResults'))
      .reply(200, wire('cloudtrail-lake/get-query-results-page1.json'), json)
      .post('/', (b) => b.NextToken === 'AAAAAAEXAMPLELAKEPAGE2TOKEN')
      .matchHeader('x-amz-target', op('GetQueryResults'))
      .reply(200, wire('cloudtrail-lake/get-query-results-page2.json'), json);
    const r = await tool.run(ctx(), {
      user_name: 'Alice@Example.com',
      source_ip: '198.51.100.0/24',
      error_code: undefined,
      read_only: false,
      ...window,
    });
    expect(statements).toHaveLength(1);
    const sql = statements[0]!;
    expect(sql).toContain(`awsregion IN ('us-east-1', 'eu-west-1')`);
    expect(sql).toContain(`strpos(lower(useridentity.arn), '/alice@example.com') > 0`);
    expect(sql).toContain(`contains('198.51.100.0/24', TRY_CAST(sourceipaddress AS IPADDRESS))`);
    const data = r.data as any;
    expect(data.matched).toBe(1);
    expect(data.samples?.[0]?.time ?? data.firstSeen ?? '').toMatch(/2025-03-14T12:05:17/);
    expect(r.sources[0]?.api).toBe('cloudtrail:CloudTrail Lake');
    expect(r.warnings.join(' ')).toMatch(
      /Searched on CloudTrail Lake \(event data store EXAMPLEf852-4e8f-8bd1-bcf6cEXAMPLE\) because configured: 1 query \(EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE\), 50\.0 MB scanned/,
    );
  });

  it.each([
    ['describe-query-failed.json', /FAILED: COLUMN_NOT_FOUND/],
    ['describe-query-cancelled.json', /CANCELLED\. Nothing was searched there/],
    ['describe-query-timed-out.json', /TIMED_OUT: Query timed out/],
  ])('%s: a failed read with its reason, never "no events"', async (file, reason) => {
    started()
      .post('/')
      .matchHeader('x-amz-target', op('DescribeQuery'))
      .reply(200, wire(`cloudtrail-lake/${file}`), json);
    const r = await tool.run(ctx(), { event_names: ['StopLogging'], ...window });
    expect(r.warnings.join(' ')).toMatch(reason);
    expect(r.sources.every((s) => /failed/.test(s.detail ?? ''))).toBe(true);
  });

  it('past our time limit the query is cancelled (CancelQuery) and reported', async () => {
    let cancelled: any;
    started()
      .post('/')
      .matchHeader('x-amz-target', op('DescribeQuery'))
      .delay(20)
      .reply(200, wire('cloudtrail-lake/describe-query-running.json'), json)
      .post('/', (b) => {
        cancelled = b;
        return true;
      })
      .matchHeader('x-amz-target', op('CancelQuery'))
      .reply(200, JSON.stringify({ QueryId: 'EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE', QueryStatus: 'CANCELLED' }), json);
    const r = await tool.run(ctx({ timeoutMs: 1 }), { event_names: ['StopLogging'], ...window });
    expect(cancelled).toEqual({ QueryId: 'EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE' });
    expect(r.warnings.join(' ')).toMatch(/still RUNNING after the time limit: cancelled, not searched/);
  });

  it('MaxConcurrentQueriesException is retried', async () => {
    nock(CT)
      .post('/')
      .matchHeader('x-amz-target', op('StartQuery'))
      .reply(400, wire('cloudtrail-lake/max-concurrent-queries.json'), json);
    started()
      .post('/')
      .matchHeader('x-amz-target', op('DescribeQuery'))
      .reply(200, wire('cloudtrail-lake/describe-query-finished.json'), json)
      .post('/')
      .matchHeader('x-amz-target', op('GetQueryResults'))
      .reply(200, wire('cloudtrail-lake/get-query-results-page2.json'), json);
    const r = await tool.run(ctx(), { access_key_id: 'AKIAI44QH8DHBEXAMPLE', ...window });
    expect((r.data as any).matched).toBe(1);
  });

  it('configuration: lake needs its event data store; auto prefers Lake when set', () => {
    expect(() => liveTrail(parseConfig({ TRAILHOUND_CLOUDTRAIL_SOURCE: 'lake' }), 'x')).toThrow(
      /TRAILHOUND_LAKE_EVENT_DATA_STORE/,
    );
    const lake = liveTrail(
      parseConfig({ TRAILHOUND_CLOUDTRAIL_SOURCE: 'lake', TRAILHOUND_LAKE_EVENT_DATA_STORE: EDS }),
      'x',
    );
    expect(lake.trail(account)).toBeInstanceOf(LakeTrailSource);
    const auto = liveTrail(
      parseConfig({ TRAILHOUND_CLOUDTRAIL_SOURCE: 'auto', TRAILHOUND_LAKE_EVENT_DATA_STORE: EDS }),
      'x',
    );
    expect(auto.trail(account)).toBeInstanceOf(AutoTrailSource);
    expect(() => parseConfig({ TRAILHOUND_LAKE_EVENT_DATA_STORE: "x' OR 1=1" })).toThrow(/event data store/);
  });
});
