/**
 * What the two SQL engines for CloudTrail (Athena, CloudTrail Lake) share around running a query:
 * the shape of a finished run, the error of a query that did not succeed, the installation's own
 * account (its credentials, not an investigated account's) and an abortable wait between polls.
 */
import type { AwsAccount } from '../aws/accounts';

export interface SqlRun {
  queryId: string;
  rows: Record<string, string | null>[];
  bytesScanned: number;
  state: string;
}

/** A query that ended FAILED, CANCELLED or TIMED_OUT: its id and state are kept for the answer. */
export class SqlQueryFailedError extends Error {
  constructor(
    message: string,
    readonly queryId: string,
    readonly state: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The installation's own credentials (the account holding the table or event data store). */
export function installationAccount(name: string): AwsAccount {
  return { name, accountId: '000000000000', roleArn: null, regions: [], remediationRoleArn: null };
}

/** Waits `ms`, or rejects as soon as `signal` aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        reject(new Error('aborted'));
      },
      { once: true },
    );
  });
}
