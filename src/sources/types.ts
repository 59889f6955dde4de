/**
 * What analysis reads, independent of where it comes from: live AWS, or an evidence folder on disk.
 */
import type { AwsAccount } from '../aws/accounts';
import type { CloudTrailRecord } from '../cloudtrail/record';

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

/** Note of what was read, for the tool result's `sources`. */
export interface SourceNote {
  account: string;
  region?: string;
  api: string;
  calls?: number;
  detail?: string;
}
