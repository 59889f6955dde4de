/**
 * The evidence CloudTrail reader never drops a record silently: records outside account.json's
 * regions or account are searched and named, every skipped entry is counted by reason, a
 * pathological record is skipped (never fatal), `notCollected` and a missing `collectedAt` are
 * said, and each file is read exactly once whatever its path layout.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CloudTrailRecord } from '../../../src/cloudtrail/record';
import { buildContext } from '../../../src/runtime/build-context';
import { parseConfig } from '../../../src/config';
import { EvidenceTrailSource } from '../../../src/sources/evidence/cloudtrail';
import { newTrailReadStats, trailRecords } from '../../../src/sources/evidence/trail-records';
import tool from '../../../tools/cloudtrail-search';
import { evidenceContext } from '../../helpers/context';

const ACCOUNT = '123456789012';
const NOW = new Date('2026-11-23T09:00:00Z');

function rec(over: Partial<CloudTrailRecord> & Record<string, unknown> = {}): CloudTrailRecord {
  return {
    eventVersion: '1.09',
    userIdentity: {
      type: 'IAMUser',
      principalId: 'AIDAEXAMPLE',
      arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
      accountId: ACCOUNT,
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      userName: 'alice',
    },
    eventTime: '2026-11-22T10:00:00Z',
    eventSource: 'cloudtrail.amazonaws.com',
    eventName: 'DescribeTrails',
    awsRegion: 'us-east-1',
    sourceIPAddress: '198.51.100.7',
    userAgent: 'aws-cli/2.15.0',
    eventID: `ev-${Math.random().toString(36).slice(2)}`,
    recipientAccountId: ACCOUNT,
    ...over,
  } as CloudTrailRecord;
}

function folder(account: Record<string, unknown> | null, files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'th-evr-'));
  if (account) writeFileSync(join(dir, 'account.json'), JSON.stringify(account));
  for (const [rel, body] of Object.entries(files)) {
    const p = join(dir, 'cloudtrail', rel);
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, body);
  }
  return dir;
}

const delivery = (rs: unknown[]) => JSON.stringify({ Records: rs });
const ACCT = { accountId: ACCOUNT, name: 'prod', regions: ['us-east-1'], collectedAt: '2026-11-23T09:00:00Z' };

describe('records outside account.json', () => {
  it('a StopLogging in a region account.json does not list is found, and the region is named', async () => {
    const dir = folder(ACCT, {
      'a.json': delivery([
        rec(),
        rec({ eventName: 'StopLogging', awsRegion: 'ap-south-1', eventID: 'stop-1' }),
        rec({ awsRegion: 'eu-west-2' }),
      ]),
    });
    const r = await tool.run(await evidenceContext(dir, { now: NOW }), { event_names: ['StopLogging'], last: '7d' });
    const d = r.data as Record<string, any>;
    expect(d.matched).toBe(1);
    expect(r.summary).toMatch(/1 event for calls to StopLogging/);
    expect(r.summary).toMatch(/ap-south-1/);
    expect(r.summary).toMatch(/outside this folder's account\.json/);
    expect(d.coverage.outsideAccountJson.regions).toEqual([{ value: 'ap-south-1', count: 1 }]);
  });

  it('records for another account are searched and named', async () => {
    const other = '210987654321';
    const rs = [
      ...Array.from({ length: 5 }, () => rec()),
      ...Array.from({ length: 3 }, () => rec({ recipientAccountId: other })),
    ];
    const dir = folder(ACCT, { 'a.json': delivery(rs) });
    const r = await tool.run(await evidenceContext(dir, { now: NOW }), {
      access_key_id: 'AKIAIOSFODNN7EXAMPLE',
      last: '7d',
    });
    const d = r.data as Record<string, any>;
    expect(d.matched).toBe(8);
    expect(d.coverage.outsideAccountJson.accounts).toEqual([{ value: other, count: 3 }]);
    expect(r.summary).toMatch(/3 for account 210987654321/);
  });

  it('explicit regions: the records left out are counted and named, not silently dropped', async () => {
    const dir = folder(ACCT, {
      'a.json': delivery([rec(), rec({ awsRegion: 'eu-west-2' }), rec({ awsRegion: 'eu-west-2' })]),
    });
    const r = await tool.run(await evidenceContext(dir, { now: NOW }), { regions: ['us-east-1'], last: '7d' });
    const d = r.data as Record<string, any>;
    expect(d.matched).toBe(1);
    expect(r.warnings.join('\n')).toMatch(/2 record\(s\) in eu-west-2 .*not searched.*regions/);
  });

  it('a region asked for that account.json does not list is searched over evidence', async () => {
    const dir = folder(ACCT, { 'a.json': delivery([rec(), rec({ awsRegion: 'eu-west-2', eventID: 'x2' })]) });
    const r = await tool.run(await evidenceContext(dir, { now: NOW }), { regions: ['eu-west-2'], last: '7d' });
    expect((r.data as any).matched).toBe(1);
  });
});

describe('a folder of several regions and accounts, with and without account.json', () => {
  const OTHER = '210987654321';
  const records = () => [
    rec({ eventName: 'StopLogging', eventID: 's1' }),
    rec({ eventName: 'StopLogging', awsRegion: 'eu-west-2', eventID: 's2' }),
    rec({ eventName: 'StopLogging', awsRegion: 'ap-south-1', recipientAccountId: OTHER, eventID: 's3' }),
    rec({ eventName: 'StopLogging', recipientAccountId: OTHER, eventID: 's4' }),
    rec({ eventID: 'noise' }),
  ];

  it('with account.json (one region, one account): every match is found and what lies outside it is named', async () => {
    const dir = folder(ACCT, { 'a/b.json': delivery(records()) });
    const r = await tool.run(await evidenceContext(dir, { now: NOW }), { event_names: ['StopLogging'], last: '7d' });
    const d = r.data as Record<string, any>;
    expect(d.matched).toBe(4);
    expect(d.coverage.outsideAccountJson.regions).toEqual(
      expect.arrayContaining([
        { value: 'eu-west-2', count: 1 },
        { value: 'ap-south-1', count: 1 },
      ]),
    );
    expect(d.coverage.outsideAccountJson.accounts).toEqual([{ value: OTHER, count: 2 }]);
    expect(r.summary).toMatch(/outside this folder's account\.json/);
  });

  it('without account.json: every match is found, and the clock it measured "last 7d" from is said', async () => {
    const dir = folder(null, { 'a/b.json': delivery(records()) });
    const ctx = await buildContext({ config: parseConfig({}), evidenceDir: dir, actor: 'test' });
    const r = await tool.run(ctx, { event_names: ['StopLogging'], last: '7d' });
    const d = r.data as Record<string, any>;
    expect(d.matched).toBe(4);
    expect(d.byRegion.map((x: { value: string }) => x.value).sort()).toEqual(['ap-south-1', 'eu-west-2', 'us-east-1']);
    expect(d.byAccount.map((x: { value: string }) => x.value).sort()).toEqual([ACCOUNT, OTHER]);
    expect(r.warnings.join(' ')).toMatch(/account\.json has no collectedAt: relative windows .* newest record/);
  });
});

describe('skipped records are counted by reason', () => {
  it('non-objects, missing fields, a bad eventTime and a record with no awsRegion', async () => {
    const noRegion = rec({ eventID: 'noregion' }) as Record<string, unknown>;
    delete noRegion.awsRegion;
    const dir = folder(ACCT, {
      'a.json': delivery([
        rec(),
        42,
        'text',
        null,
        { eventName: 'X' },
        rec({ eventTime: 'yesterday', eventID: 'badtime' }),
        noRegion,
      ]),
    });
    const r = await tool.run(await evidenceContext(dir, { now: NOW }), { last: '7d' });
    const d = r.data as Record<string, any>;
    // The record without a region is searched (region unknown), not dropped.
    expect(d.matched).toBe(2);
    const w = r.warnings.join('\n');
    expect(w).toMatch(/5 record entr(y|ies) skipped/);
    expect(w).toMatch(/3 not a JSON object/);
    expect(w).toMatch(/1 missing eventName, eventSource or eventTime/);
    expect(w).toMatch(/1 eventTime is not a date \(.*a\.json: element 6.*badtime/);
    expect(w).toMatch(/1 record\(s\) have no awsRegion/);
    expect(d.coverage.skippedEntries).toMatchObject({ 'not-an-object': 3, 'not-a-record': 1, 'bad-event-time': 1 });
  });

  it('a record nested 5,000 levels deep is skipped and named; every other event is still found', async () => {
    let deep = '1';
    for (let i = 0; i < 5000; i++) deep = `{"a":${deep}}`;
    const bad = JSON.stringify(rec({ eventID: 'deep-one', requestParameters: { x: 'DEEP' } })).replace('"DEEP"', deep);
    const body = `{"Records":[${JSON.stringify(rec())},${bad},${JSON.stringify(rec())}]}`;
    const dir = folder(ACCT, { 'a.json': body, 'b.jsonl': `${JSON.stringify(rec())}\n${bad}\n` });
    const r = await tool.run(await evidenceContext(dir, { now: NOW }), { last: '7d' });
    expect((r.data as any).matched).toBe(3);
    expect(r.warnings.join('\n')).toMatch(/2 nested more than \d+ levels deep \(.*deep-one/);
  });

  it('a broken element in a Records array is warned about, like a broken JSON line', async () => {
    const body = `{"Records":[${JSON.stringify(rec())},{"eventName": oops},${JSON.stringify(rec())}]}`;
    const dir = folder(ACCT, { 'a.json': body });
    const r = await tool.run(await evidenceContext(dir, { now: NOW }), { last: '7d' });
    expect((r.data as any).matched).toBe(2);
    expect(r.warnings.join('\n')).toMatch(/1 not valid JSON \(.*a\.json: element 2/);
  });
});

describe('what the folder says about itself', () => {
  it('CloudTrail listed in notCollected is a warning, not a quiet "no events"', async () => {
    const dir = folder(
      { ...ACCT, notCollected: ['cloudtrail us-east-1: AccessDenied (0 events were written before it failed)'] },
      {},
    );
    const r = await tool.run(await evidenceContext(dir, { now: NOW }), { event_names: ['StopLogging'], last: '7d' });
    expect(r.warnings.join('\n')).toMatch(/notCollected.*cloudtrail us-east-1: AccessDenied/);
    expect(r.summary).toMatch(/NOT evidence of no activity/);
  });

  it('a folder with no CloudTrail files says so', async () => {
    const dir = folder(ACCT, {});
    const r = await tool.run(await evidenceContext(dir, { now: NOW }), { last: '7d' });
    expect(r.summary).toMatch(/no CloudTrail files/);
  });

  it('without collectedAt, "this week" is measured from the newest record, and the answer says so', async () => {
    const dir = folder(
      { accountId: ACCOUNT, regions: ['us-east-1'] },
      {
        'a.json': delivery([rec({ eventTime: '2025-01-10T10:00:00Z' }), rec({ eventTime: '2025-01-12T08:30:00Z' })]),
      },
    );
    const ctx = await buildContext({ config: parseConfig({}), evidenceDir: dir, actor: 'test' });
    expect(ctx.now().toISOString()).toBe('2025-01-12T08:30:00.000Z');
    const r = await tool.run(ctx, { last: '7d' });
    expect((r.data as any).matched).toBe(2);
    expect(r.warnings.join('\n')).toMatch(/no collectedAt.*newest record \(2025-01-12T08:30:00\.000Z\)/);
    // No LookupEvents-only hint over evidence.
    expect(r.warnings.join('\n')).not.toMatch(/LookupEvents' Username/);
  });

  it('without collectedAt, S3 delivery file names give the clock without reading a record, and the answer says so', async () => {
    const name = (t: string) =>
      join('AWSLogs', ACCOUNT, 'CloudTrail', 'us-east-1', `${ACCOUNT}_CloudTrail_us-east-1_${t}_abcd.json`);
    const dir = folder(
      { accountId: ACCOUNT },
      {
        [name('20250110T1005Z')]: delivery([rec({ eventTime: '2025-01-10T10:00:00Z' })]),
        [name('20250112T0835Z')]: delivery([rec({ eventTime: '2025-01-12T08:30:00Z' })]),
      },
    );
    const ctx = await buildContext({ config: parseConfig({}), evidenceDir: dir, actor: 'test' });
    expect(ctx.now().toISOString()).toBe('2025-01-12T08:35:00.000Z');
    expect(ctx.accounts[0]!.regions).toEqual(['us-east-1']);
    const r = await tool.run(ctx, { last: '7d' });
    expect((r.data as any).matched).toBe(2);
    expect(r.warnings.join('\n')).toMatch(
      /no collectedAt.*newest S3 delivery file's time \(2025-01-12T08:35:00\.000Z\)/,
    );
  });

  it('one file outside the S3 naming makes the clock come from the records again', async () => {
    const dir = folder(
      { accountId: ACCOUNT },
      {
        [join('AWSLogs', ACCOUNT, 'CloudTrail', 'us-east-1', `${ACCOUNT}_CloudTrail_us-east-1_20250110T1005Z_x.json`)]:
          delivery([rec({ eventTime: '2025-01-10T10:00:00Z' })]),
        'export.json': delivery([rec({ eventTime: '2025-01-12T08:30:00Z', awsRegion: 'eu-west-1' })]),
      },
    );
    const ctx = await buildContext({ config: parseConfig({}), evidenceDir: dir, actor: 'test' });
    expect(ctx.now().toISOString()).toBe('2025-01-12T08:30:00.000Z');
    expect(ctx.accounts[0]!.regions).toEqual(['eu-west-1', 'us-east-1']);
  });
});

describe('each file is read exactly once', () => {
  it('a folder whose paths name no region, with two configured regions', async () => {
    const dir = folder(
      { ...ACCT, regions: ['us-east-1', 'eu-west-1'] },
      {
        'a.json': delivery([rec(), rec({ awsRegion: 'eu-west-1' })]),
        'b.jsonl': `${JSON.stringify(rec())}\n${JSON.stringify(rec({ awsRegion: 'eu-west-1' }))}\n`,
      },
    );
    const ctx = await evidenceContext(dir, { now: NOW });
    const r = await tool.run(ctx, { last: '7d' });
    const d = r.data as Record<string, any>;
    expect(d.matched).toBe(4);
    expect(d.evidenceFiles).toEqual({ read: 2, skipped: 0, entries: 4 });
    expect(d.scanned).toBe(4);
  });

  it('the reader counts entries and reasons in its stats', async () => {
    const dir = folder(ACCT, { 'a.json': delivery([rec(), 7]) });
    const stats = newTrailReadStats();
    const out: CloudTrailRecord[] = [];
    for await (const r of trailRecords(join(dir, 'cloudtrail'), stats)) out.push(r);
    expect(out).toHaveLength(1);
    expect(stats.records).toBe(2);
    expect(stats.skipped['not-an-object']?.count).toBe(1);
  });

  it('the evidence source reads every region in one pass', async () => {
    const dir = folder(ACCT, { 'a.json': delivery([rec(), rec({ awsRegion: 'eu-west-1' })]) });
    const s = new EvidenceTrailSource(
      { name: 'prod', accountId: ACCOUNT, roleArn: null, regions: ['us-east-1'], remediationRoleArn: null },
      dir,
    );
    const regions: string[] = [];
    for await (const r of s.events('*', { start: new Date(0), end: NOW })) regions.push(r.awsRegion);
    expect(regions.sort()).toEqual(['eu-west-1', 'us-east-1']);
    expect(s.stats.files).toBe(1);
  });
});
