/**
 * Reading one part of a live snapshot: run it, and on failure turn the AWS error into a snapshot
 * warning (the API, the permission to add, the actionable message) instead of failing the scan.
 * Throttling is retried by the SDK (adaptive mode) first; what still fails is reported.
 */
import type { AwsAccount } from '../../aws/accounts';
import { explainAwsError, type AwsErrorKind } from '../../aws/errors';
import type { SnapshotWarning } from '../../posture/regional';

/** Errors after which the other calls to the same region would fail the same way. */
export const REGION_FATAL: AwsErrorKind[] = [
  'region-disabled',
  'no-credentials',
  'invalid-credentials',
  'expired-credentials',
  'assume-role-denied',
  'network',
];

export interface PartFailure {
  warning: SnapshotWarning;
  kind: AwsErrorKind;
}

export async function readPart<T>(
  account: AwsAccount,
  region: string | undefined,
  api: string,
  parts: string[],
  fn: () => Promise<T>,
): Promise<{ value: T } | PartFailure> {
  try {
    return { value: await fn() };
  } catch (err) {
    const e = explainAwsError(err, {
      api,
      account: account.name,
      accountId: account.accountId,
      region,
      roleArn: account.roleArn,
    });
    return {
      kind: e.kind,
      warning: {
        api,
        permission: e.kind === 'access-denied' ? api : permissionHint(e.kind, api),
        message: e.message,
        region,
        parts,
      },
    };
  }
}

function permissionHint(kind: AwsErrorKind, api: string): string {
  switch (kind) {
    case 'region-disabled':
      return 'enable the opt-in region, or remove it from the account';
    case 'throttled':
      return `${api} (throttled: retry the scan later)`;
    default:
      return api;
  }
}

/** Converts SDK output (Dates, class instances) to plain JSON data (dates as ISO strings). */
export function plain<T>(v: unknown): T {
  return JSON.parse(JSON.stringify(v ?? null)) as T;
}
