/**
 * CloudTrail from an evidence folder: the same TrailSource interface as live LookupEvents, with the
 * pushed-down attribute applied here so results match a live query.
 */
import { join } from 'node:path';
import type { AwsAccount } from '../../aws/accounts';
import type { CloudTrailRecord } from '../../cloudtrail/record';
import type { TrailQuery, TrailSource } from '../types';
import { type FileStats, trailRecords } from './files';

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

export class EvidenceTrailSource implements TrailSource {
  readonly kind = 'evidence' as const;
  readonly stats: FileStats = { files: 0, records: 0, unreadable: [] };
  constructor(
    readonly account: AwsAccount,
    private readonly dir: string,
  ) {}

  async *events(region: string, q: TrailQuery, opts?: { signal?: AbortSignal; onPage?: (p: { region: string; scanned: number; pages: number }) => void }) {
    const start = q.start.getTime();
    const end = q.end.getTime();
    let scanned = 0;
    for await (const r of trailRecords(join(this.dir, 'cloudtrail'), this.stats)) {
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

  /** Regions present in the evidence (used when account.json does not list them). */
  async regions(): Promise<string[]> {
    const set = new Set<string>();
    for await (const r of trailRecords(join(this.dir, 'cloudtrail'))) set.add(r.awsRegion);
    return [...set].sort();
  }
}
