/**
 * In-flight Slack questions: serialised per thread (two messages in one thread are answered in
 * order), concurrent across threads (no global lock), and tracked so a graceful shutdown can wait
 * for them and record the unfinished ones as interrupted.
 */
export interface Job {
  threadKey: string;
  conversationId?: string;
  /** The progress message to update if the job is interrupted. */
  progress?: { channel: string; ts: string };
  abort: AbortController;
  done: Promise<void>;
}

export class WorkTracker {
  private tails = new Map<string, Promise<void>>();
  private jobs = new Set<Job>();
  private idleWaiters: (() => void)[] = [];
  /** Incoming Slack requests still being processed (clicks executing an approval, look-ups…). */
  private handling = 0;
  accepting = true;

  get size(): number {
    return this.jobs.size + this.handling;
  }

  private checkIdle(): void {
    if (this.size === 0) for (const w of this.idleWaiters.splice(0)) w();
  }

  /** Tracks a request being processed so idle() and drain() wait for it too. */
  track<T>(p: Promise<T>): Promise<T> {
    this.handling += 1;
    return p.finally(() => {
      this.handling -= 1;
      this.checkIdle();
    });
  }

  /** True when a question of this thread is running or queued. */
  busy(threadKey: string): boolean {
    return this.tails.has(threadKey);
  }

  /** Runs `fn` after earlier work of the same thread; returns once it finished (errors are the caller's). */
  run(threadKey: string, fn: (job: Job) => Promise<void>, init?: (job: Job) => void): Promise<void> {
    const prev = this.tails.get(threadKey) ?? Promise.resolve();
    const job = { threadKey, abort: new AbortController() } as Job;
    init?.(job);
    this.jobs.add(job);
    const done = prev
      .catch(() => {})
      .then(() => (job.abort.signal.aborted ? undefined : fn(job)))
      .finally(() => {
        this.jobs.delete(job);
        if (this.tails.get(threadKey) === tail) this.tails.delete(threadKey);
        this.checkIdle();
      });
    const tail = done.catch(() => {});
    job.done = tail;
    this.tails.set(threadKey, tail);
    return done;
  }

  /** Resolves when no job is in flight (tests, shutdown). */
  idle(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops accepting, waits up to `timeoutMs`, then aborts and returns the jobs still running. */
  async drain(timeoutMs: number): Promise<Job[]> {
    this.accepting = false;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.idle(), new Promise<void>((r) => (timer = setTimeout(r, timeoutMs)))]);
    clearTimeout(timer);
    const left = [...this.jobs];
    for (const j of left) j.abort.abort(new Error('Trailhound is shutting down'));
    return left;
  }
}
