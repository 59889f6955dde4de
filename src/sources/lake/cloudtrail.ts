/**
 * CloudTrail on CloudTrail Lake: the organization's event data store searched with one SQL query
 * per account (every region and filter in it, sql.ts), through StartQuery / DescribeQuery /
 * GetQueryResults (query.ts). Same records, summariser, tagger and bounds as the other sources;
 * reports query ids and bytes scanned (Lake bills per GB scanned).
 */
import type { AwsAccount } from '../../aws/accounts';
import { type SqlRun, type SqlSearch, SqlQueryTrailSource } from '../athena/cloudtrail';
import { type LakeSettings, runLakeQuery } from './query';
import { buildLakeSql, eventDataStoreId } from './sql';

export const LAKE_ROW_CAP = 10_000;

export interface LakeTrailOptions {
  settings: LakeSettings;
  externalId: string;
  why?: string;
  run?: typeof runLakeQuery;
  rowCap?: number;
  pollMs?: number;
  timeoutMs?: number;
}

export class LakeTrailSource extends SqlQueryTrailSource {
  readonly engine = 'CloudTrail Lake';
  constructor(
    account: AwsAccount,
    private readonly o: LakeTrailOptions,
  ) {
    super(account, o.rowCap ?? LAKE_ROW_CAP, o.why);
  }
  protected where(): string {
    return `CloudTrail Lake (event data store ${eventDataStoreId(this.o.settings.eventDataStore)})`;
  }
  protected billing(): string {
    return 'Lake bills per GB scanned';
  }
  protected sql(s: SqlSearch): string {
    return buildLakeSql({ eventDataStore: this.o.settings.eventDataStore, ...s });
  }
  protected run(sql: string, signal?: AbortSignal): Promise<SqlRun> {
    return (this.o.run ?? runLakeQuery)(sql, this.o.settings, {
      externalId: this.o.externalId,
      signal,
      pollMs: this.o.pollMs,
      timeoutMs: this.o.timeoutMs,
    });
  }
}
