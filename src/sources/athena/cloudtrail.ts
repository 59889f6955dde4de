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
import type { ScanProgress, TrailQuery, TrailSource, TrailSourceReport } from '../../cloudtrail/source';
import { type AthenaRun, type AthenaSettings, runAthenaQuery } from './query';
import { chooseEngine } from '../../cloudtrail/engine-choice';
import { rowToRecord } from './rows';
import type { TrailFilters } from '../../cloudtrail/filters';
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

/** What a SQL engine needs to answer one account's search: the statement and how to run it. */
export interface SqlRun {
  queryId: string;
  rows: Record<string, string | null>[];
  bytesScanned: number;
}

export interface SqlSearch {
  accountIds: string[];
  regions: string[];
  start: Date;
  end: Date;
  filter: TrailFilters;
  limit: number;
}

/**
 * A CloudTrail source answered by one SQL query per account (every region, every filter): runs
 * it, rebuilds records from the rows, reports query ids and bytes scanned, says when the row cap
 * was reached and when a query failed (never "no events").
 */
export abstract class SqlQueryTrailSource implements TrailSource {
  readonly kind = 'live' as const;
  abstract readonly engine: string;
  readonly lookupEvents = false;
  readonly queries: { queryId: string; bytesScanned: number; region: string; rows: number }[] = [];
  protected readonly warnings: string[] = [];
  why?: string;
  constructor(
    readonly account: AwsAccount,
    protected readonly rowCap: number,
    why?: string,
  ) {
    this.why = why;
  }

  /** "Athena (db.table)", "CloudTrail Lake (event data store …)". */
  protected abstract where(): string;
  /** How the engine bills, said beside the bytes. */
  protected abstract billing(): string;
  protected abstract sql(s: SqlSearch): string;
  protected abstract run(sql: string, signal?: AbortSignal): Promise<SqlRun>;

  report(): TrailSourceReport {
    const bytes = this.queries.reduce((n, q) => n + q.bytesScanned, 0);
    const used = this.queries.length
      ? [
          `Searched on ${this.where()}${this.why ? ` because ${this.why}` : ''}: ${this.queries.length} quer${this.queries.length === 1 ? 'y' : 'ies'} (${this.queries.map((q) => q.queryId).join(', ')}), ${formatBytes(bytes)} scanned (${this.billing()}).`,
        ]
      : [];
    return {
      warnings: [...used, ...this.warnings],
      ...(this.queries.length ? { engines: [this.engine] } : {}),
    };
  }

  /** Every filter goes into the SQL: one query per account, every region in it. */
  pushesAllFilters(): boolean {
    return true;
  }

  async *events(
    region: string,
    q: TrailQuery,
    opts?: { signal?: AbortSignal; onPage?: (p: ScanProgress) => void },
  ): AsyncIterable<CloudTrailRecord> {
    const regions = region === '*' ? [...(q.regions ?? this.account.regions)] : [region];
    const cap = this.rowCap;
    let run: SqlRun;
    try {
      const sql = this.sql({
        accountIds: [this.account.accountId],
        regions,
        start: q.start,
        end: q.end,
        filter: q.filters ?? filterOf(q),
        limit: cap,
      });
      run = await this.run(sql, opts?.signal);
    } catch (err) {
      this.warnings.push(`${this.account.name} ${regions.join(',')}: ${(err as Error).message}`);
      throw err;
    }
    this.queries.push({ queryId: run.queryId, bytesScanned: run.bytesScanned, region, rows: run.rows.length });
    if (run.rows.length >= cap)
      this.warnings.push(
        `${this.account.name} ${regions.join(',')}: ${this.engine} query ${run.queryId} returned the cap of ${cap} rows (newest first); older matching events were not read — narrow the window or add a filter.`,
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
        `${unreadable} ${this.engine} row(s) lacked eventtime/eventname/eventsource/eventid and were left out.`,
      );
  }
}

export class AthenaTrailSource extends SqlQueryTrailSource {
  readonly engine = 'Athena';
  constructor(
    account: AwsAccount,
    private readonly o: AthenaTrailOptions,
  ) {
    super(account, o.rowCap ?? ATHENA_ROW_CAP, o.why);
  }
  protected where(): string {
    return `Athena (${this.o.settings.database}.${this.o.settings.table})`;
  }
  protected billing(): string {
    return 'Athena bills per byte scanned';
  }
  protected sql(s: SqlSearch): string {
    return buildSearchSql({ database: this.o.settings.database, table: this.o.settings.table, ...s });
  }
  protected run(sql: string, signal?: AbortSignal): Promise<AthenaRun> {
    return (this.o.run ?? runAthenaQuery)(sql, this.o.settings, {
      externalId: this.o.externalId,
      signal,
      pollMs: this.o.pollMs,
    });
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

/** The SQL engines a per-question choice can pick (Athena, CloudTrail Lake). */
export type SqlTrailSource = SqlQueryTrailSource;

/**
 * LookupEvents or a SQL engine (Athena or CloudTrail Lake), chosen per question by
 * `chooseEngine` (window beyond 90 days, data events, many accounts, filters LookupEvents cannot
 * index → SQL; the last hours of one account → LookupEvents), and said in the answer.
 */
export class AutoTrailSource implements TrailSource {
  readonly kind = 'live' as const;
  private choices: string[] = [];
  constructor(
    readonly account: AwsAccount,
    private readonly lookup: TrailSource,
    private readonly sql: SqlTrailSource,
    private readonly now: () => Date = () => new Date(),
  ) {}

  report(): TrailSourceReport {
    const a = this.sql.report();
    const l = this.lookup.report?.() ?? { warnings: [] };
    const usedLookup = this.choices.length > 0;
    return {
      ...l,
      warnings: [...new Set(this.choices), ...l.warnings, ...a.warnings],
      engines: [...(usedLookup ? ['LookupEvents'] : []), ...(a.engines ?? [])],
    };
  }

  pushesAllFilters(q: TrailQuery): boolean {
    return chooseEngine(q, this.now()).engine === 'sql';
  }

  events(region: string, q: TrailQuery, opts?: { signal?: AbortSignal; onPage?: (p: ScanProgress) => void }) {
    const choice = chooseEngine(q, this.now());
    if (choice.engine === 'sql') {
      this.sql.why ??= choice.why;
      return this.sql.events(region, q, opts);
    }
    this.choices.push(
      `Searched with LookupEvents: ${choice.why} (${this.sql.engine} is used for older windows, data events, many accounts or filters LookupEvents cannot index).`,
    );
    return this.lookup.events(region, q, opts);
  }
}
