/** posture_scan in live mode at the HTTP level when the read role is missing every permission. */
import { readFileSync } from 'node:fs';
import nock from 'nock';
import { beforeEach, describe, expect, it } from 'vitest';
import postureScan, { type PostureScanData } from '../../tools/posture-scan';
import { resetAwsClients } from '../../src/aws/clients';
import { executeTool } from '../../src/runtime/execute-tool';
import { liveContext, testAccount } from '../helpers/context';
import { openTestDb } from '../helpers/db';
import { listScans } from '../../src/db/queries/scans';

const denied = `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: arn:aws:sts::123456789012:assumed-role/TrailhoundReadOnly/trailhound is not authorized to perform this action</Message></Error><RequestId>r-1</RequestId></ErrorResponse>`;

describe('posture_scan, live, every read denied', () => {
  beforeEach(() => resetAwsClients());

  it('reports the account as failed with the first actionable errors, stores nothing', async () => {
    nock('https://iam.amazonaws.com').persist().post('/').reply(403, denied, { 'content-type': 'text/xml' });
    nock('https://ec2.us-east-1.amazonaws.com')
      .persist()
      .post('/')
      .reply(401, readFileSync('test/fixtures/wire/ec2/error-auth-failure.xml', 'utf8'), {
        'content-type': 'text/xml;charset=UTF-8',
      });
    // S3 (REST-XML, virtual-hosted and s3-control hosts alike) denies with its own error body.
    nock(/s3[.-][a-z0-9.-]*amazonaws\.com/)
      .persist()
      .get(/.*/)
      .reply(
        403,
        '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>4442587FB7D0A2F9</RequestId><HostId>host-1</HostId></Error>',
        { 'content-type': 'application/xml' },
      );
    const db = await openTestDb('pglite');
    const ctx = liveContext({ accounts: [testAccount()], db: db.db });
    const said: string[] = [];
    ctx.progress = (m) => said.push(m);
    const out = await executeTool(ctx, postureScan as never, {});
    // One account: progress names its regions as they are read.
    expect(said).toContain('prod: us-east-1 could not be read (1/1 regions)');
    if (!out.ok) throw new Error(out.error);
    const d = out.result.data as PostureScanData;
    expect(d.accounts[0]).toMatchObject({ account: 'prod', status: 'failed', findings: 0, rulesChecked: 0 });
    expect(d.accounts[0]!.history).toBeUndefined();
    const w = out.result.warnings.join('\n');
    expect(w).toMatch(/nothing could be read/);
    expect(w).toMatch(/iam:GetAccountAuthorizationDetails/);
    expect(w).toMatch(/AuthFailure|rejected the credentials/);
    expect(w).toMatch(/s3:ListAllMyBuckets/);
    expect(await listScans(db.db)).toEqual([]);
    await db.close();
  });

  it('a multi-account scan counts accounts done in every progress line', async () => {
    nock('https://iam.amazonaws.com').persist().post('/').reply(403, denied, { 'content-type': 'text/xml' });
    nock('https://ec2.us-east-1.amazonaws.com')
      .persist()
      .post('/')
      .reply(401, readFileSync('test/fixtures/wire/ec2/error-auth-failure.xml', 'utf8'), {
        'content-type': 'text/xml;charset=UTF-8',
      });
    nock(/s3[.-][a-z0-9.-]*amazonaws\.com/)
      .persist()
      .get(/.*/)
      .reply(
        403,
        '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>',
        {
          'content-type': 'application/xml',
        },
      );
    const ctx = liveContext({
      accounts: [testAccount(), testAccount({ name: 'stage', accountId: '210987654321' })],
    });
    const said: string[] = [];
    ctx.progress = (m) => said.push(m);
    const out = await executeTool(ctx, postureScan as never, { store: false });
    if (!out.ok) throw new Error(out.error);
    expect(said[0]).toMatch(/^0\/2 accounts done · (prod|stage): reading IAM, 1 region\(s\)/);
    expect(said).toContain('0/2 accounts done · prod: us-east-1 could not be read (1/1 regions)');
    expect(said.at(-1)).toMatch(/^2\/2 accounts done · (prod|stage): could not be read$/);
  });
});
