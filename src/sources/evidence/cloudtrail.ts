/**
 * CloudTrail from an evidence folder: the same TrailSource interface as live LookupEvents, with the
 * pushed-down attribute applied here (same semantics as LookupEvents) so results match a live query.
 *
 * Region "*" reads every region in one pass (each file exactly once, whatever its path layout);
 * records are never discarded for their region or account without being counted: records of
 * regions left out by `q.regions` are counted in `leftOut`, records of other accounts are yielded
 * (the caller names them). Files whose path shows a region not asked for, or an S3 delivery time
 * before the window, are skipped unread and counted; with a literal attribute (access key id,
 * event id/name/source) elements that do not contain it are skipped unparsed, and with a source-IP
 * filter elements whose sourceIPAddress cannot match it.
 */
import { join } from 'node:path';
import type { AwsAccount } from '../../aws/accounts';
import { sourceIpTextFilter, sourceIpTextPositions } from '../../cloudtrail/ip-match';
import type { CloudTrailRecord } from '../../cloudtrail/record';
import type { TrailQuery, TrailSource, TrailSourceReport } from '../../cloudtrail/source';
import { fileHints, TRAIL_FILE, walk } from './files';
import {
  describeSkipped,
  newTrailReadStats,
  skippedTotal,
  type TrailReadStats,
  trailRecords,
  UNKNOWN_REGION,
} from './trail-records';

export function matchesLookup(r: CloudTrailRecord, lookup: TrailQuery['lookup']): boolean {
  if (!lookup) return true;
  const v = lookup.value;
  const id = r.userIdentity ?? {};
  switch (lookup.key) {
    case 'AccessKeyId':
      return id.accessKeyId === v;
    case 'Username': {
      // LookupEvents' Username is the IAM user name, or the role session name for assumed roles.
      const session = id.type === 'AssumedRole' ? id.arn?.split('/').slice(2).join('/') : undefined;
      return id.userName === v || session === v || (id.type === 'Root' && v === 'root');
    }
    case 'EventName':
      return r.eventName === v;
    case 'EventSource':
      return r.eventSource === v;
    case 'EventId':
      return r.eventID === v;
    case 'ReadOnly':
      return String(r.readOnly ?? false) === v;
    case 'ResourceName':
      return (r.resources ?? []).some((x) => x.ARN === v || x.ARN?.endsWith(`/${v}`) || x.ARN?.endsWith(`:${v}`));
    case 'ResourceType':
      return (r.resources ?? []).some((x) => x.type === v);
  }
}

/** Lookup keys whose value appears verbatim in the record's JSON text. */
const LITERAL_KEYS = new Set(['AccessKeyId', 'EventId', 'EventName', 'EventSource']);

/** Margin for the minute precision of S3 delivery file names. */
const DELIVERY_MARGIN_MS = 60_000;

/** What was left out of a search, and why (never silently). */
export interface LeftOut {
  /** Records in the window, matching the lookup, in regions not asked for: region → count. */
  recordsByRegion: Map<string, number>;
  /** Files not opened because their path names a region not asked for: region → files. */
  filesByRegion: Map<string, number>;
}

export class EvidenceTrailSource implements TrailSource {
  readonly kind = 'evidence' as const;
  readonly stats: TrailReadStats = newTrailReadStats();
  readonly leftOut: LeftOut = { recordsByRegion: new Map(), filesByRegion: new Map() };
  constructor(
    readonly account: AwsAccount,
    private readonly dir: string,
    /** What the folder says about itself (notCollected, no collectedAt…): every answer repeats it. */
    readonly folderNotes: readonly string[] = [],
  ) {}

  private get root(): string {
    return join(this.dir, 'cloudtrail');
  }

  async *events(
    region: string,
    q: TrailQuery,
    opts?: { signal?: AbortSignal; onPage?: (p: { region: string; scanned: number; pages: number }) => void },
  ) {
    const start = q.start.getTime();
    const end = q.end.getTime();
    const root = this.root;
    const only = region !== '*' ? new Set([region]) : q.regions?.length ? new Set(q.regions) : null;
    let scanned = 0;
    const skipFile = (path: string) => {
      const h = fileHints(path, root);
      if (only && h.region && !only.has(h.region)) {
        if (region === '*') add(this.leftOut.filesByRegion, h.region);
        return true;
      }
      return h.deliveredAt !== undefined && h.deliveredAt + DELIVERY_MARGIN_MS < start;
    };
    const mustContain = q.lookup && LITERAL_KEYS.has(q.lookup.key) ? q.lookup.value : undefined;
    const mayMatch = q.sourceIp ? sourceIpTextFilter(q.sourceIp) : undefined;
    const mayMatchAt = q.sourceIp ? sourceIpTextPositions(q.sourceIp) : undefined;
    for await (const r of trailRecords(root, this.stats, { skipFile, mustContain, mayMatch, mayMatchAt })) {
      if (opts?.signal?.aborted) return;
      scanned += 1;
      if (scanned % 5000 === 0) opts?.onPage?.({ region, scanned, pages: 0 });
      const t = Date.parse(r.eventTime);
      if (!(t >= start && t <= end)) continue;
      if (!matchesLookup(r, q.lookup)) continue;
      if (only && !only.has(r.awsRegion)) {
        if (region === '*') add(this.leftOut.recordsByRegion, r.awsRegion);
        continue;
      }
      yield r;
    }
    opts?.onPage?.({ region, scanned, pages: 0 });
  }

  /** What this source left out or could not read, in sentences for the answer. */
  report(): TrailSourceReport {
    const st = this.stats;
    const warnings = [...this.folderNotes];
    const skipped = skippedTotal(st);
    if (skipped)
      warnings.push(
        `${skipped.toLocaleString('en-US')} record entr${skipped === 1 ? 'y' : 'ies'} skipped (not searched): ${describeSkipped(st).join('; ')}.`,
      );
    if (st.noRegion)
      warnings.push(
        `${st.noRegion.toLocaleString('en-US')} record(s) have no awsRegion: searched them under the region their path names, else "${UNKNOWN_REGION}".`,
      );
    if (st.unreadable.length)
      warnings.push(
        `${st.unreadable.length} evidence file(s) could not be read: ${st.unreadable.slice(0, 3).join('; ')} (records after the fault were not searched).`,
      );
    const regions = [...this.leftOut.recordsByRegion].sort((a, b) => b[1] - a[1]);
    if (regions.length)
      warnings.push(
        `${regions.map(([r, n]) => `${n.toLocaleString('en-US')} record(s) in ${r}`).join(', ')} were not searched: outside the regions you asked for (omit \`regions\` to search every region in the folder).`,
      );
    const files = [...this.leftOut.filesByRegion].sort((a, b) => b[1] - a[1]);
    if (files.length)
      warnings.push(
        `${files.map(([r, n]) => `${n.toLocaleString('en-US')} file(s) under ${r}`).join(', ')} were not read: their path names a region you did not ask for.`,
      );
    const skippedEntries = Object.fromEntries(Object.entries(st.skipped).map(([k, v]) => [k, v?.count ?? 0]));
    const noFiles = st.files === 0 && st.skippedFiles === 0;
    const notCollected = this.folderNotes.find((n) => n.startsWith('account.json notCollected'));
    return {
      files: { read: st.files, skipped: st.skippedFiles, entries: st.records },
      ...(skipped ? { skippedEntries } : {}),
      warnings,
      ...(noFiles
        ? { blind: 'this evidence folder has no CloudTrail files (cloudtrail/ is missing or empty)' }
        : notCollected
          ? { blind: 'account.json records that CloudTrail was not (fully) collected' }
          : {}),
    };
  }

  /** Regions present in the evidence: from the paths when every file names one, else by reading. */
  async regions(): Promise<string[]> {
    const set = new Set<string>();
    let unnamed = false;
    for await (const path of walk(this.root)) {
      if (!TRAIL_FILE.test(path)) continue;
      const r = fileHints(path, this.root).region;
      if (r) set.add(r);
      else unnamed = true;
    }
    if (unnamed) for await (const r of trailRecords(this.root)) set.add(r.awsRegion);
    return [...set].sort();
  }

  /**
   * The regions present and the newest event time (null: no records). When every file is an S3
   * delivery file whose path names its region and delivery time, the paths answer without reading
   * a record (the newest delivery time bounds the newest record from above, by minutes); else one
   * pass over every record.
   */
  async overview(): Promise<{
    regions: string[];
    newest: Date | null;
    files: number;
    from: 'records' | 'delivery-file-names';
  }> {
    const fromPaths = new Set<string>();
    let newestDelivery = Number.NEGATIVE_INFINITY;
    let files = 0;
    let named = true;
    for await (const path of walk(this.root)) {
      if (!TRAIL_FILE.test(path)) continue;
      files += 1;
      const h = fileHints(path, this.root);
      if (!h.region || h.deliveredAt === undefined) {
        named = false;
        break;
      }
      fromPaths.add(h.region);
      if (h.deliveredAt > newestDelivery) newestDelivery = h.deliveredAt;
    }
    if (named && files > 0)
      return { regions: [...fromPaths].sort(), newest: new Date(newestDelivery), files, from: 'delivery-file-names' };
    const set = new Set<string>();
    let newest = Number.NEGATIVE_INFINITY;
    const stats = newTrailReadStats();
    for await (const r of trailRecords(this.root, stats)) {
      set.add(r.awsRegion);
      const t = Date.parse(r.eventTime);
      if (t > newest) newest = t;
    }
    return {
      regions: [...set].sort(),
      newest: Number.isFinite(newest) ? new Date(newest) : null,
      files: stats.files,
      from: 'records',
    };
  }
}

function add(m: Map<string, number>, k: string): void {
  m.set(k, (m.get(k) ?? 0) + 1);
}
