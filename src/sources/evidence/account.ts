import { join } from 'node:path';
import type { AwsAccount } from '../../aws/accounts';
import { readJsonIfExists } from './files';

/** The account an evidence folder describes (account.json), with defaults when absent. */
export function evidenceAccount(dir: string): AwsAccount {
  const a = (readJsonIfExists(join(dir, 'account.json')) ?? {}) as {
    accountId?: string;
    name?: string;
    regions?: string[];
  };
  return {
    name: a.name ?? 'evidence',
    accountId: a.accountId ?? '000000000000',
    roleArn: null,
    regions: a.regions?.length ? a.regions : [],
    remediationRoleArn: null,
  };
}

/** The folder's collection time (account.json collectedAt), so "this week" means the week it covers. */
export function evidenceClock(dir: string): (() => Date) | undefined {
  const a = readJsonIfExists(join(dir, 'account.json')) as { collectedAt?: string } | undefined;
  const d = a?.collectedAt ? new Date(a.collectedAt) : undefined;
  return d && !Number.isNaN(d.getTime()) ? () => d : undefined;
}
