/**
 * Runs one CloudTrail Lake query to the end: StartQuery (the event data store is named in the
 * statement's FROM), DescribeQuery polled with growing pauses through QUEUED/RUNNING until
 * FINISHED, FAILED, CANCELLED or TIMED_OUT (a failure carries Lake's ErrorMessage), then every
 * GetQueryResults page. Past our own time limit the query is cancelled (CancelQuery on the query we
 * started, so it stops billing) and reported as not searched. Returns the rows as objects keyed by
 * column, the query id and the bytes scanned (what Lake bills).
 */
import {
  CancelQueryCommand,
  CloudTrailClient,
  DescribeQueryCommand,
  GetQueryResultsCommand,
  StartQueryCommand,
} from '@aws-sdk/client-cloudtrail';
import { awsClient } from '../../aws/clients';
import { AwsReadError, explainAwsError } from '../../aws/errors';
import { abortableSleep, installationAccount, SqlQueryFailedError, type SqlRun } from '../sql-query';

export interface LakeSettings {
  /** The event data store id (the last part of its ARN). */
  eventDataStore: string;
  region: string;
}

export type LakeRun = SqlRun;

export class LakeFailedError extends SqlQueryFailedError {}

const SELF = installationAccount('cloudtrail-lake');
const sleep = abortableSleep;

/** One result row (a list of single-column maps) as one object. */
export function lakeRow(cells: Record<string, string>[]): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const c of cells) for (const [k, v] of Object.entries(c)) out[k] = v ?? null;
  return out;
}

export async function runLakeQuery(
  sql: string,
  s: LakeSettings,
  opts: { externalId: string; signal?: AbortSignal; pollMs?: number; maxPollMs?: number; timeoutMs?: number } = {
    externalId: '',
  },
): Promise<LakeRun> {
  const client = awsClient(CloudTrailClient, SELF, s.region, { externalId: opts.externalId });
  const wrap = (api: string) => (err: unknown) => {
    if (err instanceof LakeFailedError) throw err;
    const e = explainAwsError(err, { api, region: s.region });
    throw new AwsReadError(e.message, e.kind);
  };
  // MaxConcurrentQueriesException (too many queries running on the account) is not one of the SDK's
  // throttling codes: retried here with growing pauses, then reported.
  let wait = opts.pollMs ?? 500;
  let started: { QueryId?: string } | undefined;
  for (let attempt = 1; !started; attempt++) {
    try {
      started = await client.send(new StartQueryCommand({ QueryStatement: sql }));
    } catch (err) {
      if ((err as { name?: string }).name === 'MaxConcurrentQueriesException' && attempt < 5) {
        await sleep(wait, opts.signal);
        wait *= 2;
        continue;
      }
      wrap('cloudtrail:StartQuery')(err);
    }
  }
  const queryId = started.QueryId!;
  let pause = opts.pollMs ?? 500;
  const deadline = Date.now() + (opts.timeoutMs ?? 5 * 60_000);
  let state = 'QUEUED';
  let bytesScanned = 0;
  for (;;) {
    const q = await client.send(new DescribeQueryCommand({ QueryId: queryId })).catch(wrap('cloudtrail:DescribeQuery'));
    state = String(q.QueryStatus ?? 'UNKNOWN');
    bytesScanned = q.QueryStatistics?.BytesScanned ?? bytesScanned;
    if (state === 'FINISHED') break;
    if (state === 'FAILED' || state === 'CANCELLED' || state === 'TIMED_OUT')
      throw new LakeFailedError(
        `CloudTrail Lake query ${queryId} ${state}${q.ErrorMessage ? `: ${q.ErrorMessage}` : ''}. Nothing was searched there.`,
        queryId,
        state,
      );
    if (Date.now() > deadline) {
      await client.send(new CancelQueryCommand({ QueryId: queryId })).catch(() => undefined);
      throw new LakeFailedError(
        `CloudTrail Lake query ${queryId} still ${state} after the time limit: cancelled, not searched.`,
        queryId,
        state,
      );
    }
    await sleep(pause, opts.signal);
    pause = Math.min(pause * 2, opts.maxPollMs ?? 5_000);
  }
  const rows: Record<string, string | null>[] = [];
  let token: string | undefined;
  do {
    const page = await client
      .send(new GetQueryResultsCommand({ QueryId: queryId, NextToken: token, MaxQueryResults: 1000 }))
      .catch(wrap('cloudtrail:GetQueryResults'));
    bytesScanned = Math.max(bytesScanned, page.QueryStatistics?.BytesScanned ?? 0);
    for (const r of page.QueryResultRows ?? []) rows.push(lakeRow(r as Record<string, string>[]));
    token = page.NextToken || undefined;
  } while (token);
  return { queryId, rows, bytesScanned, state };
}
