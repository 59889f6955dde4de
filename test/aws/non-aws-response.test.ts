/**
 * An endpoint that answers HTML or garbage (a proxy, a captive portal, an emulator missing an API)
 * is named as a non-AWS response with the API, status and content type — never "XML parse error"
 * or "Unexpected token '<'", and never a silent empty result (an HTML page with status 200 parses
 * as an empty IAM ListUsers without the guard).
 */
import { ListUsersCommand, IAMClient } from '@aws-sdk/client-iam';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import nock from 'nock';
import { beforeEach, describe, expect, it } from 'vitest';
import { awsClient, resetAwsClients } from '../../src/aws/clients';
import { explainAwsError } from '../../src/aws/errors';
import { bodyExcerpt } from '../../src/aws/non-aws-response';
import { testAccount } from '../helpers/context';

const account = testAccount({ regions: ['us-east-1'] });
const session = { externalId: 'x', maxAttempts: 1 };
const PORTAL =
  '<!DOCTYPE html><html><head><title>Sign in to the guest Wi-Fi</title><script>x()</script></head><body><h1>Welcome</h1></body></html>';

async function failure(p: Promise<unknown>): Promise<unknown> {
  try {
    const r = await p;
    throw new Error(`expected a failure, got ${JSON.stringify(r)}`);
  } catch (err) {
    return err;
  }
}

describe('non-AWS responses', () => {
  beforeEach(() => resetAwsClients());

  it('an HTML page with status 200 to IAM (query protocol) is an error naming the API, not an empty list', async () => {
    nock('https://iam.amazonaws.com').post('/').reply(200, PORTAL, { 'Content-Type': 'text/html; charset=utf-8' });
    const iam = awsClient(IAMClient, account, 'us-east-1', session);
    const err = await failure(iam.send(new ListUsersCommand({})));
    const x = explainAwsError(err, { api: 'iam:ListUsers', account: account.name, region: 'us-east-1' });
    expect(x.kind).toBe('non-aws-response');
    expect(x.message).toMatch(
      /^iam ListUsers returned a non-AWS response \(HTTP 200, text\/html\): Sign in to the guest Wi-Fi Welcome on account /,
    );
    expect(x.message).not.toMatch(/<|script|x\(\)/);
    expect(x.message).toMatch(/AWS_ENDPOINT_URL/);
    expect(x.message.endsWith('.')).toBe(true);
    expect(x.message).not.toMatch(/\.\./);
  });

  it('a proxy error page (HTTP 502, HTML) to a JSON API is named the same way', async () => {
    nock('https://cloudtrail.us-east-1.amazonaws.com')
      .post('/')
      .reply(502, '<html><body><h1>502 Bad Gateway</h1></body></html>', { 'Content-Type': 'text/html' });
    const ct = awsClient(CloudTrailClient, account, 'us-east-1', session);
    const x = explainAwsError(await failure(ct.send(new LookupEventsCommand({}))), { api: 'cloudtrail:LookupEvents' });
    expect(x.message).toMatch(
      /^cloudtrail LookupEvents returned a non-AWS response \(HTTP 502, text\/html\): 502 Bad Gateway\./,
    );
    expect(x.message).not.toMatch(/Unexpected token|SyntaxError/);
  });

  it('garbage with a non-HTML content type is caught from the SDK parser and named the same way', async () => {
    nock('https://cloudtrail.us-east-1.amazonaws.com')
      .post('/')
      .reply(200, 'garbage', { 'Content-Type': 'text/plain' });
    const ct = awsClient(CloudTrailClient, account, 'us-east-1', session);
    const x = explainAwsError(await failure(ct.send(new LookupEventsCommand({}))), {
      api: 'cloudtrail:LookupEvents',
      region: 'us-east-1',
    });
    expect(x.kind).toBe('non-aws-response');
    expect(x.message).toBe(
      'cloudtrail LookupEvents returned a non-AWS response (HTTP 200, text/plain) on region us-east-1. Check AWS_ENDPOINT_URL and any proxy between this host and AWS.',
    );
  });

  it('real AWS answers (XML errors, JSON) pass through the guard unchanged', async () => {
    nock('https://iam.amazonaws.com')
      .post('/')
      .reply(
        403,
        '<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User is not authorized to perform: iam:ListUsers</Message></Error><RequestId>1</RequestId></ErrorResponse>',
        { 'Content-Type': 'text/xml' },
      );
    const iam = awsClient(IAMClient, account, 'us-east-1', session);
    const x = explainAwsError(await failure(iam.send(new ListUsersCommand({}))), { api: 'iam:ListUsers' });
    expect(x.kind).toBe('access-denied');
  });

  it('bodyExcerpt keeps short printable text only', () => {
    expect(bodyExcerpt('<style>a{}</style><p>Hi\u202e there</p>\n\n<b>x</b>')).toBe('Hi there x');
    expect(bodyExcerpt('a'.repeat(500)).length).toBe(120);
  });
});
