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
