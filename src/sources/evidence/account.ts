import { join } from 'node:path';
import type { AwsAccount } from '../../aws/accounts';
import { readJsonIfExists } from './files';

interface AccountJson {
  accountId?: string;
  name?: string;
  regions?: string[];
  collectedAt?: string;
  notCollected?: unknown;
}

function accountJson(dir: string): AccountJson {
  const a = readJsonIfExists(join(dir, 'account.json'));
  return a && typeof a === 'object' && !Array.isArray(a) ? (a as AccountJson) : {};
}

/** The account an evidence folder describes (account.json), with defaults when absent. */
export function evidenceAccount(dir: string): AwsAccount {
  const a = accountJson(dir);
  return {
    name: typeof a.name === 'string' ? a.name : 'evidence',
    accountId: typeof a.accountId === 'string' ? a.accountId : '000000000000',
    roleArn: null,
    regions: Array.isArray(a.regions) ? a.regions.filter((r): r is string => typeof r === 'string') : [],
    remediationRoleArn: null,
  };
}

/** The folder's collection time (account.json collectedAt), so "this week" means the week it covers. */
export function evidenceClock(dir: string): (() => Date) | undefined {
  const a = accountJson(dir);
  const d = typeof a.collectedAt === 'string' ? new Date(a.collectedAt) : undefined;
  return d && !Number.isNaN(d.getTime()) ? () => d : undefined;
}

/** What `trailhound collect` recorded it could not collect (account.json notCollected). */
export function evidenceNotCollected(dir: string): string[] {
  const n = accountJson(dir).notCollected;
  return Array.isArray(n) ? n.filter((x): x is string => typeof x === 'string') : [];
}
