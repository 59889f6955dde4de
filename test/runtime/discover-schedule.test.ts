/**
 * The discover schedule `serve` runs: off unless TRAILHOUND_DISCOVER_EVERY_HOURS is set; a run applies
 * `accounts discover` (organizations:ListAccounts replayed at the wire) to the registry; a failed run
 * changes nothing and is logged, not thrown.
 */
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetAwsClients } from '../../src/aws/clients';
import { parseConfig } from '../../src/config';
import type { DbHandle } from '../../src/db/client';
import { listAccounts } from '../../src/db/queries/accounts';
import { discoverScheduleOf, startDiscoverSchedule } from '../../src/runtime/discover-schedule';
import { openTestDb } from '../helpers/db';
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
