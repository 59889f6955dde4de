/**
 * The CloudTrail reader port: what the CloudTrail analysis reads, independent of where it comes from.
 * src/sources implements it (live LookupEvents, or an evidence folder on disk).
 */
import type { AwsAccount } from '../aws/accounts';
import type { CloudTrailRecord } from './record';

/** How far back LookupEvents goes (management events); live windows are clipped to it. */
export const LOOKUP_RETENTION_DAYS = 90;

/** LookupEvents' attribute keys: it accepts exactly one per request. */
export type LookupKey =
  | 'AccessKeyId'
  | 'Username'
  | 'EventName'
  | 'EventSource'
  | 'ResourceName'
  | 'ResourceType'
  | 'ReadOnly'
  | 'EventId';

export interface TrailQuery {
  start: Date;
  end: Date;
  /** The one attribute pushed down to LookupEvents (applied client-side on evidence too). */
  lookup?: { key: LookupKey; value: string };
}

export interface ScanProgress {
  region: string;
  /** Events read so far in this region. */
  scanned: number;
  pages: number;
}

export interface TrailSource {
  kind: 'live' | 'evidence';
  account: AwsAccount;
  /** Raw records for one region, oldest or newest first (no order promised), within the window. */
  events(
    region: string,
    q: TrailQuery,
    opts?: { signal?: AbortSignal; onPage?: (p: ScanProgress) => void },
  ): AsyncIterable<CloudTrailRecord>;
}
