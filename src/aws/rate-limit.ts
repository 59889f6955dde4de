/**
 * Process-wide pacing per key (e.g. `LookupEvents:123456789012:us-east-1`): one limiter per key,
 * shared by every concurrent question, so the account-region quota is respected in total.
 */
export interface LimiterClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realClock: LimiterClock = { now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };

let testClock: LimiterClock | undefined;

/**
 * Tests only: the clock of every limiter built without its own (undefined, as in production: the
 * real one). test/helpers/setup.ts sets a virtual clock, so a throttle's one-second push-back or a
 * paced burst costs no real time; tests that assert pacing pass their own clock or set the real one.
 */
export function setLimiterClockForTests(c: LimiterClock | undefined): void {
  testClock = c;
}

/** The real clock, or the tests' one: read at every call, so limiters built before a change follow it. */
const defaultClock: LimiterClock = {
  now: () => (testClock ?? realClock).now(),
  sleep: (ms) => (testClock ?? realClock).sleep(ms),
};

/**
 * A token bucket: `burst` requests at once, then one per `intervalMs` (burst 1: a strict interval).
 * Fair: callers are served in arrival order.
 */
export class RateLimiter {
  private next = Number.NEGATIVE_INFINITY;
  constructor(
    private readonly intervalMs: number,
    private readonly burst = 1,
    private readonly clock: LimiterClock = defaultClock,
  ) {}

  /** Resolves when the caller may make one request. */
  async take(): Promise<void> {
    const now = this.clock.now();
    // Unused capacity accrues up to `burst` requests: the schedule may lag `now` by burst-1 intervals.
    const at = Math.max(now - (this.burst - 1) * this.intervalMs, this.next);
    this.next = at + this.intervalMs;
    const wait = at - now;
    if (wait > 0) await this.clock.sleep(wait);
  }

  /** After a throttle, push every waiter back (the service told us we were too fast). */
  penalise(ms: number): void {
    this.next = Math.max(this.next, this.clock.now() + ms);
  }
}

const limiters = new Map<string, RateLimiter>();

export function limiterFor(key: string, perSecond: number, burst = 1): RateLimiter {
  let l = limiters.get(key);
  if (!l) {
    l = new RateLimiter(1000 / perSecond, burst);
    limiters.set(key, l);
  }
  return l;
}

/** Drops every process-wide limiter (tests, benches that restart the clock). */
export function resetLimiters(): void {
  limiters.clear();
}

/**
 * Per-service request rates a scan keeps to in each account, across every worker (requests per
 * second; the worker's PostgreSQL bucket). LookupEvents: 2/s per account and region (CloudTrail
 * quotas). EC2 Describe*: the documented token bucket refills 20/s per account and region (EC2 API
 * request throttling). RDS: 12/s sustained per account and region (RDS API throttling). Lambda:
 * 15/s for control-plane APIs (Lambda quotas). IAM, S3, KMS, STS, CloudWatch and CloudWatch Logs:
 * conservative values, configurable in code here. Per-API pacing inside one process: src/aws/pace.ts.
 */
export const SERVICE_RATES: Record<string, number> = {
  CloudTrail: 2,
  EC2: 20,
  IAM: 10,
  S3: 20,
  KMS: 20,
  STS: 10,
  Organizations: 5,
  RDS: 12,
  Lambda: 15,
  CloudWatchLogs: 5,
  CloudWatch: 9,
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
