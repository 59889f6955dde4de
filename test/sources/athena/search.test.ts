/**
 * cloudtrail_search on Athena at the HTTP level: every filter, the account, its regions and the
 * window go into ONE query per account (not one per region or per LookupEvents attribute); the
 * answer names Athena, the query id and the bytes scanned; a CANCELLED or throttled query is said,
 * never turned into "no events".
 */
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resetAwsClients } from '../../../src/aws/clients';
import { AthenaTrailSource } from '../../../src/sources/athena/cloudtrail';
import tool from '../../../tools/cloudtrail-search';
import { ATHENA_SETTINGS, athenaWire, step } from '../../helpers/athena-wire';
import { liveContext, testAccount } from '../../helpers/context';
import { wire } from '../../helpers/fixtures';

const settings = ATHENA_SETTINGS;
const account = testAccount({ name: 'prod', accountId: '222222222222', regions: ['us-east-1', 'eu-west-1'] });
const now = new Date('2025-03-15T00:00:00Z');

function ctx() {
  return liveContext({
    accounts: [account],
    now,
    sources: {
      trailMaxDays: null,
      trail: (a) => new AthenaTrailSource(a, { settings, externalId: 'x', pollMs: 1, why: 'configured' }),
    },
  });
}

beforeEach(() => resetAwsClients());
afterEach(() => expect(nock.pendingMocks()).toEqual([]));

describe('cloudtrail_search on Athena', () => {
  it('pushes every filter into one query per account, pages the results and reports id and bytes', async () => {
    const queries: string[] = [];
    athenaWire(
      step('StartQueryExecution', 'start-query-execution.json', {
        match: (b) => {
          queries.push(b.QueryString);
          return true;
        },
      }),
      step('GetQueryExecution', 'get-query-execution-running.json'),
      step('GetQueryExecution', 'get-query-execution-succeeded.json'),
      step('GetQueryResults', 'get-query-results-page1.json', { match: (b) => !b.NextToken }),
      step('GetQueryResults', 'get-query-results-page2.json', { match: (b) => !!b.NextToken }),
    );

    const r = await tool.run(ctx(), {
      principal_arn: 'arn:aws:iam::222222222222:role/OktaAdmin',
      event_names: ['StopLogging', 'DeleteTrail'],
      source_ip: '198.51.100.0/24',
      user_agent_contains: 'AWS-CLI',
      read_only: false,
      start_time: '2025-03-10T00:00:00Z',
      end_time: '2025-03-15T00:00:00Z',
    });
    expect(queries).toHaveLength(1);
    const sql = queries[0]!;
    expect(sql).toContain(`account IN ('222222222222')`);
    expect(sql).toContain(`region IN ('us-east-1', 'eu-west-1')`);
    expect(sql).toContain(
      `"timestamp" IN ('2025/03/10', '2025/03/11', '2025/03/12', '2025/03/13', '2025/03/14', '2025/03/15')`,
    );
    expect(sql).toContain(`useridentity.sessioncontext.sessionissuer.arn = 'arn:aws:iam::222222222222:role/OktaAdmin'`);
    expect(sql).toContain(`eventname IN ('StopLogging', 'DeleteTrail')`);
    expect(sql).toContain(`contains('198.51.100.0/24', TRY_CAST(sourceipaddress AS IPADDRESS))`);
    expect(sql).toContain(`strpos(lower(useragent), 'aws-cli') > 0`);
    expect(sql).toContain(`(readonly IS NULL OR lower(CAST(readonly AS VARCHAR)) <> 'true')`);
    const data = r.data as any;
    // Page 2's CreateAccessKey (bob, another IP) came back and the exact re-check dropped it.
    expect(data.matched).toBe(1);
    expect(data.query.pushedDown).toMatch(/^SQL: principalArn, eventNames, readOnly, sourceIp, userAgentContains/);
    expect(data.query.fullScan).toBe(false);
    expect(data.query.appliedHere).toEqual([]);
    expect(r.sources.map((s) => s.api)).toEqual(['cloudtrail:Athena', 'cloudtrail:Athena']);
    expect(r.warnings.join(' ')).toMatch(
      /Searched on Athena \(security\.cloudtrail_org\) because configured: 1 query \(a1b2c3d4-5678-90ab-cdef-EXAMPLE11111\), 46\.0 MB scanned/,
    );
    expect(r.warnings.join(' ')).not.toMatch(/None of the filters/);
  });

  it('a CANCELLED query is a failed read with its reason, not an empty answer', async () => {
    athenaWire(
      step('StartQueryExecution', 'start-query-execution.json'),
      step('GetQueryExecution', 'get-query-execution-queued.json'),
      step('GetQueryExecution', 'get-query-execution-cancelled.json'),
    );
    const r = await tool.run(ctx(), {
      error_code: 'any',
      start_time: '2025-03-10T00:00:00Z',
      end_time: '2025-03-15T00:00:00Z',
    });
    const w = r.warnings.join(' ');
    expect(w).toMatch(/CANCELLED: Query was cancelled by the user/);
    expect(r.sources.every((s) => /failed/.test(s.detail ?? ''))).toBe(true);
    expect(r.summary).not.toMatch(/^No /);
  });

  it('a throttled GetQueryExecution is retried', async () => {
    athenaWire(
      step('StartQueryExecution', 'start-query-execution.json'),
      step('GetQueryExecution', 'throttling.json', { status: 400 }),
      step('GetQueryExecution', 'get-query-execution-succeeded.json'),
      step('GetQueryResults', wire('athena/get-query-results-page1.json').replace(/,\s*"NextToken": "[^"]*"/, ''), {
        match: (b) => !b.NextToken,
      }),
    );
    const r = await tool.run(ctx(), {
      event_names: ['StopLogging'],
      start_time: '2025-03-10T00:00:00Z',
      end_time: '2025-03-15T00:00:00Z',
    });
    expect((r.data as any).matched).toBe(1);
  });
});
