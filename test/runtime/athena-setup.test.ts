/**
 * `trailhound cloudtrail athena-setup --apply --json` in-process: the CREATE EXTERNAL TABLE goes to
 * Athena (StartQueryExecution with the workgroup, output location and database), is polled to
 * SUCCEEDED, and the JSON names the query id; a FAILED DDL is an error with Athena's reason; a bad
 * bucket is a usage error (exit 2) before any call.
 */
import nock from 'nock';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resetAwsClients } from '../../src/aws/clients';
import { athenaWire, step } from '../helpers/athena-wire';
import { cliEnvironment, runCli } from '../helpers/cli';

const env = cliEnvironment('th-athena-setup-', {
  TRAILHOUND_ATHENA_WORKGROUP: 'security',
  TRAILHOUND_ATHENA_OUTPUT_LOCATION: 's3://amzn-s3-demo-bucket/athena-results/',
  TRAILHOUND_ATHENA_REGION: 'us-east-1',
});
afterAll(() => env.restore());
beforeEach(() => resetAwsClients());
afterEach(() => expect(nock.pendingMocks()).toEqual([]));

const args = [
  'cloudtrail',
  'athena-setup',
  '--bucket',
  'amzn-s3-demo-trail-bucket',
  '--org-id',
  'o-a1b2c3d4e5',
  '--database',
  'security',
  '--table',
  'cloudtrail_org',
  '--accounts',
  '111111111111,222222222222',
  '--regions',
  'us-east-1,eu-west-1',
];

describe('cloudtrail athena-setup', () => {
  it('--apply runs the DDL on Athena and --json reports the query', async () => {
    let start: any;
    athenaWire(
      step('StartQueryExecution', 'start-query-execution.json', {
        match: (b) => {
          start = b;
          return true;
        },
      }),
      step('GetQueryExecution', 'get-query-execution-succeeded.json'),
      // A DDL statement's results: no rows (API_GetQueryResults: UpdateCount, ResultSet).
      step(
        'GetQueryResults',
        JSON.stringify({ UpdateCount: 0, ResultSet: { Rows: [], ResultSetMetadata: { ColumnInfo: [] } } }),
      ),
    );
    const r = await runCli(...args, '--apply', '--json');
    expect(r.code).toBe(0);
    expect(start.QueryString).toMatch(/^CREATE EXTERNAL TABLE IF NOT EXISTS `security`\.`cloudtrail_org`/);
    expect(start.QueryString).toContain(`'projection.account.values'='111111111111,222222222222'`);
    expect(start.QueryString).toContain(
      `'storage.location.template'='s3://amzn-s3-demo-trail-bucket/AWSLogs/o-a1b2c3d4e5/\${account}/CloudTrail/\${region}/\${timestamp}'`,
    );
    expect(start.WorkGroup).toBe('security');
    expect(start.ResultConfiguration).toEqual({ OutputLocation: 's3://amzn-s3-demo-bucket/athena-results/' });
    expect(start.QueryExecutionContext).toEqual({ Database: 'security' });
    const out = JSON.parse(r.stdout);
    expect(out.applied).toEqual({
      queryId: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
      state: 'SUCCEEDED',
      bytesScanned: expect.any(Number),
    });
    expect(out.sql).toBe(start.QueryString);
  });

  it('--apply with a FAILED DDL exits non-zero with Athena’s reason', async () => {
    athenaWire(
      step('StartQueryExecution', 'start-query-execution.json'),
      step('GetQueryExecution', 'get-query-execution-failed.json'),
    );
    const r = await runCli(...args, '--apply', '--json');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/FAILED: COLUMN_NOT_FOUND/);
  });

  it('without --apply prints the statement and calls nothing; a bad bucket is a usage error', async () => {
    const r = await runCli(...args);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^CREATE EXTERNAL TABLE/);
    const bad = await runCli(...args.map((a) => (a === 'amzn-s3-demo-trail-bucket' ? 'Bad_Bucket' : a)));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--bucket "Bad_Bucket" is invalid/);
  });
});
