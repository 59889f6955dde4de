/**
 * CloudTrail on Athena: the organization trail's table (see ddl.ts) searched with one SQL query per
 * account and region, every filter the port carries pushed into SQL (sql.ts), partitions pruned by
 * account, region and day. Reports the query ids and bytes scanned (Athena bills per byte), and a
 * failed or capped query as a warning, never as "no events".
 *
 * `AutoTrailSource` picks per query: Athena when the window starts more than 90 days ago (beyond
 * LookupEvents), LookupEvents otherwise; and says which it used and why.
 */
import type { AwsAccount } from '../../aws/accounts';
import type { CloudTrailRecord } from '../../cloudtrail/record';
import {
  LOOKUP_RETENTION_DAYS,
  type ScanProgress,
  type TrailQuery,
  type TrailSource,
  type TrailSourceReport,
} from '../../cloudtrail/source';
import { type AthenaRun, type AthenaSettings, runAthenaQuery } from './query';
import { rowToRecord } from './rows';
import { type AthenaFilter, buildSearchSql } from './sql';

export const ATHENA_ROW_CAP = 10_000;

export interface AthenaTrailOptions {
  settings: AthenaSettings;
  externalId: string;
  /** Why Athena was chosen, said in the answer. */
  why?: string;
  run?: typeof runAthenaQuery;
  rowCap?: number;
  pollMs?: number;
}

function filterOf(q: TrailQuery): AthenaFilter {
  const l = q.lookup;
  if (!l) return {};
  switch (l.key) {
    case 'AccessKeyId':
      return { accessKeyId: l.value };
    case 'Username':
      return { userName: l.value };
    case 'EventName':
      return { eventNames: [l.value] };
    case 'EventSource':
      return { eventSource: l.value };
    case 'ReadOnly':
      return { readOnly: l.value === 'true' };
    case 'EventId':
      return { eventId: l.value };
    case 'ResourceName':
      return { resourceName: l.value };
    default:
      // ResourceType has no column of its own: the search's own filters apply it to the records read.
      return {};
  }
}

export class AthenaTrailSource implements TrailSource {
  readonly kind = 'live' as const;
  readonly lookupEvents = false;
  readonly queries: { queryId: string; bytesScanned: number; region: string; rows: number }[] = [];
  private readonly warnings: string[] = [];
  why?: string;
  constructor(
    readonly account: AwsAccount,
    private readonly o: AthenaTrailOptions,
  ) {
    this.why = o.why;
  }

  report(): TrailSourceReport {
    const bytes = this.queries.reduce((n, q) => n + q.bytesScanned, 0);
    const used = this.queries.length
      ? [
          `Searched on Athena (${this.o.settings.database}.${this.o.settings.table})${this.why ? ` because ${this.why}` : ''}: ${this.queries.length} quer${this.queries.length === 1 ? 'y' : 'ies'} (${this.queries.map((q) => q.queryId).join(', ')}), ${formatBytes(bytes)} scanned (Athena bills per byte scanned).`,
        ]
      : [];
    return { warnings: [...used, ...this.warnings] };
  }

  async *events(
    region: string,
    q: TrailQuery,
    opts?: { signal?: AbortSignal; onPage?: (p: ScanProgress) => void },
  ): AsyncIterable<CloudTrailRecord> {
    const regions = region === '*' ? [...(q.regions ?? this.account.regions)] : [region];
    const cap = this.o.rowCap ?? ATHENA_ROW_CAP;
    const sql = buildSearchSql({
      database: this.o.settings.database,
      table: this.o.settings.table,
      accountIds: [this.account.accountId],
      regions,
      start: q.start,
      end: q.end,
      filter: filterOf(q),
      limit: cap,
    });
    let run: AthenaRun;
    try {
      run = await (this.o.run ?? runAthenaQuery)(sql, this.o.settings, {
        externalId: this.o.externalId,
        signal: opts?.signal,
        pollMs: this.o.pollMs,
      });
    } catch (err) {
      this.warnings.push(`${this.account.name} ${regions.join(',')}: ${(err as Error).message}`);
      throw err;
    }
    this.queries.push({ queryId: run.queryId, bytesScanned: run.bytesScanned, region, rows: run.rows.length });
    if (run.rows.length >= cap)
      this.warnings.push(
        `${this.account.name} ${regions.join(',')}: Athena query ${run.queryId} returned the cap of ${cap} rows (newest first); older matching events were not read — narrow the window or add a filter.`,
      );
    let unreadable = 0;
    let scanned = 0;
    for (const row of run.rows) {
      const rec = rowToRecord(row);
      if (!rec) {
        unreadable++;
        continue;
      }
      scanned++;
      yield rec;
    }
    opts?.onPage?.({ region, scanned, pages: 1 });
    if (unreadable)
      this.warnings.push(
        `${unreadable} Athena row(s) lacked eventtime/eventname/eventsource/eventid and were left out.`,
      );
  }
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}

/** LookupEvents for the last 90 days, Athena beyond: chosen per query, and said. */
export class AutoTrailSource implements TrailSource {
  readonly kind = 'live' as const;
  private choices: string[] = [];
  constructor(
    readonly account: AwsAccount,
    private readonly lookup: TrailSource,
    private readonly athena: AthenaTrailSource,
    private readonly now: () => Date = () => new Date(),
  ) {}

  report(): TrailSourceReport {
    const a = this.athena.report();
    const l = this.lookup.report?.() ?? { warnings: [] };
    return { ...l, warnings: [...new Set(this.choices), ...l.warnings, ...a.warnings] };
  }

  events(region: string, q: TrailQuery, opts?: { signal?: AbortSignal; onPage?: (p: ScanProgress) => void }) {
    const ageDays = (this.now().getTime() - q.start.getTime()) / 86_400_000;
    if (ageDays > LOOKUP_RETENTION_DAYS) {
      this.athena.why ??= `the window starts ${Math.floor(ageDays)} days ago, beyond LookupEvents' ${LOOKUP_RETENTION_DAYS}`;
      return this.athena.events(region, q, opts);
    }
    this.choices.push(
      `Searched with LookupEvents: the window starts within its ${LOOKUP_RETENTION_DAYS} days (Athena is used for older windows).`,
    );
    return this.lookup.events(region, q, opts);
  }
}
