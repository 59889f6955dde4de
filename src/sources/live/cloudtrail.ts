/**
 * CloudTrail live: LookupEvents, paginated (50 events a page), paced by one process-wide limiter
 * per account and region (LookupEvents allows 2 requests/s per account and region), with
 * ThrottlingException (HTTP 400) retried with backoff — absorbed, never surfaced unless it persists.
 *
 * The SDK's own retry is switched off for this client (maxAttempts 1): otherwise the SDK would
 * retry a throttled page by itself, outside our limiter (its retries would neither wait for the
 * shared account-region pace nor be counted), and its adaptive mode would add a second, competing
 * rate limiter. Here every attempt goes through `limiter.take()`, and each throttle pushes the
 * whole account-region back (`penalise`), so concurrent questions slow down together.
 *
 * Pages are streamed: at most one page (50 events) is held at a time. Covers the last 90 days of
 * management events only.
 */
import { CloudTrailClient, LookupEventsCommand, type LookupEventsCommandOutput } from '@aws-sdk/client-cloudtrail';
import type { AwsAccount } from '../../aws/accounts';
import { awsClient } from '../../aws/clients';
import { AwsReadError, explainAwsError, isThrottle } from '../../aws/errors';
import { limiterFor, type RateLimiter } from '../../aws/rate-limit';
import { type CloudTrailRecord, isRecord } from '../../cloudtrail/record';
import type { ScanProgress, TrailQuery, TrailSource, TrailSourceReport } from '../../cloudtrail/source';

export const LOOKUP_EVENTS_PER_SECOND = 2;
export const LOOKUP_EVENTS_PAGE_SIZE = 50;

export interface LiveTrailOptions {
  externalId: string;
  /** Override the per-account-region rate (benchmarks, tests). */
  perSecond?: number;
  /** Retries of a throttled page before giving up (each waits longer). */
  maxThrottleRetries?: number;
  /** Retries of a page after a transient failure (5xx, connection reset). */
  maxTransientRetries?: number;
  /** Base of the exponential backoff after a throttle, ms (tests use small values). */
  backoffBaseMs?: number;
  /** Counts throttles absorbed (benchmarks). */
  onThrottle?: () => void;
}

function status(err: unknown): number | undefined {
  return (err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
}

function isAbort(err: unknown): boolean {
  const n = (err as { name?: string })?.name;
  return n === 'AbortError' || n === 'RequestAbortedError';
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class LiveTrailSource implements TrailSource {
  readonly kind = 'live' as const;
  /** Throttles absorbed (retried) so far. */
  throttles = 0;
  /** Throttles absorbed per region (progress). */
  private readonly throttlesIn = new Map<string, number>();
  /** LookupEvents requests sent, including retried ones. */
  requests = 0;
  /** Events LookupEvents returned whose CloudTrailEvent is missing or not a record (counted, never silent). */
  unusable = 0;
  constructor(
    readonly account: AwsAccount,
    private readonly opts: LiveTrailOptions,
  ) {}

  limiter(region: string): RateLimiter {
    return limiterFor(
      `LookupEvents:${this.account.accountId}:${region}`,
      this.opts.perSecond ?? LOOKUP_EVENTS_PER_SECOND,
    );
  }

  async *events(
    region: string,
    q: TrailQuery,
    o?: { signal?: AbortSignal; onPage?: (p: ScanProgress) => void },
  ): AsyncGenerator<CloudTrailRecord> {
    const client = awsClient(CloudTrailClient, this.account, region, {
      externalId: this.opts.externalId,
      maxAttempts: 1,
    });
    const limiter = this.limiter(region);
    let token: string | undefined;
    let pages = 0;
    let scanned = 0;
    do {
      if (o?.signal?.aborted) return;
      const page = await this.page(client, limiter, region, q, token, o?.signal);
      if (!page) return;
      pages += 1;
      for (const e of page.Events ?? []) {
        let r: unknown;
        try {
          r = e.CloudTrailEvent ? JSON.parse(e.CloudTrailEvent) : undefined;
        } catch {
          r = undefined;
        }
        if (isRecord(r) && Number.isFinite(Date.parse(r.eventTime))) {
          scanned += 1;
          yield r;
        } else this.unusable += 1;
      }
      o?.onPage?.({ region, scanned, pages, throttles: this.throttlesIn.get(region) ?? 0 });
      token = page.NextToken;
    } while (token);
  }

  report(): TrailSourceReport {
    return {
      throttles: this.throttles,
      warnings: this.unusable
        ? [
            `${this.unusable} event(s) returned by LookupEvents had no readable CloudTrailEvent record and were not searched.`,
          ]
        : [],
    };
  }

  /** One page; undefined when aborted. */
  private async page(
    client: CloudTrailClient,
    limiter: RateLimiter,
    region: string,
    q: TrailQuery,
    token: string | undefined,
    signal?: AbortSignal,
  ): Promise<LookupEventsCommandOutput | undefined> {
    const maxThrottle = this.opts.maxThrottleRetries ?? 10;
    const maxTransient = this.opts.maxTransientRetries ?? 3;
    const base = this.opts.backoffBaseMs ?? 250;
    let throttled = 0;
    let transient = 0;
    for (;;) {
      await limiter.take();
      if (signal?.aborted) return undefined;
      try {
        this.requests += 1;
        return await client.send(
          new LookupEventsCommand({
            StartTime: q.start,
            EndTime: q.end,
            MaxResults: LOOKUP_EVENTS_PAGE_SIZE,
            NextToken: token,
            LookupAttributes: q.lookup ? [{ AttributeKey: q.lookup.key, AttributeValue: q.lookup.value }] : undefined,
          }),
          { abortSignal: signal },
        );
      } catch (err) {
        if (signal?.aborted || isAbort(err)) return undefined;
        if (isThrottle(err) && throttled < maxThrottle) {
          throttled += 1;
          this.throttles += 1;
          this.throttlesIn.set(region, (this.throttlesIn.get(region) ?? 0) + 1);
          this.opts.onThrottle?.();
          // Full jitter on an exponential ceiling; the whole account-region waits, not just this page.
          const backoff = Math.min(8000, base * 2 ** (throttled - 1)) * (0.5 + Math.random() / 2);
          limiter.penalise(backoff);
          continue;
        }
        const s = status(err);
        const netCode = (err as { code?: string })?.code;
        const transientErr =
          (s !== undefined && s >= 500) || ['ECONNRESET', 'ETIMEDOUT', 'EPIPE'].includes(netCode ?? '');
        if (transientErr && transient < maxTransient) {
          transient += 1;
          await sleep(base * 2 ** transient);
          continue;
        }
        const e = explainAwsError(err, {
          api: 'cloudtrail:LookupEvents',
          account: this.account.name,
          accountId: this.account.accountId,
          region,
          roleArn: this.account.roleArn,
        });
        throw new AwsReadError(e.message, e.kind);
      }
    }
  }
}
