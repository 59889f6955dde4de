/**
 * A queued collect job run by the worker code in-process against a real PostgreSQL (skipped without
 * TEST_DATABASE_URL), AWS answered at the HTTP level by nock with the wire fixtures of the collect
 * test: the job writes the evidence folder (account.json, IAM, CloudTrail, EC2 and trail
 * configuration) and is recorded completed with its result. A job whose first attempt wrote part of
 * its folder and failed is retried into that same folder (not refused as another collection's), and
 * the folder then holds the retry's collection only, not the failed attempt's leftovers as well.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetAwsClients } from '../../src/aws/clients';
import { setSharedPacer } from '../../src/aws/rate-limit';
import type { CloudTrailRecord } from '../../src/cloudtrail/record';
import { parseConfig } from '../../src/config';
import type { DbHandle } from '../../src/db/client';
import { upsertAccount } from '../../src/db/queries/accounts';
import { type CollectJob, type JobQueue, type JobStatus, QUEUES, JobQueue as Queue } from '../../src/queue/jobs';
import { runCollectJob, startWorker } from '../../src/runtime/worker';
import { evidenceAccount } from '../../src/sources/evidence/account';
import { EvidenceTrailSource } from '../../src/sources/evidence/cloudtrail';
import {
  COLLECTED_EC2_FILES,
  COLLECTED_TRAIL_CONFIG_FILES,
  serveCloudTrail,
  serveEc2,
  serveIam,
} from '../helpers/collect-wire';
import { freshPostgres, openDbForFile, postgresUrl } from '../helpers/db';
import { wire } from '../helpers/fixtures';
import { fullOrgScript, orgServer } from '../helpers/organizations-wire';
import { KMS_OK, serveKms } from '../helpers/kms-wire';
import { MON_OK, serveMonitoring } from '../helpers/monitoring-wire';
import { S3_OK, serveS3 } from '../helpers/s3-wire';
import { serveWorkloads, WORKLOADS_OK } from '../helpers/workload-wire';

/** The clock of the wire fixtures (the credential report and the events are from just before it). */
const NOW = new Date('2025-03-14T13:00:00Z');

function serveAll(o: { failLookup?: boolean } = {}) {
  serveIam();
  orgServer(fullOrgScript());
  serveCloudTrail(o);
  serveEc2();
  serveS3(S3_OK);
  serveKms('us-east-1', KMS_OK);
  serveMonitoring('us-east-1', MON_OK);
  serveWorkloads('us-east-1', WORKLOADS_OK);
}

async function waitFor(queue: JobQueue, id: string, states: JobStatus['state'][]): Promise<JobStatus> {
  // Counted, not timed: the JS clock is held at the fixtures' time.
  for (let i = 0; ; i++) {
    const j = (await queue.status()).find((s) => s.id === id);
    if (j && states.includes(j.state)) return j;
    if (i > 480) throw new Error(`job ${id} still ${j?.state}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function eventsIn(out: string): Promise<CloudTrailRecord[]> {
  const back: CloudTrailRecord[] = [];
  for await (const r of new EvidenceTrailSource(evidenceAccount(out), out).events('*', {
    start: new Date(0),
    end: new Date(NOW.getTime() + 86_400_000),
  }))
    back.push(r);
  return back;
}

describe.skipIf(!postgresUrl())('a queued collect job runs to completion (PostgreSQL, AWS by nock)', () => {
  let db: Awaited<ReturnType<typeof freshPostgres>>;
  let h: DbHandle;
  let queue: JobQueue | undefined;
  const config = parseConfig({});
  beforeAll(async () => {
    db = await freshPostgres();
    h = await openDbForFile({ url: db.url });
    await upsertAccount(h.db, {
      name: 'prod',
      accountId: '222222222222',
      roleArn: null,
      regions: ['us-east-1'],
      remediationRoleArn: null,
    });
  });
  beforeEach(() => {
    resetAwsClients();
    // The worker collects up to its own clock: held at the fixtures' (only Date; timers run).
    vi.useFakeTimers({ toFake: ['Date'], now: NOW });
  });
  afterEach(async () => {
    vi.useRealTimers();
    await queue?.stop({ timeout: 10_000 });
    queue = undefined;
    setSharedPacer(undefined);
  });
  afterAll(async () => {
    await h?.close();
    await db?.drop();
  });

  it('the worker writes the evidence folder and records the job completed with its result', async () => {
    serveAll();
    queue = await Queue.open(db.url);
    const out = join(mkdtempSync(join(tmpdir(), 'th-collect-job-')), 'evidence-prod');
    const data: CollectJob = { account: 'prod', out, since: '7d', regions: ['us-east-1'], requestedBy: 'test' };
    const id = (await queue.enqueue('collect', data))!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const logs: string[] = [];
    await startWorker({ config, db: h.db, queue, concurrency: 1, log: (m) => logs.push(m) });
    const job = await waitFor(queue, id, ['completed', 'failed']);
    expect(job).toMatchObject({ state: 'completed', queue: 'collect', account: 'prod', attempts: 1, progress: 'done' });
    expect(logs).toEqual([`collect prod (job ${id}) started`]);

    // The job's result is what was collected (and that nothing is missing).
    const output = job.output as { dir: string; notCollected: string[]; cloudtrail: { region: string }[] };
    expect(output.dir).toBe(out);
    expect(output.notCollected).toEqual([]);
    expect(output.cloudtrail).toEqual([
      { region: 'us-east-1', events: 8, files: [expect.stringMatching(/^lookup-events-.*\.json\.gz$/)] },
    ]);

    // The folder: account.json, and the files the collect test asserts.
    const meta = JSON.parse(readFileSync(join(out, 'account.json'), 'utf8'));
    expect(meta).toMatchObject({ accountId: '222222222222', name: 'prod', regions: ['us-east-1'], notCollected: [] });
    expect(readFileSync(join(out, '.trailhound-job'), 'utf8').trim()).toBe(id);
    expect(readdirSync(join(out, 'iam')).sort()).toEqual([
      'account-summary.json',
      'authorization-details.json',
      'credential-report.csv',
      'oidc-providers.json',
      'password-policy.json',
      'saml-providers.json',
      'virtual-mfa-devices.json',
    ]);
    expect(existsSync(join(out, 'organizations/policies.json'))).toBe(true);
    expect(readdirSync(join(out, 'ec2/us-east-1')).sort()).toEqual(COLLECTED_EC2_FILES);
    expect(readdirSync(join(out, 'cloudtrail-config/us-east-1')).sort()).toEqual(COLLECTED_TRAIL_CONFIG_FILES);
    expect(existsSync(join(out, 's3/list-buckets.json'))).toBe(true);
    expect(await eventsIn(out)).toHaveLength(8);
  });

  it('a job that could read nothing (the read role cannot be assumed) fails, to be retried, naming why', async () => {
    await upsertAccount(h.db, {
      name: 'locked',
      accountId: '333333333333',
      roleArn: 'arn:aws:iam::333333333333:role/TrailhoundReadOnly',
      regions: ['us-east-1'],
      remediationRoleArn: null,
    });
    nock('https://sts.us-east-1.amazonaws.com')
      .persist()
      .post('/')
      .reply(403, wire('sts/assume-role-access-denied.xml'), { 'Content-Type': 'text/xml' });
    const out = join(mkdtempSync(join(tmpdir(), 'th-collect-job-')), 'evidence-locked');
    const data: CollectJob = { account: 'locked', out, since: '7d', regions: ['us-east-1'], requestedBy: 'test' };
    const queue0 = { progress: async () => {} } as unknown as JobQueue;
    const job = { id: '00000000-0000-4000-8000-000000000009', data, expireInSeconds: 60 };
    await expect(runCollectJob({ config, db: h.db, queue: queue0 }, job)).rejects.toThrow(
      /Nothing of locked could be collected.*AssumeRole/s,
    );
  });

  it('a job whose first attempt failed part-way is retried into its own folder, which then holds the retry only', async () => {
    queue = await Queue.open(db.url, { policy: { retryDelay: 1, retryBackoff: false } });
    const out = join(mkdtempSync(join(tmpdir(), 'th-collect-job-')), 'evidence-prod');
    const data: CollectJob = { account: 'prod', out, since: '7d', regions: ['us-east-1'], requestedBy: 'test' };
    const id = (await queue.enqueue('collect', data))!;

    // Attempt 1: claimed by a worker, which wrote part of the folder (LookupEvents denied on the
    // second page: 5 of 8 events) and failed before the job was completed (recorded as pg-boss
    // records a thrown handler or a dead worker).
    serveAll({ failLookup: true });
    const [claimed] = await queue.boss.fetch<CollectJob>(QUEUES.collect);
    expect(claimed?.id).toBe(id);
    const first = (await runCollectJob({ config, db: h.db, queue }, { ...claimed!, expireInSeconds: 60 })) as {
      notCollected: string[];
    };
    expect(first.notCollected).toEqual([expect.stringMatching(/^cloudtrail us-east-1: .*LookupEvents/)]);
    expect(await eventsIn(out)).toHaveLength(5);
    await queue.boss.fail(QUEUES.collect, id, { message: 'worker lost' });
    expect((await queue.status()).find((s) => s.id === id)?.state).toBe('retry');

    // Attempt 2, by the worker: the folder is its own (not refused), and it completes.
    nock.cleanAll();
    resetAwsClients();
    // The retry runs later: its window (and so its file names) differs from the first attempt's.
    vi.setSystemTime(new Date(NOW.getTime() + 10 * 60_000));
    serveAll();
    await startWorker({ config, db: h.db, queue, concurrency: 1 });
    const job = await waitFor(queue, id, ['completed', 'failed']);
    expect(job).toMatchObject({ state: 'completed', attempts: 2 });
    expect((job.output as { notCollected: string[] }).notCollected).toEqual([]);
    const meta = JSON.parse(readFileSync(join(out, 'account.json'), 'utf8'));
    expect(meta.notCollected).toEqual([]);
    // The 8 events of the retry, not 8 plus the failed attempt's 5.
    const events = await eventsIn(out);
    expect(events).toHaveLength(8);
    expect(new Set(events.map((e) => e.eventID)).size).toBe(8);
  });
});
