/**
 * The inventory: resources (with region) from each scan; a resource missing from two consecutive
 * COMPLETE scans is decommissioned and its open findings resolve as `decommissioned` (history kept);
 * a partial scan decommissions and resolves nothing. Scans store per-region status.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../../src/db/client';
import { getFinding, getResource } from '../../../src/db/queries/findings';
import { countResources, listResources } from '../../../src/db/queries/inventory';
import { storeScan } from '../../../src/db/queries/posture-scans';
import { listScans } from '../../../src/db/queries/scans';
import { regionStatuses } from '../../../src/posture/region-status';
import { snapshotResources } from '../../../src/posture/resources';
import { rules } from '../../../src/posture/rules';
import { scanSnapshot } from '../../../src/posture/scan';
import type { AccountSnapshot } from '../../../src/posture/snapshot';
import { backends, openTestDb } from '../../helpers/db';
import { cleanBucket, snapshotWith } from '../../posture/builders';

const BUCKET = 'arn:aws:s3:::old-exports';
/** A bucket without default encryption: one open finding on it. */
const oldBucket = (s: AccountSnapshot) =>
  s.global.buckets!.push({ ...cleanBucket('old-exports'), Region: 'eu-west-1', Encryption: null });
/** The S3 listing failed: a partial scan that cannot say whether the bucket is gone. */
const s3Denied = (s: AccountSnapshot) => {
  s.global.buckets = undefined;
  s.warnings.push({
    api: 's3:ListAllMyBuckets',
    permission: 's3:ListAllMyBuckets',
    message: 'Access denied',
    parts: ['global.buckets', 'buckets'],
  });
  s.complete = false;
};

let t = Date.parse('2026-11-20T00:00:00Z');
async function scan(db: DbHandle, ...patches: ((s: AccountSnapshot) => void)[]) {
  const s = snapshotWith((x) => {
    for (const p of patches) p(x);
  });
  t += 3_600_000;
  return storeScan(db.db, scanSnapshot(s, rules), snapshotResources(s), {
    source: 'test',
    startedAt: new Date(t - 90_000),
    finishedAt: new Date(t),
    trigger: 'schedule',
    regions: regionStatuses(s),
  });
}

describe.each(backends())('inventory on %s', (backend) => {
  let db: DbHandle;
  beforeAll(async () => {
    db = await openTestDb(backend);
  });
  afterAll(async () => db?.close());

  it('decommissions after two complete misses, resolving its findings as decommissioned; partial scans change nothing', async () => {
    await scan(db, oldBucket);
    expect(await getResource(db.db, 'prod', BUCKET)).toMatchObject({ type: 'AWS::S3::Bucket', region: 'eu-west-1' });
    expect(await getFinding(db.db, 'prod', 's3-bucket-default-encryption-off', BUCKET)).toMatchObject({
      status: 'open',
    });

    // Two partial scans that cannot list buckets: no miss counted, nothing decommissioned or resolved.
    for (let i = 0; i < 2; i++)
      expect(await scan(db, s3Denied)).toMatchObject({ status: 'partial', decommissioned: 0, resolved: 0 });
    expect(await getResource(db.db, 'prod', BUCKET)).toMatchObject({ missedScans: 0, decommissionedAt: null });

    // First complete scan without it: one miss. Second: decommissioned, its finding resolved as such.
    expect(await scan(db)).toMatchObject({ status: 'complete', decommissioned: 0 });
    const second = await scan(db);
    expect(second).toMatchObject({ decommissioned: 1, resolvedDecommissioned: 1 });
    expect((await getResource(db.db, 'prod', BUCKET))!.decommissionedAt).not.toBeNull();
    expect(await getFinding(db.db, 'prod', 's3-bucket-default-encryption-off', BUCKET)).toMatchObject({
      status: 'resolved',
      resolution: 'decommissioned',
    });

    const active = await listResources(db.db, { account: 'prod', type: 'AWS::S3::Bucket' });
    expect(active.map((r) => r.resourceId).sort()).toEqual([
      'arn:aws:s3:::access-logs',
      'arn:aws:s3:::app-data',
      'arn:aws:s3:::trail-logs',
    ]);
    expect((await listResources(db.db, { state: 'decommissioned' })).map((r) => r.resourceId)).toEqual([BUCKET]);
    const counts = await countResources(db.db, { account: 'prod' });
    expect(counts.find((c) => c.type === 'AWS::GuardDuty::Detector')).toMatchObject({ count: 1 });
    expect(counts.find((c) => c.type === 'AWS::CloudWatch::Alarm')!.count).toBe(15);

    // Back again: active, and its finding reopens (resolution cleared).
    await scan(db, oldBucket);
    expect(await getResource(db.db, 'prod', BUCKET)).toMatchObject({ decommissionedAt: null, missedScans: 0 });
    expect(await getFinding(db.db, 'prod', 's3-bucket-default-encryption-off', BUCKET)).toMatchObject({
      status: 'open',
      resolution: null,
    });
  });

  it('stores the trigger, per-region status with the failing APIs, the resource count and the duration', async () => {
    // Its own scans (a partial one, then a complete one): the test does not rely on another's.
    await scan(db, s3Denied);
    await scan(db);
    const [last, partial] = [
      (await listScans(db.db, { account: 'prod', limit: 10 }))[0]!,
      (await listScans(db.db, { limit: 10 })).find((s) => s.status === 'partial')!,
    ];
    expect(last).toMatchObject({
      trigger: 'schedule',
      status: 'complete',
      regions: { 'us-east-1': { status: 'complete', errors: [] }, global: { status: 'complete' } },
    });
    expect(last.resourceCount).toBeGreaterThan(20);
    expect(last.finishedAt!.getTime() - last.startedAt.getTime()).toBe(90_000);
    expect(partial.regions.global).toEqual({ status: 'partial', errors: ['s3:ListAllMyBuckets'] });
  });
});
