/**
 * The job queue and the shared token bucket on a real PostgreSQL (TEST_DATABASE_URL; skipped
 * without one): two queue connections stand for two workers. A job is claimed once, a second
 * request for an account already waiting is not queued twice, a failing job is retried, progress
 * and output are visible in `status()`, retries wait longer each time (backoff), and the bucket
 * holds one rate across both workers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobQueue, type ScanJob } from '../../src/queue/jobs';
import { PgTokenBucket } from '../../src/queue/rate-bucket';
import { freshPostgres, postgresUrl } from '../helpers/db';

const until = async (f: () => Promise<boolean>, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!(await f())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe.skipIf(!postgresUrl())('job queue on PostgreSQL (pg-boss)', () => {
  let db: Awaited<ReturnType<typeof freshPostgres>>;
  let a: JobQueue;
  let b: JobQueue;
  beforeAll(async () => {
    db = await freshPostgres();
    const policy = { retryDelay: 1, retryLimit: 2, retryBackoff: false, expireInSeconds: 60 };
    a = await JobQueue.open(db.url, { policy });
    b = await JobQueue.open(db.url, { policy });
  });
  afterAll(async () => {
    await a?.stop({ graceful: false, timeout: 2_000 });
    await b?.stop({ graceful: false, timeout: 2_000 });
    await db?.drop();
  });

  it('queues one job per account: a second request while one waits is not queued twice', async () => {
    const first = await a.enqueue('scan', { account: 'prod', requestedBy: 'test' });
    const again = await b.enqueue('scan', { account: 'prod', requestedBy: 'test' });
    const other = await a.enqueue('scan', { account: 'dev', requestedBy: 'test' });
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(again).toBeNull();
    expect(other).toMatch(/^[0-9a-f-]{36}$/);
    const st = await a.status();
    expect(
      st
        .filter((j) => j.state === 'created')
        .map((j) => j.account)
        .sort(),
    ).toEqual(['dev', 'prod']);
  });

  it('two workers claim each job once; a failing job is retried; progress and output are visible', async () => {
    for (const account of ['acct-1', 'acct-2', 'acct-3', 'acct-4', 'flaky'])
      await a.enqueue('scan', { account, requestedBy: 'test' });
    // Every job waiting now: this test's, and any an earlier test queued (the workers take them all).
    const queued = (await a.status()).filter((j) => j.state === 'created').map((j) => j.account);
    expect(queued).toEqual(expect.arrayContaining(['acct-1', 'acct-2', 'acct-3', 'acct-4', 'flaky']));
    const runs: Record<string, string[]> = {};
    let flakyFailures = 0;
    const handler = (worker: string, q: JobQueue) => async (job: { id: string; data: ScanJob }) => {
      (runs[job.data.account] ??= []).push(worker);
      await q.progress(job.id, 'scan', job.data.account, `reading ${job.data.account}`);
      if (job.data.account === 'flaky' && flakyFailures++ === 0) throw new Error('throttled: try again');
      return { account: job.data.account, worker };
    };
    await a.work<ScanJob>('scan', 2, handler('a', a), { pollingIntervalSeconds: 0.5 });
    await b.work<ScanJob>('scan', 2, handler('b', b), { pollingIntervalSeconds: 0.5 });
    await until(async () => (await a.status()).filter((j) => j.state === 'completed').length === queued.length);
    for (const acct of queued.filter((x) => x !== 'flaky')) expect(runs[acct]).toHaveLength(1);
    expect(runs.flaky).toHaveLength(2);
    const flaky = (await b.status()).find((j) => j.account === 'flaky')!;
    expect(flaky).toMatchObject({ state: 'completed', attempts: 2, progress: 'reading flaky' });
    expect(flaky.output).toMatchObject({ account: 'flaky' });
  });

  it('the token bucket holds one rate across two workers', async () => {
    const [x, y] = [new PgTokenBucket(a.boss.getDb() as never), new PgTokenBucket(b.boss.getDb() as never)];
    const started = Date.now();
    // 10 requests/s with a burst of 1, 12 takes split across two workers: at least ~1.1 s.
    await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? x : y).take('IAM:222222222222', 10, { burst: 1 })));
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(1_000);
    expect(x.waits + y.waits).toBeGreaterThan(0);
    // Another key (account) has its own bucket: no wait.
    expect(await x.tryTake('IAM:333333333333', 10, 1)).toBe(0);
  });
});

describe.skipIf(!postgresUrl())('retries back off (pg-boss retryBackoff)', () => {
  let db: Awaited<ReturnType<typeof freshPostgres>>;
  let q: JobQueue;
  beforeAll(async () => {
    db = await freshPostgres();
    // 1 s first delay, doubling: the 2nd retry waits 2-4 s (pg-boss adds up to 100% jitter).
    q = await JobQueue.open(db.url, {
      policy: { retryDelay: 1, retryLimit: 3, retryBackoff: true, expireInSeconds: 60 },
    });
  });
  afterAll(async () => {
    await q?.stop({ graceful: false, timeout: 2_000 });
    await db?.drop();
  });

  it('waits longer before each retry, then completes', async () => {
    const id = await q.enqueue('scan', { account: 'throttled', requestedBy: 'test' });
    const at: number[] = [];
    await q.work<ScanJob>(
      'scan',
      1,
      async () => {
        at.push(Date.now());
        if (at.length < 3) throw new Error('Throttling: Rate exceeded');
        return { ok: true };
      },
      { pollingIntervalSeconds: 0.5 },
    );
    await until(async () => (await q.status()).some((j) => j.id === id && j.state === 'completed'), 30_000);
    expect(at).toHaveLength(3);
    const [first, second] = [at[1]! - at[0]!, at[2]! - at[1]!];
    // A fixed 1 s delay would give both gaps about 1-1.5 s; with backoff the second is at least 2 s.
    expect(first).toBeGreaterThanOrEqual(950);
    expect(second).toBeGreaterThanOrEqual(1_950);
    expect((await q.status()).find((j) => j.id === id)).toMatchObject({ state: 'completed', attempts: 3 });
  });
});

describe.skipIf(!postgresUrl())('several processes opening the queue at once', () => {
  it('all start on a new database (a create that loses the race is checked again, not fatal)', async () => {
    // Replicas and workers deployed together: each finds the queues missing and creates them.
    for (let round = 0; round < 3; round++) {
      const db = await freshPostgres();
      const opened = await Promise.allSettled([1, 2, 3, 4].map(() => JobQueue.open(db.url, { max: 1 })));
      for (const o of opened) if (o.status === 'fulfilled') await o.value.stop({ graceful: false, timeout: 2_000 });
      await db.drop();
      expect(
        opened.filter((o) => o.status === 'rejected').map((o) => String((o as PromiseRejectedResult).reason)),
      ).toEqual([]);
    }
  });
});
