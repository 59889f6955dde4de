/**
 * `trailhound worker` and queued `scan` in-process against a real PostgreSQL (skipped without
 * TEST_DATABASE_URL): `scan` queues one job per active account and says so; a second `scan` does
 * not queue an account twice; `worker --status --json` lists the waiting jobs. With the embedded
 * database `worker` is a usage error (exit 2) that names DATABASE_URL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../src/db/client';
import { upsertAccount } from '../../src/db/queries/accounts';
import { cliEnvironment, runCli } from '../helpers/cli';
import { freshPostgres, postgresUrl } from '../helpers/db';

describe('worker without PostgreSQL', () => {
  const env = cliEnvironment('th-worker-');
  afterAll(() => env.restore());
  it('is a usage error naming DATABASE_URL', async () => {
    const r = await runCli('worker', '--status', '--json');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/needs PostgreSQL \(DATABASE_URL\)/);
  });
});

describe.skipIf(!postgresUrl())('scan queues, worker --status lists (PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof freshPostgres>>;
  let env: ReturnType<typeof cliEnvironment>;
  beforeAll(async () => {
    db = await freshPostgres();
    env = cliEnvironment('th-worker-pg-', { DATABASE_URL: db.url });
    const h = await openDb({ url: db.url });
    for (const [name, id] of [
      ['prod', '222222222222'],
      ['dev', '333333333333'],
    ] as const)
      await upsertAccount(h.db, {
        name,
        accountId: id,
        roleArn: null,
        regions: ['us-east-1'],
        remediationRoleArn: null,
      });
    await h.close();
  }, 60_000);
  afterAll(async () => {
    env?.restore();
    await db?.drop();
  }, 30_000);

  it('scan queues one job per account, never twice; worker --status --json shows them waiting', async () => {
    const first = await runCli('scan', '--json');
    expect(first.code).toBe(0);
    const q1 = JSON.parse(first.stdout).queued;
    expect(q1.map((r: { account: string }) => r.account).sort()).toEqual(['dev', 'prod']);
    expect(q1.every((r: { alreadyQueued: boolean }) => !r.alreadyQueued)).toBe(true);
    const again = await runCli('scan', '--account', 'prod');
    expect(again.stdout).toMatch(/prod: a scan is already waiting for this account \(not queued twice\)/);
    const st = await runCli('worker', '--status', '--json');
    expect(st.code).toBe(0);
    const jobs = JSON.parse(st.stdout).jobs;
    expect(jobs).toHaveLength(2);
    expect(jobs.every((j: { state: string; queue: string }) => j.state === 'created' && j.queue === 'scan')).toBe(true);
  }, 120_000);
});
