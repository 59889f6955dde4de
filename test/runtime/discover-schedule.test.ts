/**
 * The discover schedule `serve` runs: off unless TRAILHOUND_DISCOVER_EVERY_HOURS is set; a run applies
 * `accounts discover` (organizations:ListAccounts replayed at the wire) to the registry; a failed run
 * changes nothing and is logged, not thrown; replicas share one timer in the database, so each due
 * sync runs once (PGlite, and PostgreSQL with TEST_DATABASE_URL).
 */
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetAwsClients } from '../../src/aws/clients';
import { parseConfig } from '../../src/config';
import type { DbHandle } from '../../src/db/client';
import { listAccounts } from '../../src/db/queries/accounts';
import { discoverScheduleOf, startDiscoverSchedule } from '../../src/runtime/discover-schedule';
import { backends, openTestDb } from '../helpers/db';
import { wire } from '../helpers/fixtures';

const ORG = 'https://organizations.us-east-1.amazonaws.com';
const json = { 'Content-Type': 'application/x-amz-json-1.1' };

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDb('pglite');
});
afterAll(async () => handle.close());

describe('discover schedule', () => {
  it('is off unless configured, and takes the role name', () => {
    expect(discoverScheduleOf(parseConfig({}))).toBeNull();
    expect(
      discoverScheduleOf(
        parseConfig({ TRAILHOUND_DISCOVER_EVERY_HOURS: '6', TRAILHOUND_DISCOVER_ROLE_NAME: 'AuditRead' }),
      ),
    ).toMatchObject({ everyMs: 6 * 3_600_000, roleName: 'AuditRead' });
    expect(() => parseConfig({ TRAILHOUND_DISCOVER_EVERY_HOURS: '0' })).toThrow();
  });

  it('a run syncs the registry; a failed run is logged and changes nothing', async () => {
    resetAwsClients();
    const logs: string[] = [];
    const s = startDiscoverSchedule({
      db: handle.db,
      everyMs: 3_600_000,
      roleName: 'TrailhoundReadOnly',
      regions: ['us-east-1'],
      log: (m) => logs.push(m),
    });
    nock(ORG)
      .post('/', (b) => !b.NextToken)
      .reply(200, wire('organizations/list-accounts-page1.json'), json)
      .post('/', (b) => !!b.NextToken)
      .reply(200, wire('organizations/list-accounts-page2.json'), json);
    const r = await s.runOnce();
    expect(r).not.toBeInstanceOf(Error);
    const after = await listAccounts(handle.db);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((a) => a.roleArn?.endsWith(':role/TrailhoundReadOnly'))).toBe(true);
    nock(ORG).post('/').reply(400, wire('organizations/access-denied.json'), json);
    const failed = await s.runOnce();
    expect(failed).toBeInstanceOf(Error);
    expect(await listAccounts(handle.db)).toEqual(after);
    expect(logs).toEqual([
      'account list synced with the organization',
      'account list sync failed; nothing changed, retried at the next run',
    ]);
    s.stop();
  });
});

describe.each(backends())('discover schedule across replicas on %s', (backend) => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await openTestDb(backend);
  });
  afterAll(async () => h?.close());

  it('runs once per due time however many replicas tick, and keeps its time across restarts', async () => {
    let clock = new Date('2026-12-01T00:00:00Z');
    const runs: string[] = [];
    const replica = (id: string) =>
      startDiscoverSchedule({
        db: h.db,
        everyMs: 6 * 3_600_000,
        roleName: 'TrailhoundReadOnly',
        regions: ['us-east-1'],
        log: () => {},
        now: () => clock,
        checkMs: 3_600_000,
        discover: (async () => {
          runs.push(id);
          return { listed: 0, changes: [] };
        }) as never,
      });
    const [a, b] = [replica('a'), replica('b')];
    // First start: the first sync is one interval later, not at once.
    expect(await Promise.all([a.tick(), b.tick()])).toEqual([null, null]);
    clock = new Date('2026-12-01T05:59:00Z');
    expect(await Promise.all([a.tick(), b.tick()])).toEqual([null, null]);
    clock = new Date('2026-12-01T06:00:30Z');
    await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
    expect(runs).toHaveLength(1);
    // A replica started later (a restart) sees the shared time: nothing until 12:00:30.
    const c = replica('c');
    clock = new Date('2026-12-01T12:00:00Z');
    expect(await Promise.all([a.tick(), b.tick(), c.tick()])).toEqual([null, null, null]);
    clock = new Date('2026-12-01T12:01:00Z');
    await Promise.all([c.tick(), a.tick(), b.tick()]);
    expect(runs).toHaveLength(2);
    for (const s of [a, b, c]) s.stop();
  });
});
