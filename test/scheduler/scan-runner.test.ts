/**
 * Scheduled account scans: `--scan-every` parsing, due scans claimed once across two concurrent
 * runners, run with the posture_scan tool (stored with trigger `schedule` and per-region status),
 * the next scan moved; an evidence-mode serve scans nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../src/db/client';
import { claimAccountScan, dueAccountScans, scanSchedules, setScanEvery } from '../../src/db/queries/account-scans';
import { upsertAccount } from '../../src/db/queries/accounts';
import { listScans } from '../../src/db/queries/scans';
import { nextScan, parseScanEvery, ScanEveryError } from '../../src/scheduler/scan-every';
import { runDueScans } from '../../src/scheduler/scan-runner';
import { evidenceContext } from '../helpers/context';
import { backends, openTestDb } from '../helpers/db';

describe('--scan-every', () => {
  it('accepts hours and cron expressions, and says why it refuses the rest', () => {
    const at = new Date('2026-11-23T09:10:00Z');
    expect(nextScan(parseScanEvery('4h'), at).toISOString()).toBe('2026-11-23T13:10:00.000Z');
    expect(nextScan(parseScanEvery('24h'), at).toISOString()).toBe('2026-11-24T09:10:00.000Z');
    expect(nextScan(parseScanEvery('30 */6 * * *'), at).toISOString()).toBe('2026-11-23T12:30:00.000Z');
    for (const bad of ['0h', '200h', '5m', 'daily', '61 * * * *'])
      expect(() => parseScanEvery(bad), bad).toThrow(ScanEveryError);
  });
});

describe.each(backends())('scheduled scans on %s', (backend) => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await openTestDb(backend);
    await upsertAccount(h.db, {
      name: 'demo-prod',
      accountId: '123456789012',
      roleArn: null,
      regions: ['us-east-1', 'eu-west-1'],
      remediationRoleArn: null,
    });
    await upsertAccount(h.db, {
      name: 'later',
      accountId: '210987654321',
      roleArn: null,
      regions: ['us-east-1'],
      remediationRoleArn: null,
    });
    await upsertAccount(h.db, {
      name: 'gone',
      accountId: '999999999999',
      roleArn: null,
      regions: ['us-east-1'],
      remediationRoleArn: null,
      status: 'suspended',
    });
  });
  afterAll(async () => h?.close());

  it('claims each due scan once across two runners, stores it as scheduled, and moves the next scan', async () => {
    const now = new Date('2026-11-23T09:00:30Z');
    await setScanEvery(h.db, 'demo-prod', '4h', null); // never scanned: due now
    await setScanEvery(h.db, 'later', '24h', new Date('2026-11-24T00:00:00Z'));
    expect((await dueAccountScans(h.db, now)).map((s) => s.name)).toEqual(['demo-prod']);

    // The bundled evidence stands in for the live account (the runner only scans in live mode).
    const context = async () => ({
      ...(await evidenceContext('evidence/demo', { db: h.db, now })),
      mode: 'live' as const,
    });
    const deps = { db: h.db, now: () => now, context };
    const [a, b] = await Promise.all([runDueScans(deps), runDueScans(deps)]);
    expect([...a.ran, ...b.ran]).toEqual([{ account: 'demo-prod', status: 'complete' }]);

    const [scan] = await listScans(h.db, { account: 'demo-prod' });
    expect(scan).toMatchObject({
      trigger: 'schedule',
      status: 'complete',
      regions: { 'eu-west-1': { status: 'complete' } },
    });
    const sched = (await scanSchedules(h.db)).find((s) => s.name === 'demo-prod')!;
    expect(sched.lastScanAt!.toISOString()).toBe(now.toISOString());
    expect(sched.nextScanAt!.toISOString()).toBe('2026-11-23T13:00:30.000Z');
    expect(await runDueScans(deps)).toEqual({ ran: [] });
  });

  it('a stale claim loses; an evidence-mode serve scans nothing', async () => {
    // Its own schedule (as the first test also sets it): the test does not rely on another's.
    await setScanEvery(h.db, 'later', '24h', new Date('2026-11-24T00:00:00Z'));
    const s = (await scanSchedules(h.db)).find((x) => x.name === 'later')!;
    const now = new Date('2026-11-24T00:00:10Z');
    expect(await claimAccountScan(h.db, { ...s, nextScanAt: null }, now, new Date('2026-11-25T00:00:00Z'))).toBe(false);
    const ev = await runDueScans({
      db: h.db,
      now: () => now,
      context: () => evidenceContext('evidence/demo', { db: h.db, now }),
    });
    expect(ev.ran).toEqual([]);
    expect((await scanSchedules(h.db)).find((x) => x.name === 'later')!.nextScanAt!.toISOString()).toBe(
      '2026-11-24T00:00:00.000Z',
    );
  });
});
