import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../../src/db/client';
import { getFinding, getResource, listFindings } from '../../../src/db/queries/findings';
import { listScans } from '../../../src/db/queries/scans';
import { storeScan } from '../../../src/db/queries/posture-scans';
import { snapshotResources } from '../../../src/posture/resources';
import { rules } from '../../../src/posture/rules';
import { scanSnapshot } from '../../../src/posture/scan';
import type { AccountSnapshot } from '../../../src/posture/snapshot';
import { backends, openTestDb } from '../../helpers/db';
import { ACCOUNT, snapshotWith } from '../../posture/builders';

const SG = `arn:aws:ec2:us-east-1:${ACCOUNT}:security-group/sg-open`;
const openSg = (s: AccountSnapshot) =>
  s.regions['us-east-1']!.securityGroups!.push({
    GroupId: 'sg-open',
    GroupName: 'web',
    OwnerId: ACCOUNT,
    IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
  });
const unencrypted = (s: AccountSnapshot) =>
  s.regions['us-east-1']!.volumes!.push({ VolumeId: 'vol-1', Encrypted: false });
/** The EC2 security-group read failed (AccessDenied): a partial snapshot. */
const sgDenied = (s: AccountSnapshot) => {
  s.regions['us-east-1']!.securityGroups = undefined;
  s.warnings.push({
    api: 'ec2:DescribeSecurityGroups',
    permission: 'ec2:DescribeSecurityGroups',
    region: 'us-east-1',
    message: 'Access denied',
    parts: ['securityGroups'],
  });
  s.complete = false;
};

let t0 = Date.parse('2026-11-20T00:00:00Z');
async function scan(db: DbHandle, ...patches: ((s: AccountSnapshot) => void)[]) {
  const s = snapshotWith((x) => {
    for (const p of patches) p(x);
  });
  const result = scanSnapshot(s, rules);
  t0 += 3_600_000;
  const stored = await storeScan(db.db, result, snapshotResources(s), {
    source: 'test',
    startedAt: new Date(t0 - 60_000),
    finishedAt: new Date(t0),
  });
  return { result, stored };
}

describe.each(backends())('finding lifecycle on %s', (backend) => {
  // A database per test: the lifecycle test counts every open finding, so another test's must not be there.
  let db: DbHandle;
  beforeEach(async () => {
    db = await openTestDb(backend);
  });
  afterEach(async () => db?.close());

  it('opens, survives a partial scan, resolves only after two complete scans miss it, and reopens', async () => {
    // Scan 1 (complete): SSH open to the world, an unencrypted volume.
    const s1 = await scan(db, openSg, unencrypted);
    expect(s1.stored).toMatchObject({ status: 'complete', opened: 2 });
    const f1 = await getFinding(db.db, 'prod', 'ec2-sg-admin-ports-open-ipv4', SG);
    expect(f1).toMatchObject({ status: 'open', missedScans: 0, severity: 'high' });
    const firstSeen = f1!.firstSeen;

    // Scan 2 (partial): security groups unreadable, volume fixed. Nothing may resolve or count a miss.
    const s2 = await scan(db, sgDenied);
    expect(s2.stored.status).toBe('partial');
    expect(s2.result.partialRules.length + s2.result.notCheckedRules.length).toBeGreaterThan(0);
    expect(s2.stored).toMatchObject({ missed: 0, resolved: 0, decommissioned: 0 });
    expect(await getFinding(db.db, 'prod', 'ec2-sg-admin-ports-open-ipv4', SG)).toMatchObject({
      status: 'open',
      missedScans: 0,
    });
    expect(await getFinding(db.db, 'prod', 'ec2-ebs-volume-unencrypted', 'vol-1')).toMatchObject({
      status: 'open',
      missedScans: 0,
    });

    // Scan 3 (complete): both fixed, the SG deleted. One miss each; still open.
    const s3 = await scan(db);
    expect(s3.stored).toMatchObject({ status: 'complete', missed: 2, resolved: 0 });
    expect(await getFinding(db.db, 'prod', 'ec2-sg-admin-ports-open-ipv4', SG)).toMatchObject({
      status: 'open',
      missedScans: 1,
    });
    expect((await getResource(db.db, 'prod', SG))?.decommissionedAt).toBeNull();

    // Scan 4 (complete): second consecutive miss → the deleted SG and volume are decommissioned, and
    // their findings resolve as decommissioned (not as "no longer seen").
    const s4 = await scan(db);
    expect(s4.stored).toMatchObject({ resolved: 2, resolvedDecommissioned: 2 });
    const resolved = await getFinding(db.db, 'prod', 'ec2-sg-admin-ports-open-ipv4', SG);
    expect(resolved).toMatchObject({ status: 'resolved', resolution: 'decommissioned' });
    expect(resolved!.resolvedAt).toBeInstanceOf(Date);
    expect((await getResource(db.db, 'prod', SG))?.decommissionedAt).toBeInstanceOf(Date);
    expect((await getResource(db.db, 'prod', `arn:aws:iam::${ACCOUNT}:role/deploy`))?.decommissionedAt).toBeNull();

    // Scan 5: it comes back → reopened, first seen kept, resource live again.
    const s5 = await scan(db, openSg);
    expect(s5.stored).toMatchObject({ reopened: 1, opened: 0 });
    const again = await getFinding(db.db, 'prod', 'ec2-sg-admin-ports-open-ipv4', SG);
    expect(again).toMatchObject({ status: 'open', missedScans: 0, resolvedAt: null });
    expect(again!.firstSeen.getTime()).toBe(firstSeen.getTime());
    expect((await getResource(db.db, 'prod', SG))?.decommissionedAt).toBeNull();

    expect((await listFindings(db.db, { status: 'open' })).map((f) => f.ruleId)).toEqual([
      'ec2-sg-admin-ports-open-ipv4',
    ]);
    // digest queries: resolved since scan 4, nothing first seen after scan 1
    expect((await listFindings(db.db, { resolvedSince: new Date(t0 - 2 * 3_600_000) })).map((f) => f.ruleId)).toEqual([
      'ec2-ebs-volume-unencrypted',
    ]);
    expect(await listFindings(db.db, { openedSince: new Date(t0 - 3_600_000), accounts: ['prod'] })).toEqual([]);
    const scans = await listScans(db.db, { account: 'prod' });
    expect(scans.map((x) => x.status)).toEqual(['complete', 'complete', 'complete', 'partial', 'complete']);
    expect(scans[3]!.warnings[0]).toMatch(/ec2:DescribeSecurityGroups/);
  });

  it('a complete scan that could not check a rule (no IdP) does not count misses for it', async () => {
    const offboarded = (s: AccountSnapshot) => (s.idp!.users[0]!.status = 'suspended');
    const noIdp = (s: AccountSnapshot) => {
      s.idp = undefined;
      s.idpState = 'not-configured';
    };
    const acct = (s: AccountSnapshot) => (s.account.name = 'idp-acct');
    await scan(db, acct, offboarded);
    await scan(db, acct, noIdp);
    await scan(db, acct, noIdp);
    expect(
      await getFinding(db.db, 'idp-acct', 'idp-user-offboarded', `arn:aws:iam::${ACCOUNT}:user/alice@example.com`),
    ).toMatchObject({ status: 'open', missedScans: 0 });
  });
});
