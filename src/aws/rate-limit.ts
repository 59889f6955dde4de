/**
 * Process-wide pacing per key (e.g. `LookupEvents:123456789012:us-east-1`): one limiter per key,
 * shared by every concurrent question, so the account-region quota is respected in total.
 */
export class RateLimiter {
  private next = 0;
  constructor(private readonly intervalMs: number) {}

  /** Resolves when the caller may make one request. Fair: callers are served in arrival order. */
  async take(): Promise<void> {
    const now = Date.now();
    const at = Math.max(now, this.next);
    this.next = at + this.intervalMs;
    const wait = at - now;
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }

  /** After a throttle, push every waiter back (the service told us we were too fast). */
  penalise(ms: number): void {
    this.next = Math.max(this.next, Date.now() + ms);
  }
}

const limiters = new Map<string, RateLimiter>();

export function limiterFor(key: string, perSecond: number): RateLimiter {
  let l = limiters.get(key);
  if (!l) {
    l = new RateLimiter(1000 / perSecond);
    limiters.set(key, l);
  }
  return l;
}

/**
 * Per-service request rates a scan keeps to in each account, across every worker (requests per
 * second). LookupEvents: 2/s per account and region (CloudTrail quotas). EC2 Describe*: the
 * documented token bucket refills 20/s per account and region (EC2 API request throttling).
 * IAM, S3, KMS, STS publish no per-API rate: conservative values, configurable in code here.
 */
export const SERVICE_RATES: Record<string, number> = {
  CloudTrail: 2,
  EC2: 20,
  IAM: 10,
  S3: 20,
  KMS: 20,
  STS: 10,
  Organizations: 5,
};
export const DEFAULT_SERVICE_RATE = 10;

/**
 * A pacer shared beyond this process (the worker installs one backed by PostgreSQL): awaited before
 * every SDK call with the service ("IAM") and the account id; undefined in the in-process path.
 */
export type SharedPacer = (service: string, accountId: string) => Promise<void>;
let shared: SharedPacer | undefined;

export function setSharedPacer(p: SharedPacer | undefined): void {
  shared = p;
}

export function sharedPacer(): SharedPacer | undefined {
  return shared;
}
