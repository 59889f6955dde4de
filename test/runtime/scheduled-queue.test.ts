/**
 * The serve enqueue path: on PostgreSQL a due account scan is claimed once across two `serve`
 * replicas and queued as one scan job (trigger `schedule`) for the workers, never run in the bot's
 * process; the embedded database and demo mode get no queue (the in-process path runs). Skipped
 * without TEST_DATABASE_URL apart from the no-queue cases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../src/db/client';
import { setScanEvery } from '../../src/db/queries/account-scans';
import { upsertAccount } from '../../src/db/queries/accounts';
import { listAudit } from '../../src/db/queries/audit';
import { JobQueue, type ScanJob } from '../../src/queue/jobs';
import { openScheduledQueue, type ScheduledQueue } from '../../src/runtime/scheduled-queue';
import { scanJobActor } from '../../src/runtime/worker';
import { runDueScans } from '../../src/scheduler/scan-runner';
import { freshPostgres, openDbForFile, postgresUrl } from '../helpers/db';

describe('scheduled scans without PostgreSQL', () => {
  it('embedded database and demo mode open no queue (the scan runs in-process)', async () => {
    const open = () => {
      throw new Error('must not open a queue');
    };
    const url = { DATABASE_URL: 'postgres://x@127.0.0.1/none' };
    expect(await openScheduledQueue({ config: {}, dbKind: 'pglite', evidence: false, open })).toBeUndefined();
    expect(await openScheduledQueue({ config: url, dbKind: 'postgres', evidence: true, open })).toBeUndefined();
  });
});

describe.skipIf(!postgresUrl())('scheduled scans on PostgreSQL are queued once', () => {
  let pg: Awaited<ReturnType<typeof freshPostgres>>;
  let h: DbHandle;
  let replicas: ScheduledQueue[] = [];
  let reader: JobQueue;
  beforeAll(async () => {
    pg = await freshPostgres();
    h = await openDbForFile({ url: pg.url });
    for (const [name, id] of [
      ['prod', '222222222222'],
      ['later', '333333333333'],
    ] as const)
      await upsertAccount(h.db, {
        name,
        accountId: id,
        roleArn: null,
        regions: ['us-east-1'],
        remediationRoleArn: null,
      });
    replicas = (await Promise.all(
      [1, 2].map(() => openScheduledQueue({ config: { DATABASE_URL: pg.url }, dbKind: 'postgres', evidence: false })),
    )) as ScheduledQueue[];
    reader = await JobQueue.open(pg.url, { max: 1 });
  });
  afterAll(async () => {
    for (const r of replicas) await r?.stop();
    await reader?.stop({ graceful: false, timeout: 2_000 });
    await h?.close();
    await pg?.drop();
  });

  it('two replicas claim a due scan once and queue one job; nothing runs in the bot', async () => {
    const now = new Date('2026-11-23T09:00:30Z');
    await setScanEvery(h.db, 'prod', '4h', null); // due now
    await setScanEvery(h.db, 'later', '24h', new Date('2026-11-24T00:00:00Z'));
    const deps = (r: ScheduledQueue) => ({
      db: h.db,
      now: () => now,
      context: async () => {
        throw new Error('a queued scan needs no context in serve');
      },
      scan: async () => {
        throw new Error('a queued scan must not run in serve');
      },
      enqueue: r.enqueue,
    });
    const [a, b] = await Promise.all(replicas.map((r) => runDueScans(deps(r))));
    const ran = [...a.ran, ...b.ran];
    expect(ran).toHaveLength(1);
    expect(ran[0]).toMatchObject({
      account: 'prod',
      status: 'queued',
      jobId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });

    const jobs = await reader.status();
    expect(jobs.map((j) => [j.queue, j.account, j.state, j.id])).toEqual([['scan', 'prod', 'created', ran[0]!.jobId]]);
    const [row] = (
      await reader.boss.getDb().executeSql(`SELECT data FROM trailhound_jobs.job WHERE id = $1`, [ran[0]!.jobId])
    ).rows as { data: unknown }[];
    expect(row!.data).toEqual({ account: 'prod', requestedBy: 'schedule', trigger: 'schedule' });
    // The worker runs it as the scheduler (posture_scan stores actor `schedule:*` with trigger schedule).
    expect(scanJobActor(row!.data as ScanJob)).toBe('schedule:scan:prod');
    expect(scanJobActor({ account: 'prod', requestedBy: 'alice' })).toBe('worker:alice');

    const audit = (await listAudit(h.db, { limit: 20 })).filter((e) => e.kind === 'scan.scheduled');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ account: 'prod', data: { status: 'queued', jobId: ran[0]!.jobId } });

    // Not due again until the next time: a later pass queues nothing.
    expect(await runDueScans(deps(replicas[0]!))).toEqual({ ran: [] });
  });

  it('a job still waiting for that account is not queued twice, and says so', async () => {
    const now = new Date('2026-11-23T13:00:31Z'); // prod is due again; its first job has not run
    const r = await runDueScans({
      db: h.db,
      now: () => now,
      context: async () => {
        throw new Error('unused');
      },
      enqueue: replicas[1]!.enqueue,
    });
    expect(r.ran).toEqual([{ account: 'prod', status: 'already-queued' }]);
    expect((await reader.status()).filter((j) => j.account === 'prod')).toHaveLength(1);
  });
});
