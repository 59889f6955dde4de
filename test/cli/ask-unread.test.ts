/**
 * A live `ask` whose tools could not read a region (no credentials, AccessDenied from CloudTrail)
 * exits 4 and names what was not read: "no events" from a region nobody read is never a clean
 * answer (exit 0). CloudTrail answers with its real awsJson1.1 error shapes, through the CLI
 * in-process.
 */
import nock from 'nock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resetAwsClients } from '../../src/aws/clients';
import { cliEnvironment, runCli } from '../helpers/cli';
import { wire } from '../helpers/fixtures';

const QUESTION = 'what did AKIAIOSFODNN7EXAMPLE do this week?';
const json = { 'Content-Type': 'application/x-amz-json-1.1' };
/** CloudTrail's authorization failure: awsJson1.1 `__type` body, 403, the error type in a header. */
const denied = [
  403,
  {
    __type: 'AccessDeniedException',
    message:
      'User: arn:aws:iam::111111111111:user/trailhound is not authorized to perform: cloudtrail:LookupEvents because no identity-based policy allows the cloudtrail:LookupEvents action',
  },
  { ...json, 'x-amzn-ErrorType': 'AccessDeniedException:http://internal.amazon.com/coral/com.amazon.coral.service/' },
] as const;
/** Keys the service does not know (expired, deleted, from another partition). */
const badToken = [
  400,
  { __type: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' },
  json,
] as const;

const cloudtrail = (region: string) => nock(`https://cloudtrail.${region}.amazonaws.com`).post('/');

let env: ReturnType<typeof cliEnvironment>;
beforeAll(async () => {
  env = cliEnvironment('th-ask-unread-');
  const added = await runCli(
    'accounts',
    'add',
    'prod',
    '--account-id',
    '111111111111',
    '--regions',
    'us-east-1,eu-west-1',
  );
  expect(added.code).toBe(0);
});
afterAll(() => env.restore());
beforeEach(() => resetAwsClients());

describe('ask (live) when sources could not be read', { timeout: 120_000 }, () => {
  it('every region denied: exit 4, the regions named on stderr, never "no events"', async () => {
    cloudtrail('us-east-1').reply(...denied);
    cloudtrail('eu-west-1').reply(...denied);
    const r = await runCli('ask', QUESTION);
    expect(r.code).toBe(4);
    expect(r.stdout).not.toMatch(/^No CloudTrail events/m);
    expect(r.stdout).toMatch(/Could not search CloudTrail/);
    expect(r.stdout).toMatch(/— partial answer: 2 source\(s\) could not be read/);
    expect(r.stderr).toMatch(/Incomplete \(exit 4\): 2 source\(s\) could not be read/);
    expect(r.stderr).toMatch(
      /prod (us-east-1|eu-west-1), prod (eu-west-1|us-east-1) — cloudtrail:LookupEvents: Access denied calling cloudtrail:LookupEvents on account prod \(111111111111\)\. Grant/,
    );
  });

  it('one region denied, one read: exit 4 naming only the unread one; --json carries `unread`', async () => {
    cloudtrail('us-east-1').reply(200, wire('cloudtrail/lookup-events-page2.json'), json);
    cloudtrail('eu-west-1').reply(...denied);
    const r = await runCli('ask', QUESTION, '--json');
    expect(r.code).toBe(4);
    const answer = JSON.parse(r.stdout);
    expect(answer.partial).toBe(true);
    expect(answer.unread).toEqual([
      expect.objectContaining({ account: 'prod', region: 'eu-west-1', api: 'cloudtrail:LookupEvents' }),
    ]);
    expect(answer.unread[0].reason).toMatch(/Access denied|not authorized/i);
    expect(answer.toolRuns[0].result.unread).toEqual(answer.unread);
    expect(r.stderr).toMatch(/prod eu-west-1 — cloudtrail:LookupEvents/);
    expect(r.stderr).not.toMatch(/us-east-1/);
  });

  it('keys CloudTrail does not know (UnrecognizedClientException): exit 4', async () => {
    cloudtrail('us-east-1').reply(...badToken);
    cloudtrail('eu-west-1').reply(...badToken);
    const r = await runCli('ask', QUESTION);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(
      /prod (us-east-1|eu-west-1), prod (eu-west-1|us-east-1) — cloudtrail:LookupEvents: AWS rejected the credentials/,
    );
  });

  it('no AWS credentials at all: exit 4, says the credentials could not be loaded', async () => {
    const saved = {
      id: process.env.AWS_ACCESS_KEY_ID,
      secret: process.env.AWS_SECRET_ACCESS_KEY,
      creds: process.env.AWS_SHARED_CREDENTIALS_FILE,
      config: process.env.AWS_CONFIG_FILE,
    };
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    process.env.AWS_SHARED_CREDENTIALS_FILE = `${env.dataDir}/no-such-credentials`;
    process.env.AWS_CONFIG_FILE = `${env.dataDir}/no-such-config`;
    resetAwsClients();
    try {
      const r = await runCli('ask', QUESTION);
      expect(r.code).toBe(4);
      expect(r.stdout).not.toMatch(/^No CloudTrail events/m);
      expect(r.stderr).toMatch(/Incomplete \(exit 4\)/);
      expect(r.stderr).toMatch(
        /prod (us-east-1|eu-west-1), prod (eu-west-1|us-east-1) — cloudtrail:LookupEvents: No AWS credentials found/,
      );
      // `trailhound tool` runs the same tool: the same exit code, and the JSON names what was not read.
      resetAwsClients();
      const t = await runCli('tool', 'cloudtrail_search', '{"access_key_id":"AKIAIOSFODNN7EXAMPLE"}');
      expect(t.code).toBe(4);
      expect(JSON.parse(t.stdout).unread).toHaveLength(2);
    } finally {
      process.env.AWS_ACCESS_KEY_ID = saved.id;
      process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
      if (saved.creds === undefined) delete process.env.AWS_SHARED_CREDENTIALS_FILE;
      else process.env.AWS_SHARED_CREDENTIALS_FILE = saved.creds;
      if (saved.config === undefined) delete process.env.AWS_CONFIG_FILE;
      else process.env.AWS_CONFIG_FILE = saved.config;
    }
  });

  it('every region read: exit 0, no incomplete note', async () => {
    cloudtrail('us-east-1').reply(200, wire('cloudtrail/lookup-events-page2.json'), json);
    cloudtrail('eu-west-1').reply(200, wire('cloudtrail/lookup-events-page2.json'), json);
    const r = await runCli('ask', QUESTION);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/Incomplete/);
    expect(r.stdout).not.toMatch(/partial answer/);
  });
});
