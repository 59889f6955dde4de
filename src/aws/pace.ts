/**
 * Per-API pacing of every SDK call a scan makes, beyond the SDK's adaptive retry (which only slows
 * down after AWS has throttled). Each attempt takes a token from a process-wide bucket per account,
 * region and API (or per service, where AWS meters the service as a whole) before it is sent; a
 * throttle answer pushes that bucket back (`penaliseCall`) so the waiting calls slow down too.
 * Installed on every client by src/aws/clients.ts; a caller that paces itself (LookupEvents, with
 * its own limiter and retries) opts out.
 *
 * The rates are AWS's published ones where AWS publishes them; otherwise conservative values.
 * Changing a rate here changes the scan's floor (bench/posture-scan.ts prints it).
 */
import { type LimiterClock, RateLimiter } from './rate-limit';

export interface ApiPace {
  /** Sustained requests per second. */
  perSecond: number;
  /** Requests allowed at once before the sustained rate applies. */
  burst: number;
  /** `api`: one bucket per API; `service`: one bucket shared by every API of the service. */
  per: 'api' | 'service';
  /** Where the figure comes from. */
  basis: string;
}

/** Keyed `Service:Api` (most specific) or `Service` (SDK client name without `Client`), per account and region. */
export const API_PACES: Record<string, ApiPace> = {
  EC2: {
    perSecond: 20,
    burst: 100,
    per: 'api',
    basis: 'documented: non-mutating Describe* bucket 100, refill 20/s per API (EC2 API request throttling)',
  },
  'CloudTrail:LookupEvents': { perSecond: 2, burst: 1, per: 'api', basis: 'documented: 2/s (CloudTrail quotas)' },
  CloudTrail: { perSecond: 5, burst: 5, per: 'service', basis: 'conservative (no published rate)' },
  RDS: {
    perSecond: 12,
    burst: 300,
    per: 'service',
    basis: 'documented: burst 300, sustained 12/s per account and region (RDS API throttling)',
  },
  'Lambda:GetFunction': { perSecond: 100, burst: 100, per: 'api', basis: 'documented: 100/s (Lambda quotas)' },
  'Lambda:GetPolicy': { perSecond: 15, burst: 15, per: 'api', basis: 'documented: 15/s (Lambda quotas)' },
  Lambda: {
    perSecond: 15,
    burst: 15,
    per: 'service',
    basis: 'documented: control-plane APIs other than GetFunction/GetPolicy share 15/s (Lambda quotas)',
  },
  CloudWatchLogs: { perSecond: 5, burst: 5, per: 'api', basis: 'conservative (DescribeMetricFilters-class rate)' },
  CloudWatch: { perSecond: 9, burst: 9, per: 'api', basis: 'conservative (DescribeAlarms-class rate)' },
  'SNS:ListSubscriptionsByTopic': {
    perSecond: 30,
    burst: 30,
    per: 'api',
    basis: 'documented: 30 TPS (SNS API reference)',
  },
  IAM: { perSecond: 10, burst: 10, per: 'service', basis: 'conservative (no published rate; IAM is global)' },
  S3: { perSecond: 20, burst: 20, per: 'api', basis: 'conservative (bucket-configuration reads)' },
  S3Control: { perSecond: 10, burst: 10, per: 'service', basis: 'conservative' },
  KMS: { perSecond: 20, burst: 20, per: 'api', basis: 'conservative (below the published per-API KMS quotas)' },
  STS: { perSecond: 10, burst: 10, per: 'service', basis: 'conservative' },
  Organizations: { perSecond: 5, burst: 5, per: 'service', basis: 'conservative' },
};

/** Services without an entry: conservative. */
export const DEFAULT_PACE: ApiPace = { perSecond: 10, burst: 10, per: 'service', basis: 'default (no entry)' };

/** The pace of one API and the bucket it draws from. */
export function paceOf(service: string, api: string): ApiPace & { bucket: string } {
  const exact = API_PACES[`${service}:${api}`];
  if (exact) return { ...exact, bucket: `${service}:${api}` };
  const svc = API_PACES[service] ?? DEFAULT_PACE;
  return { ...svc, bucket: svc.per === 'api' ? `${service}:${api}` : service };
}

const buckets = new Map<string, RateLimiter>();
let clock: LimiterClock | undefined;

function limiter(service: string, api: string, accountId: string, region: string): [RateLimiter, ApiPace] {
  const p = paceOf(service, api);
  const key = `${p.bucket}|${accountId}|${region}`;
  let l = buckets.get(key);
  if (!l) {
    l = new RateLimiter(1000 / p.perSecond, p.burst, clock);
    buckets.set(key, l);
  }
  return [l, p];
}

/** Waits for this API's turn in this account and region. */
export function paceCall(service: string, api: string, accountId: string, region: string): Promise<void> {
  return limiter(service, api, accountId, region)[0].take();
}

/** AWS throttled a call: every waiter on the bucket waits at least one more second (the adaptive retry backs off too). */
export function penaliseCall(service: string, api: string, accountId: string, region: string, ms = 1000): void {
  limiter(service, api, accountId, region)[0].penalise(ms);
}

/** Drops every bucket; with a clock, new buckets use it (tests: a fake clock). */
export function resetPacing(c?: LimiterClock): void {
  buckets.clear();
  clock = c;
}
