/** What every benchmark shares: fake static credentials for a local endpoint, and peak-memory sampling. */

/** Static credentials so the SDK signs requests to the local endpoint; nothing real is used. */
export function useBenchCredentials(): void {
  process.env.AWS_ACCESS_KEY_ID = 'AKIDBENCHEXAMPLE0001';
  process.env.AWS_SECRET_ACCESS_KEY = 'benchbenchbenchbenchbenchbenchbenchbench';
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  process.env.LOG_LEVEL = 'silent';
}

/** Samples RSS and heap every 20 ms; `stop()` returns the peaks in bytes. */
export function peakMemory(): {
  sample(): void;
  stop(): { rss: number; heap: number };
  readonly rss: number;
  readonly heap: number;
} {
  let rss = 0;
  let heap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
  };
  const timer = setInterval(sample, 20);
  sample();
  return {
    sample,
    stop() {
      clearInterval(timer);
      sample();
      return { rss, heap };
    },
    get rss() {
      return rss;
    },
    get heap() {
      return heap;
    },
  };
}
