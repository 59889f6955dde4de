/**
 * The Athena CloudTrail source at the HTTP level: StartQueryExecution, GetQueryExecution through
 * QUEUED/RUNNING to SUCCEEDED (or FAILED with its reason), GetQueryResults pages, with Athena's
 * JSON 1.1 wire shapes (test/fixtures/wire/athena); rows become CloudTrail records again.
 */
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resetAwsClients } from '../../../src/aws/clients';
import { parseConfig } from '../../../src/config';
import type { CloudTrailRecord } from '../../../src/cloudtrail/record';
import type { TrailSource } from '../../../src/cloudtrail/source';
import { liveTrail } from '../../../src/runtime/build-context';
import { AthenaTrailSource, AutoTrailSource } from '../../../src/sources/athena/cloudtrail';
import { AthenaFailedError } from '../../../src/sources/athena/query';
import { ATHENA_SETTINGS, athenaWire, step } from '../../helpers/athena-wire';
import { testAccount } from '../../helpers/context';
import { wire } from '../../helpers/fixtures';

const settings = ATHENA_SETTINGS;
const account = testAccount({ name: 'prod', accountId: '222222222222', regions: ['us-east-1'] });
const window = { start: new Date('2024-12-01T00:00:00Z'), end: new Date('2025-03-15T00:00:00Z') };

async function all(
  src: TrailSource,
  region: string,
  q: Parameters<TrailSource['events']>[1],
): Promise<CloudTrailRecord[]> {
  const out: CloudTrailRecord[] = [];
  for await (const r of src.events(region, q)) out.push(r);
  return out;
}

beforeEach(() => resetAwsClients());
afterEach(() => expect(nock.pendingMocks()).toEqual([]));

describe('Athena trail source (JSON 1.1 wire)', () => {
  it('runs the query, polls until SUCCEEDED, pages the results and rebuilds CloudTrail records', async () => {
    let start: any;
    const resultTokens: (string | undefined)[] = [];
    athenaWire(
      step('StartQueryExecution', 'start-query-execution.json', {
        match: (b) => {
          start = b;
          return true;
        },
      }),
      step('GetQueryExecution', 'get-query-execution-queued.json'),
      step('GetQueryExecution', 'get-query-execution-running.json'),
      step('GetQueryExecution', 'get-query-execution-succeeded.json'),
      step('GetQueryResults', 'get-query-results-page1.json', {
        match: (b) => {
          resultTokens.push(b.NextToken);
          return !b.NextToken;
        },
      }),
      step('GetQueryResults', 'get-query-results-page2.json', {
        match: (b) => {
          resultTokens.push(b.NextToken);
          return !!b.NextToken;
        },
      }),
    );

    const src = new AthenaTrailSource(account, { settings, externalId: 'x', pollMs: 1, why: 'test' });
    const recs = await all(src, 'us-east-1', {
      ...window,
      lookup: { key: 'AccessKeyId', value: 'AKIAI44QH8DHBEXAMPLE' },
    });
    expect(start.WorkGroup).toBe('primary');
    expect(start.QueryExecutionContext).toEqual({ Database: 'security' });
    expect(start.ResultConfiguration).toEqual({ OutputLocation: 's3://amzn-s3-demo-bucket/athena-results/' });
    expect(start.QueryString).toContain(`useridentity.accesskeyid = 'AKIAI44QH8DHBEXAMPLE'`);
    expect(start.QueryString).toContain(`account IN ('222222222222')`);
    expect(resultTokens).toEqual([undefined, 'AUFRQmF0aGVuYVBhZ2UyRVhBTVBMRQ==']);
    expect(recs.map((r) => r.eventName)).toEqual(['StopLogging', 'CreateAccessKey']);
    const [stop, create] = recs;
    expect(stop?.userIdentity).toMatchObject({
      type: 'AssumedRole',
      accessKeyId: 'ASIAEXAMPLEALICE0001',
      sessionContext: {
        sessionIssuer: { arn: 'arn:aws:iam::222222222222:role/OktaAdmin', userName: 'OktaAdmin' },
        attributes: { mfaAuthenticated: 'false' },
      },
    });
    expect(stop?.readOnly).toBe(false);
    expect(stop?.resources).toEqual([
      {
        ARN: 'arn:aws:cloudtrail:us-east-1:222222222222:trail/management-events',
        accountId: '222222222222',
        type: 'AWS::CloudTrail::Trail',
      },
    ]);
    expect(stop?.requestParameters).toEqual({ name: 'management-events' });
    expect(create?.userIdentity).toMatchObject({ userName: 'bob', accessKeyId: 'AKIAI44QH8DHBEXAMPLE' });
    expect(create?.responseElements).toMatchObject({ accessKey: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE' } });
    const rep = src.report();
    expect(rep.warnings[0]).toMatch(
      /Searched on Athena \(security\.cloudtrail_org\) because test: 1 query \(a1b2c3d4-5678-90ab-cdef-EXAMPLE11111\), 46\.0 MB scanned/,
    );
  });

  it('a FAILED query throws with Athena’s reason and is reported, never an empty answer', async () => {
    athenaWire(
      step('StartQueryExecution', 'start-query-execution.json'),
      step('GetQueryExecution', 'get-query-execution-failed.json'),
    );
    const src = new AthenaTrailSource(account, { settings, externalId: 'x', pollMs: 1 });
    const err = await all(src, 'us-east-1', window).catch((e) => e);
    expect(err).toBeInstanceOf(AthenaFailedError);
    expect(err.message).toMatch(/FAILED: COLUMN_NOT_FOUND/);
    expect(src.report().warnings.join(' ')).toMatch(/COLUMN_NOT_FOUND/);
  });

  it('retries a throttled StartQueryExecution (TooManyRequestsException)', async () => {
    athenaWire(
      step('StartQueryExecution', 'throttling.json', { status: 400 }),
      step('StartQueryExecution', 'start-query-execution.json'),
      step('GetQueryExecution', 'get-query-execution-succeeded.json'),
      step(
        'GetQueryResults',
        wire('athena/get-query-results-page2.json').replace(
          '"Rows": [',
          `"Rows": [${JSON.parse(wire('athena/get-query-results-page1.json'))
            .ResultSet.Rows.slice(0, 1)
            .map((r: unknown) => JSON.stringify(r))
            .join(',')},`,
        ),
      ),
    );
    const src = new AthenaTrailSource(account, { settings, externalId: 'x', pollMs: 1 });
    const recs = await all(src, 'us-east-1', window);
    expect(recs.map((r) => r.eventName)).toEqual(['CreateAccessKey']);
  });

  it('says when the row cap was reached', async () => {
    const run = async () => ({
      queryId: 'q1',
      state: 'SUCCEEDED',
      bytesScanned: 10,
      rows: [{ eventtime: '2025-03-14T11:59:30Z', eventname: 'X', eventsource: 'iam.amazonaws.com', eventid: 'e1' }],
    });
    const src = new AthenaTrailSource(account, { settings, externalId: 'x', run, rowCap: 1 });
    await all(src, 'us-east-1', window);
    expect(src.report().warnings.join(' ')).toMatch(/cap of 1 rows/);
  });
});

describe('choosing the source', () => {
  const lookupSrc = (name: string): TrailSource => ({
    kind: 'live',
    account,
    events: async function* () {
      yield {
        eventTime: '2025-03-14T00:00:00Z',
        eventSource: 's',
        eventName: name,
        awsRegion: 'us-east-1',
        eventID: name,
      };
    },
  });

  it('auto: LookupEvents within 90 days, Athena beyond, and says why', async () => {
    const athena = new AthenaTrailSource(account, {
      settings,
      externalId: 'x',
      run: async () => ({ queryId: 'q9', state: 'SUCCEEDED', bytesScanned: 2048, rows: [] }),
    });
    const now = () => new Date('2025-03-15T00:00:00Z');
    const auto = new AutoTrailSource(account, lookupSrc('viaLookup'), athena, now);
    const recent = await all(auto, 'us-east-1', { start: new Date('2025-03-08T00:00:00Z'), end: now() });
    expect(recent.map((r) => r.eventName)).toEqual(['viaLookup']);
    await all(auto, 'us-east-1', window);
    const w = auto.report().warnings.join(' ');
    expect(w).toMatch(/Searched with LookupEvents/);
    expect(w).toMatch(
      /Searched on Athena .* because the window starts 104 days ago, beyond LookupEvents' 90: 1 query \(q9\), 2\.0 KB scanned/,
    );
  });

  it('athena without its settings is a configuration error, not a silent LookupEvents', () => {
    expect(() => liveTrail(parseConfig({ TRAILHOUND_CLOUDTRAIL_SOURCE: 'athena' }), 'x')).toThrow(
      /TRAILHOUND_ATHENA_DATABASE/,
    );
    const t = liveTrail(
      parseConfig({
        TRAILHOUND_CLOUDTRAIL_SOURCE: 'auto',
        TRAILHOUND_ATHENA_DATABASE: 'security',
        TRAILHOUND_ATHENA_TABLE: 'cloudtrail_org',
      }),
      'x',
    );
    expect(t.trailMaxDays).toBeNull();
    expect(t.trail(account)).toBeInstanceOf(AutoTrailSource);
    expect(liveTrail(parseConfig({}), 'x').trailMaxDays).toBeUndefined();
    // `KEY=` lines of .env.example mean unset, not invalid.
    const blank = parseConfig({
      TRAILHOUND_CLOUDTRAIL_SOURCE: '',
      TRAILHOUND_ATHENA_OUTPUT_LOCATION: '',
      TRAILHOUND_ATHENA_REGION: '',
    });
    expect(blank.TRAILHOUND_CLOUDTRAIL_SOURCE).toBe('lookup');
    expect(blank.TRAILHOUND_ATHENA_OUTPUT_LOCATION).toBeUndefined();
    expect(() => parseConfig({ TRAILHOUND_ATHENA_OUTPUT_LOCATION: 'http://x' })).toThrow(/s3:\/\//);
  });
});
