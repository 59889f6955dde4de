/**
 * Athena at the HTTP level (awsJson1_1, `X-Amz-Target: AmazonAthena.<Op>`): the endpoint, the
 * settings the Athena tests share, and one ordered nock scope built from steps, each a fixture from
 * test/fixtures/wire/athena (or a literal body) for one operation, with an optional body matcher.
 */
import nock from 'nock';
import { wire } from './fixtures';

export const ATHENA = 'https://athena.us-east-1.amazonaws.com';

/** The Athena settings of the source tests (workgroup, output, database, table, region). */
export const ATHENA_SETTINGS = {
  workgroup: 'primary',
  outputLocation: 's3://amzn-s3-demo-bucket/athena-results/',
  database: 'security',
  table: 'cloudtrail_org',
  region: 'us-east-1',
};

const JSON_1_1 = { 'Content-Type': 'application/x-amz-json-1.1' };

export type AthenaOp = 'StartQueryExecution' | 'GetQueryExecution' | 'GetQueryResults';

export interface AthenaStep {
  op: AthenaOp;
  /** `<name>.json` under test/fixtures/wire/athena, or the body itself. */
  body: string;
  status?: number;
  /** Which request bodies this step answers (all by default). */
  match?: (body: any) => boolean;
}

/** `step('GetQueryExecution', 'get-query-execution-running.json')`. */
export function step(op: AthenaOp, body: string, opts: Omit<AthenaStep, 'op' | 'body'> = {}): AthenaStep {
  return { op, body, ...opts };
}

/** The steps answered in order, each once; `nock.pendingMocks()` lists the ones not reached. */
export function athenaWire(...steps: AthenaStep[]): nock.Scope {
  const scope = nock(ATHENA);
  for (const s of steps) {
    const body = /^[\w-]+\.json$/.test(s.body) ? wire(`athena/${s.body}`) : s.body;
    scope
      .post('/', s.match ?? (() => true))
      .matchHeader('x-amz-target', `AmazonAthena.${s.op}`)
      .reply(s.status ?? 200, body, JSON_1_1);
  }
  return scope;
}
