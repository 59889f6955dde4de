/** posture_scan in live mode at the HTTP level when the read role is missing every permission. */
import { readFileSync } from 'node:fs';
import nock from 'nock';
import { beforeEach, describe, expect, it } from 'vitest';
import postureScan, { type PostureScanData } from '../../tools/posture-scan';
import { resetAwsClients } from '../../src/aws/clients';
import { executeTool } from '../../src/runtime/execute-tool';
import { liveContext, testAccount } from '../helpers/context';
import { backends, openTestDb } from '../helpers/db';
import { listScans } from '../../src/db/queries/scans';
import { listFindings } from '../../src/db/queries/findings';

const denied = `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: arn:aws:sts::123456789012:assumed-role/TrailhoundReadOnly/trailhound is not authorized to perform this action</Message></Error><RequestId>r-1</RequestId></ErrorResponse>`;

describe.each(backends())('posture_scan, live, every read denied (%s)', (backend) => {
  beforeEach(() => resetAwsClients());

  it('reports the account as failed with the first actionable errors, stores the failed scan and no finding', async () => {
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
    const db = await openTestDb(backend);
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
    // The calls the scan made are in its sources (docs/cost-model.md), and what it could not read in `unread`.
    expect(out.result.sources[0]).toMatchObject({ account: 'prod', calls: expect.any(Number) });
    expect(out.result.sources[0]!.calls).toBeGreaterThan(0);
    expect(out.result.unread).toEqual(
      expect.arrayContaining([expect.objectContaining({ account: 'prod', api: 's3:ListAllMyBuckets' })]),
    );
    // The scan is in the history as failed, with why and how each region went; no finding was touched.
    const [row, ...more] = await listScans(db.db);
    expect(more).toEqual([]);
    expect(row).toMatchObject({ account: 'prod', status: 'failed', trigger: 'manual', checkedRules: [] });
    expect(row!.finishedAt).toBeInstanceOf(Date);
    expect(row!.regions).toMatchObject({ 'us-east-1': { status: 'failed' }, global: { status: 'failed' } });
    expect(row!.regions['us-east-1']!.errors.join(' ')).toMatch(/ec2:Describe/);
    const summary = row!.summary as { reason: string; apiCalls: number; throttles: number };
    expect(summary.reason).toMatch(/^Nothing could be read: /);
    expect(summary.apiCalls).toBeGreaterThan(3);
    expect(summary.throttles).toBe(0);
    expect(row!.warnings.join('\n')).toMatch(/s3:ListAllMyBuckets/);
    expect(await listFindings(db.db)).toEqual([]);
    await db.close();
  });

  it('a scan that stops with an error is stored as failed with the reason, and the error still surfaces', async () => {
    const db = await openTestDb(backend);
    const ctx = liveContext({
      accounts: [testAccount({ regions: ['us-east-1', 'eu-west-1'] })],
      db: db.db,
      sources: {
        regional: () => {
          throw new Error('source exploded');
        },
      },
    });
    const out = await executeTool(ctx, postureScan as never, {});
    expect(out.ok).toBe(false);
    const [row] = await listScans(db.db);
    expect(row).toMatchObject({ status: 'failed', summary: { reason: 'The scan stopped: source exploded' } });
    expect(Object.keys(row!.regions).sort()).toEqual(['eu-west-1', 'global', 'us-east-1']);
    expect(row!.regions['eu-west-1']).toEqual({ status: 'failed', errors: ['source exploded'] });
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
