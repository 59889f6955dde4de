/**
 * `accounts test --all`: tests every account with a bounded number in flight (each test already
 * runs its regions in parallel), then groups the failures by cause — the first failing step and the
 * kind of error — so 40 accounts missing the StackSet role read as one line, not 40.
 */
import type { AwsAccount } from './accounts';
import { type AccountTestResult, testAccount } from './account-test';
import type { ActionPermissions } from './remediation-role-test';

export interface FailureCause {
  step: string;
  kind: string;
  accounts: string[];
  /** The diagnosis of the first account with this cause (what to fix). */
  example: string;
}

export interface AllAccountsResult {
  tested: number;
  passed: number;
  causes: FailureCause[];
  results: AccountTestResult[];
}

/** Runs fn over items with at most `limit` in flight; results keep the input order. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Groups failed results by their first failing check (pure). */
export function failureCauses(results: readonly AccountTestResult[]): FailureCause[] {
  const by = new Map<string, FailureCause>();
  for (const r of results) {
    if (r.ok) continue;
    const failed = r.checks.find((c) => !c.ok);
    const step = failed?.step.startsWith('region ') ? 'region' : (failed?.step ?? 'unknown');
    const kind = failed?.kind ?? 'other';
    const key = `${step}|${kind}`;
    let c = by.get(key);
    if (!c) by.set(key, (c = { step, kind, accounts: [], example: failed?.detail ?? 'no check failed' }));
    c.accounts.push(r.account);
  }
  return [...by.values()].sort((a, b) => b.accounts.length - a.accounts.length || a.step.localeCompare(b.step));
}

export async function testAccounts(
  accounts: readonly AwsAccount[],
  externalId: string,
  opts: {
    concurrency?: number;
    test?: typeof testAccount;
    remediationActions?: ActionPermissions[];
  } = {},
): Promise<AllAccountsResult> {
  const test = opts.test ?? testAccount;
  const results = await mapBounded(accounts, opts.concurrency ?? 4, async (a) => {
    try {
      return await test(a, externalId, { remediationActions: opts.remediationActions });
    } catch (err) {
      return {
        account: a.name,
        ok: false,
        checks: [{ step: 'test', ok: false, kind: 'other', detail: (err as Error).message }],
      } satisfies AccountTestResult;
    }
  });
  return {
    tested: results.length,
    passed: results.filter((r) => r.ok).length,
    causes: failureCauses(results),
    results,
  };
}
