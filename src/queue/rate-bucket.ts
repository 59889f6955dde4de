/**
 * A token bucket in PostgreSQL, shared by every worker on the database: one row per key
 * ("IAM:222222222222"), refilled at `rate` tokens per second up to `burst`, taken from with one
 * atomic statement (the row lock serialises concurrent takers). A process-local limiter could not
 * hold a per-account rate across several workers or replicas; this does.
 */

/** What the bucket needs from the database: pg-boss's `getDb()` or any `executeSql`. */
export interface SqlRunner {
  executeSql(text: string, values: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

export const BUCKET_TABLE = 'trailhound_rate_bucket';

/** The bucket table's DDL (JobQueue.open runs it under a lock, with the other side tables). */
export const BUCKET_TABLE_DDL = `CREATE TABLE IF NOT EXISTS ${BUCKET_TABLE} (
  key text PRIMARY KEY,
  tokens double precision NOT NULL,
  granted boolean NOT NULL DEFAULT true,
  waits bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp())`;

// The refill is computed from the locked row (every SET expression reads its old values).
const REFILL = 'LEAST($3::float8, b.tokens + EXTRACT(EPOCH FROM (clock_timestamp() - b.updated_at)) * $2::float8)';
const TAKE = `
INSERT INTO ${BUCKET_TABLE} AS b (key, tokens, granted, updated_at)
VALUES ($1, $3::float8 - 1, true, clock_timestamp())
ON CONFLICT (key) DO UPDATE SET
  tokens = ${REFILL} - CASE WHEN ${REFILL} >= 1 THEN 1 ELSE 0 END,
  granted = ${REFILL} >= 1,
  waits = b.waits + CASE WHEN ${REFILL} >= 1 THEN 0 ELSE 1 END,
  updated_at = clock_timestamp()
RETURNING tokens, granted`;

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(new Error('aborted'));
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        reject(new Error('aborted'));
      },
      { once: true },
    );
  });

export class PgTokenBucket {
  /** Times a caller had to wait for a token (this process). */
  waits = 0;
  constructor(private readonly db: SqlRunner) {}

  /** One attempt: 0 when a token was taken, else how long to wait (ms) before one is there. */
  async tryTake(key: string, rate: number, burst = Math.max(1, rate)): Promise<number> {
    if (!(rate > 0)) throw new Error('rate must be positive');
    const { rows } = await this.db.executeSql(TAKE, [key, rate, burst]);
    const row = rows[0] as { tokens: number; granted: boolean } | undefined;
    if (!row || row.granted) return 0;
    return Math.max(5, Math.ceil(((1 - Number(row.tokens)) / rate) * 1000));
  }

  /** Waits until a token is taken for `key`. */
  async take(key: string, rate: number, o: { burst?: number; signal?: AbortSignal } = {}): Promise<void> {
    for (;;) {
      const wait = await this.tryTake(key, rate, o.burst);
      if (wait === 0) return;
      this.waits++;
      await sleep(wait, o.signal);
    }
  }
}
