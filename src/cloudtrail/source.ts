/**
 * The CloudTrail reader port: what the CloudTrail analysis reads, independent of where it comes from.
 * src/sources implements it (live LookupEvents, or an evidence folder on disk).
 */
import type { AwsAccount } from '../aws/accounts';
import type { TrailFilters } from './filters';
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
  /**
   * With region "*" (evidence sources: every region in one pass), only these regions; records of
   * other regions are counted as left out, never dropped silently. Absent: every region.
   */
  regions?: readonly string[];
  /**
   * Every filter of the search. A source that pushes them all down (SQL: Athena, CloudTrail Lake)
   * reads this and ignores `lookup`; the search still re-applies them to what comes back.
   */
  filters?: TrailFilters;
  /** How many accounts the search covers (the source choice weighs it). */
  accounts?: number;
  /**
   * The source-IP filter (address or CIDR) the caller applies to every record: a source reading raw
   * record text may skip, unparsed, records whose text cannot match it. A hint, never the filter.
   */
  sourceIp?: string;
}

export interface ScanProgress {
  region: string;
  /** Events read so far in this region. */
  scanned: number;
  pages: number;
  /** Throttles absorbed (retried after a wait) in this region so far (live sources). */
  throttles?: number;
}

/** What a source could not read or left out during a search, for the answer (never silent). */
export interface TrailSourceReport {
  /** Evidence: files opened, files skipped from their path, entries read. */
  files?: { read: number; skipped: number; entries: number };
  /** Entries that were not usable records, by reason (evidence). */
  skippedEntries?: Record<string, number>;
  /** Throttles absorbed (retried) by a live source. */
  throttles?: number;
  /** Sentences naming what was not searched and why (skipped records, regions left out…). */
  warnings: string[];
  /**
   * Set when the source could not see what it should have (no CloudTrail files, CloudTrail not
   * collected): an empty answer is then NOT evidence of no activity. Says why.
   */
  blind?: string;
  /** The engines that answered (LookupEvents, Athena, CloudTrail Lake), for the answer's sources. */
  engines?: string[];
}

export interface TrailSource {
  kind: 'live' | 'evidence';
  /**
   * False when this reader never calls LookupEvents (evidence folders, Athena): the answer then
   * carries none of LookupEvents' notes (one attribute per request, pacing, Username semantics).
   * Absent on a live source: it may call LookupEvents.
   */
  lookupEvents?: boolean;
  account: AwsAccount;
  /** What was left out or could not be read so far (called once the search is over). */
  report?(): TrailSourceReport;
  /**
   * True when this query would run as one SQL query with every filter pushed down: the search then
   * calls `events('*', { ...q, regions, filters })` once per account instead of once per region and
   * lookup. Absent or false: LookupEvents-style, one attribute per call.
   */
  pushesAllFilters?(q: TrailQuery): boolean;
  /** Raw records for one region, oldest or newest first (no order promised), within the window. */
  events(
    region: string,
    q: TrailQuery,
    opts?: { signal?: AbortSignal; onPage?: (p: ScanProgress) => void },
  ): AsyncIterable<CloudTrailRecord>;
}
