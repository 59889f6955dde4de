/**
 * `trailhound worker` and queued `scan` in-process against a real PostgreSQL (skipped without
 * TEST_DATABASE_URL): `scan` queues one job per active account and says so; a second `scan` does
 * not queue an account twice; `worker --status --json` lists the waiting jobs; `collect --queue`
 * queues a collect job (its --json gives the job id) and a collect job never writes into a folder
 * another collection started. With the embedded database `worker` and `collect --queue` are usage
 * errors (exit 2) that name DATABASE_URL.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config';
import { runCollectJob } from '../../src/runtime/worker';
import { upsertAccount } from '../../src/db/queries/accounts';
import { cliDb, cliEnvironment, runCli } from '../helpers/cli';
import { freshPostgres, postgresUrl } from '../helpers/db';

describe('worker without PostgreSQL', () => {
  const env = cliEnvironment('th-worker-');
  afterAll(() => env.restore());
  it('is a usage error naming DATABASE_URL', async () => {
    const r = await runCli('worker', '--status', '--json');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/needs PostgreSQL \(DATABASE_URL\)/);
  });
  it('collect --queue is a usage error too (nothing is collected in-process instead)', async () => {
    const out = join(env.dataDir, 'never');
    const r = await runCli('collect', '--account', 'prod', '--out', out, '--queue', '--json');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/collect --queue needs PostgreSQL \(DATABASE_URL\)/);
    expect(existsSync(out)).toBe(false);
  });
});

describe.skipIf(!postgresUrl())('scan queues, worker --status lists (PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof freshPostgres>>;
  let env: ReturnType<typeof cliEnvironment>;
  beforeAll(async () => {
    db = await freshPostgres();
    env = cliEnvironment('th-worker-pg-', { DATABASE_URL: db.url });
    const h = await cliDb();
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
  });
  afterAll(async () => {
    await env?.restore();
    await db?.drop();
  });

  it('collect --queue queues one collect job with the absolute folder; worker --status lists it', async () => {
    const out = join(env.dataDir, 'evidence-prod');
    const r = await runCli('collect', '--account', 'prod', '--out', out, '--since', '7d', '--queue', '--json');
    expect(r.code).toBe(0);
    const body = JSON.parse(r.stdout);
    expect(body.out).toBe(out);
    expect(body.queued).toEqual([
      { account: 'prod', jobId: expect.stringMatching(/^[0-9a-f-]{36}$/), alreadyQueued: false },
    ]);
    expect(existsSync(out)).toBe(false); // written by the worker, not here
    const again = await runCli('collect', '--account', 'prod', '--out', `${out}-2`, '--queue');
    expect(again.stdout).toMatch(/prod: a collect is already waiting for this account \(not queued twice\)/);
    const st = JSON.parse((await runCli('worker', '--status', '--json')).stdout).jobs;
    const collects = st.filter((j: { queue: string }) => j.queue === 'collect');
    expect(collects).toEqual([
      expect.objectContaining({ id: body.queued[0].jobId, account: 'prod', state: 'created' }),
    ]);
    // Clean up so the scan test below sees scan jobs only.
    const h = await cliDb();
    await h.db.execute(sql`DELETE FROM trailhound_jobs.job WHERE name = 'trailhound-collect'`);
    await h.close();
  });

  it('a collect job refuses a folder another collection started, and an account the registry lacks', async () => {
    const h = await cliDb();
    try {
      const out = mkdtempSync(join(tmpdir(), 'th-collect-job-'));
      writeFileSync(join(out, 'account.json'), '{}');
      const queue = { progress: async () => {} } as never;
      const job = { id: '00000000-0000-4000-8000-000000000001', expireInSeconds: 60 };
      const data = { account: 'prod', out, since: '1d', requestedBy: 'test' };
      await expect(runCollectJob({ config: parseConfig({}), db: h.db, queue }, { ...job, data })).rejects.toThrow(
        /is not empty on this worker/,
      );
      // An unknown account fails before anything is written.
      const fresh = join(out, 'sub');
      await expect(
        runCollectJob(
          { config: parseConfig({}), db: h.db, queue },
          { ...job, data: { ...data, out: fresh, account: 'nope' } },
        ),
      ).rejects.toThrow(/No account named "nope"/);
    } finally {
      await h.close();
    }
  });

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
  });
});
