/**
 * The job queue on the PostgreSQL the bot already uses: pg-boss (its own schema, `trailhound_jobs`).
 * Two queues, `trailhound-scan` and `trailhound-collect`, one job per account. The queues are
 * `stately`: per account at most one job waiting and one running, so a job is claimed once
 * (SKIP LOCKED) and a second request for an account already queued is not queued twice. Failed
 * jobs are retried with exponential backoff; a job running past its time limit expires (and is
 * retried). Progress is written to `trailhound_job_progress` as the job runs; the handler's result
 * (the partial or full answer) is the job's output. PGlite (embedded) has no queue: the in-process
 * path runs instead.
 */
import PgBoss from 'pg-boss';
import { BUCKET_TABLE_DDL, PgTokenBucket, type SqlRunner } from './rate-bucket';

export const QUEUE_SCHEMA = 'trailhound_jobs';
export const QUEUES = { scan: 'trailhound-scan', collect: 'trailhound-collect' } as const;
export type QueueKind = keyof typeof QUEUES;

export interface ScanJob {
  account: string;
  regions?: string[];
  requestedBy: string;
  /** `schedule`: a scheduled scan `serve` queued (stored with trigger schedule). */
  trigger?: 'schedule';
}

export interface CollectJob {
  account: string;
  /** Absolute path, written on the worker's machine. */
  out: string;
  since: string;
  regions?: string[];
  maxEventsPerRegion?: number;
  requestedBy: string;
}

/** Retries and time limit of every job (pg-boss queue options). */
export interface JobPolicy {
  retryLimit: number;
  /** Seconds before the first retry (doubled each time with retryBackoff). */
  retryDelay: number;
  retryBackoff: boolean;
  /** The time limit of one attempt. */
  expireInSeconds: number;
}

export const JOB_POLICY: JobPolicy = {
  retryLimit: 3,
  retryDelay: 30,
  retryBackoff: true,
  expireInSeconds: 30 * 60,
};

export const PROGRESS_TABLE = 'trailhound_job_progress';
/** The advisory lock key that serialises creating the side tables (any fixed bigint). */
const SIDE_TABLES_LOCK = 7_303_617_001;

export interface JobStatus {
  id: string;
  queue: QueueKind;
  account: string;
  state: 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';
  attempts: number;
  createdOn: string;
  startedOn: string | null;
  completedOn: string | null;
  progress: string | null;
  progressAt: string | null;
  /** The job's result or error (bounded). */
  output: unknown;
}

export class JobQueue {
  readonly bucket: PgTokenBucket;
  private constructor(
    readonly boss: PgBoss,
    private readonly db: SqlRunner,
    private readonly policy: JobPolicy,
  ) {
    this.bucket = new PgTokenBucket(db);
  }

  /** Starts pg-boss on DATABASE_URL (installs its schema once), the queues and the side tables. */
  static async open(
    url: string,
    o: { supervise?: boolean; max?: number; policy?: Partial<JobPolicy> } = {},
  ): Promise<JobQueue> {
    const policy = { ...JOB_POLICY, ...o.policy };
    const boss = new PgBoss({
      connectionString: url,
      schema: QUEUE_SCHEMA,
      application_name: 'trailhound',
      max: o.max ?? 4,
      supervise: o.supervise ?? false,
      schedule: false,
    });
    boss.on('error', () => {});
    await boss.start();
    for (const name of Object.values(QUEUES)) await ensureQueue(boss, name, policy);
    const db = boss.getDb() as SqlRunner;
    // One transaction under an advisory lock: replicas and workers starting together would otherwise
    // race on CREATE TABLE IF NOT EXISTS (a duplicate pg_type row) and fail to start.
    await db.executeSql(
      `DO $$ BEGIN
         PERFORM pg_advisory_xact_lock(${SIDE_TABLES_LOCK});
         ${BUCKET_TABLE_DDL};
         CREATE TABLE IF NOT EXISTS ${PROGRESS_TABLE} (
           job_id uuid PRIMARY KEY,
           queue text NOT NULL,
           account text NOT NULL,
           step text NOT NULL,
           updated_at timestamptz NOT NULL DEFAULT now());
       END $$`,
      [],
    );
    return new JobQueue(boss, db, policy);
  }

  /** Queues one job per account; returns the job id, or null when that account already has one waiting. */
  async enqueue(kind: 'scan', job: ScanJob): Promise<string | null>;
  async enqueue(kind: 'collect', job: CollectJob): Promise<string | null>;
  async enqueue(kind: QueueKind, job: ScanJob | CollectJob): Promise<string | null> {
    return this.boss.send(QUEUES[kind], job as object, { ...this.policy, singletonKey: job.account });
  }

  async progress(jobId: string, kind: QueueKind, account: string, step: string): Promise<void> {
    await this.db.executeSql(
      `INSERT INTO ${PROGRESS_TABLE} (job_id, queue, account, step, updated_at) VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (job_id) DO UPDATE SET step = EXCLUDED.step, updated_at = now()`,
      [jobId, kind, account, step.slice(0, 500)],
    );
  }

  /** Jobs of both queues, waiting and running first, then the newest finished ones. */
  async status(o: { limit?: number } = {}): Promise<JobStatus[]> {
    const { rows } = await this.db.executeSql(
      `SELECT j.id, j.name, j.data, j.state, j.retry_count, j.created_on, j.started_on, j.completed_on, j.output,
              p.step, p.updated_at AS progress_at
         FROM ${QUEUE_SCHEMA}.job j LEFT JOIN ${PROGRESS_TABLE} p ON p.job_id = j.id
        WHERE j.name = ANY($1)
        ORDER BY (j.state IN ('created', 'retry', 'active')) DESC, j.created_on DESC
        LIMIT $2`,
      [Object.values(QUEUES), o.limit ?? 100],
    );
    const kindOf = Object.fromEntries(Object.entries(QUEUES).map(([k, v]) => [v, k])) as Record<string, QueueKind>;
    const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);
    return rows.map((r) => ({
      id: String(r.id),
      queue: kindOf[String(r.name)]!,
      account: String((r.data as { account?: string } | null)?.account ?? ''),
      state: r.state as JobStatus['state'],
      attempts: Number(r.retry_count) + (r.started_on ? 1 : 0),
      createdOn: iso(r.created_on)!,
      startedOn: iso(r.started_on),
      completedOn: iso(r.completed_on),
      progress: (r.step as string | null) ?? null,
      progressAt: iso(r.progress_at),
      output: r.output ?? null,
    }));
  }

  /** Runs `handler` for jobs of `kind`, `concurrency` at a time in this process. */
  async work<T>(
    kind: QueueKind,
    concurrency: number,
    handler: (job: { id: string; data: T; expireInSeconds: number }) => Promise<object>,
    o: { pollingIntervalSeconds?: number } = {},
  ): Promise<void> {
    for (let i = 0; i < concurrency; i++)
      await this.boss.work<T>(
        QUEUES[kind],
        { batchSize: 1, pollingIntervalSeconds: o.pollingIntervalSeconds ?? 2 },
        async ([job]) => (job ? handler(job) : {}),
      );
  }

  async stop(o: { graceful?: boolean; timeout?: number } = {}): Promise<void> {
    await this.boss.stop({ graceful: o.graceful ?? true, timeout: o.timeout ?? 30_000, wait: true });
  }
}

/**
 * Creates a queue unless it exists. Replicas and workers starting at the same moment both find it
 * missing and both create it: PostgreSQL then aborts one with a deadlock or a duplicate, after which
 * the queue exists — so a failed create is checked again (and retried a few times) rather than
 * stopping the process from starting.
 */
async function ensureQueue(boss: PgBoss, name: string, policy: JobPolicy): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    if (await boss.getQueue(name)) return;
    try {
      await boss.createQueue(name, { name, policy: 'stately', ...policy });
      return;
    } catch (err) {
      if (await boss.getQueue(name).catch(() => null)) return;
      if (attempt >= 5) throw err;
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 200 * attempt));
    }
  }
}
