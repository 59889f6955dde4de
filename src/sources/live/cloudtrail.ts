/**
 * CloudTrail live: LookupEvents, paginated (50 events a page), paced by one process-wide limiter
 * per account and region (LookupEvents allows 2 requests/s per account and region), with
 * ThrottlingException retried with backoff (absorbed, never surfaced unless it persists).
 * Covers the last 90 days of management events only.
 */
import { CloudTrailClient, LookupEventsCommand, type LookupEventsCommandOutput } from '@aws-sdk/client-cloudtrail';
import type { AwsAccount } from '../../aws/accounts';
import { awsClient } from '../../aws/clients';
import { explainAwsError, isThrottle } from '../../aws/errors';
import { limiterFor } from '../../aws/rate-limit';
import { type CloudTrailRecord, isRecord } from '../../cloudtrail/record';
import type { ScanProgress, TrailQuery, TrailSource } from '../types';

export const LOOKUP_EVENTS_PER_SECOND = 2;
export const LOOKUP_RETENTION_DAYS = 90;

export class AwsReadError extends Error {
  constructor(
    message: string,
    readonly kind: string,
  ) {
    super(message);
    this.name = 'AwsReadError';
  }
}

export interface LiveTrailOptions {
  externalId: string;
  /** Override the per-account-region rate (benchmarks, tests). */
  perSecond?: number;
  /** Retries of a throttled page before giving up (each waits longer). */
  maxThrottleRetries?: number;
  /** Counts throttles absorbed (benchmarks). */
  onThrottle?: () => void;
}

export class LiveTrailSource implements TrailSource {
  readonly kind = 'live' as const;
  throttles = 0;
  constructor(
    readonly account: AwsAccount,
    private readonly opts: LiveTrailOptions,
  ) {}

  async *events(region: string, q: TrailQuery, o?: { signal?: AbortSignal; onPage?: (p: ScanProgress) => void }): AsyncGenerator<CloudTrailRecord> {
    const client = awsClient(CloudTrailClient, this.account, region, { externalId: this.opts.externalId });
    const limiter = limiterFor(`LookupEvents:${this.account.accountId}:${region}`, this.opts.perSecond ?? LOOKUP_EVENTS_PER_SECOND);
    let token: string | undefined;
    let pages = 0;
    let scanned = 0;
    do {
      if (o?.signal?.aborted) return;
      const page = await this.page(client, limiter, region, q, token, o?.signal);
      pages += 1;
      for (const e of page.Events ?? []) {
        if (!e.CloudTrailEvent) continue;
        let r: unknown;
        try {
          r = JSON.parse(e.CloudTrailEvent);
        } catch {
          continue;
        }
        if (isRecord(r)) {
          scanned += 1;
          yield r;
        }
      }
      o?.onPage?.({ region, scanned, pages });
      token = page.NextToken;
    } while (token);
  }

  private async page(
    client: CloudTrailClient,
    limiter: ReturnType<typeof limiterFor>,
    region: string,
    q: TrailQuery,
    token: string | undefined,
    signal?: AbortSignal,
  ): Promise<LookupEventsCommandOutput> {
    const max = this.opts.maxThrottleRetries ?? 8;
    for (let attempt = 0; ; attempt++) {
      await limiter.take();
      try {
        return await client.send(
          new LookupEventsCommand({
            StartTime: q.start,
            EndTime: q.end,
            MaxResults: 50,
            NextToken: token,
            LookupAttributes: q.lookup ? [{ AttributeKey: q.lookup.key, AttributeValue: q.lookup.value }] : undefined,
          }),
          { abortSignal: signal },
        );
      } catch (err) {
        if (isThrottle(err) && attempt < max) {
          this.throttles += 1;
          this.opts.onThrottle?.();
          const backoff = Math.min(8000, 250 * 2 ** attempt) * (0.5 + Math.random() / 2);
          limiter.penalise(backoff);
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
