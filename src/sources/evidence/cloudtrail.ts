/**
 * CloudTrail from an evidence folder: the same TrailSource interface as live LookupEvents, with the
 * pushed-down attribute applied here (same semantics as LookupEvents) so results match a live query.
 * Files whose path shows another region, or an S3 delivery time before the window, are skipped
 * unread; with a literal attribute (access key id, event id/name/source) elements that do not
 * contain it are skipped unparsed.
 */
import { join } from 'node:path';
import type { AwsAccount } from '../../aws/accounts';
import type { CloudTrailRecord } from '../../cloudtrail/record';
import type { TrailQuery, TrailSource } from '../../cloudtrail/source';
import { type FileStats, fileHints, newFileStats, TRAIL_FILE, trailRecords, walk } from './files';

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

export class EvidenceTrailSource implements TrailSource {
  readonly kind = 'evidence' as const;
  readonly stats: FileStats = newFileStats();
  constructor(
    readonly account: AwsAccount,
    private readonly dir: string,
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
    let scanned = 0;
    const skipFile = (path: string) => {
      const h = fileHints(path, root);
      if (region !== '*' && h.region && h.region !== region) return true;
      return h.deliveredAt !== undefined && h.deliveredAt + DELIVERY_MARGIN_MS < start;
    };
    const mustContain = q.lookup && LITERAL_KEYS.has(q.lookup.key) ? q.lookup.value : undefined;
    for await (const r of trailRecords(root, this.stats, { skipFile, mustContain })) {
      if (opts?.signal?.aborted) return;
      if (region !== '*' && r.awsRegion !== region) continue;
      const recAccount = r.recipientAccountId ?? r.userIdentity?.accountId;
      if (recAccount && this.account.accountId !== '000000000000' && recAccount !== this.account.accountId) continue;
      scanned += 1;
      if (scanned % 5000 === 0) opts?.onPage?.({ region, scanned, pages: 0 });
      const t = Date.parse(r.eventTime);
      if (!(t >= start && t <= end)) continue;
      if (!matchesLookup(r, q.lookup)) continue;
      yield r;
    }
    opts?.onPage?.({ region, scanned, pages: 0 });
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
    if (unnamed)
      for await (const r of trailRecords(this.root)) if (typeof r.awsRegion === 'string') set.add(r.awsRegion);
    return [...set].sort();
  }
}
