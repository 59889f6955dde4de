/**
 * Runs one Athena query to the end: StartQueryExecution (workgroup, output location, database),
 * GetQueryExecution polled with growing pauses through QUEUED/RUNNING until SUCCEEDED, FAILED or
 * CANCELLED (a failure carries Athena's StateChangeReason), then every GetQueryResults page. Returns
 * the rows as objects keyed by column label, the query id and the bytes scanned (what Athena bills).
 */
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { awsClient } from '../../aws/clients';
import { AwsReadError, explainAwsError } from '../../aws/errors';
import { abortableSleep, installationAccount, SqlQueryFailedError, type SqlRun } from '../sql-query';

export interface AthenaSettings {
  workgroup: string;
  outputLocation?: string;
  database: string;
  table: string;
  region: string;
}

export type AthenaRun = SqlRun;

export class AthenaFailedError extends SqlQueryFailedError {}

const SELF = installationAccount('athena');
const sleep = abortableSleep;

export async function runAthenaQuery(
  sql: string,
  s: AthenaSettings,
  opts: { externalId: string; signal?: AbortSignal; pollMs?: number; maxPollMs?: number; timeoutMs?: number } = {
    externalId: '',
  },
): Promise<AthenaRun> {
  const client = awsClient(AthenaClient, SELF, s.region, { externalId: opts.externalId });
  const wrap = (api: string) => (err: unknown) => {
    if (err instanceof AthenaFailedError) throw err;
    const e = explainAwsError(err, { api, region: s.region });
    throw new AwsReadError(e.message, e.kind);
  };
  const started = await client
    .send(
      new StartQueryExecutionCommand({
        QueryString: sql,
        WorkGroup: s.workgroup,
        QueryExecutionContext: { Database: s.database },
        ...(s.outputLocation ? { ResultConfiguration: { OutputLocation: s.outputLocation } } : {}),
      }),
    )
    .catch(wrap('athena:StartQueryExecution'));
  const queryId = started.QueryExecutionId!;
  let pause = opts.pollMs ?? 500;
  const deadline = Date.now() + (opts.timeoutMs ?? 5 * 60_000);
  let state = 'QUEUED';
  let bytesScanned = 0;
  for (;;) {
    const q = await client
      .send(new GetQueryExecutionCommand({ QueryExecutionId: queryId }))
      .catch(wrap('athena:GetQueryExecution'));
    state = String(q.QueryExecution?.Status?.State ?? 'UNKNOWN');
    bytesScanned = q.QueryExecution?.Statistics?.DataScannedInBytes ?? bytesScanned;
    if (state === 'SUCCEEDED') break;
    if (state === 'FAILED' || state === 'CANCELLED') {
      const why = q.QueryExecution?.Status?.StateChangeReason ?? q.QueryExecution?.Status?.AthenaError?.ErrorMessage;
      throw new AthenaFailedError(
        `Athena query ${queryId} ${state}${why ? `: ${why}` : ''}. Nothing was searched there.`,
        queryId,
        state,
      );
    }
    if (Date.now() > deadline)
      throw new AthenaFailedError(
        `Athena query ${queryId} still ${state} after the time limit: not searched.`,
        queryId,
        state,
      );
    await sleep(pause, opts.signal);
    pause = Math.min(pause * 2, opts.maxPollMs ?? 5_000);
  }
  const rows: Record<string, string | null>[] = [];
  let token: string | undefined;
  let header: string[] | undefined;
  do {
    const page = await client
      .send(new GetQueryResultsCommand({ QueryExecutionId: queryId, NextToken: token, MaxResults: 1000 }))
      .catch(wrap('athena:GetQueryResults'));
    const labels = page.ResultSet?.ResultSetMetadata?.ColumnInfo?.map((c) => c.Label ?? c.Name ?? '') ?? [];
    for (const r of page.ResultSet?.Rows ?? []) {
      const cells = (r.Data ?? []).map((d) => d.VarCharValue ?? null);
      // A SELECT's first row (first page only) repeats the column labels.
      if (!header) {
        header = labels.length ? labels : cells.map(String);
        if (cells.every((c, i) => c === header![i])) continue;
      }
      rows.push(Object.fromEntries(header.map((h, i) => [h, cells[i] ?? null])));
    }
    token = page.NextToken || undefined;
  } while (token);
  return { queryId, rows, bytesScanned, state };
}
