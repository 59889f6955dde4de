/** `accounts test --all`: bounded concurrency, failures grouped by cause. */
import { describe, expect, it } from 'vitest';
import { failureCauses, mapBounded, testAccounts } from '../../src/aws/account-test-all';
import type { AccountTestResult } from '../../src/aws/account-test';
import { testAccount } from '../helpers/context';

describe('accounts test --all', () => {
  it('never runs more than the limit at once and keeps the order', async () => {
    let inFlight = 0;
    let peak = 0;
    const out = await mapBounded([1, 2, 3, 4, 5, 6, 7, 8, 9], 4, async (n) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 5 * (10 - n)));
      inFlight--;
      return n * 2;
    });
    expect(out).toEqual([2, 4, 6, 8, 10, 12, 14, 16, 18]);
    expect(peak).toBe(4);
  });

  it('groups failures by first failing step and kind; a thrown test is a failure, not lost', async () => {
    const accounts = ['a', 'b', 'c', 'd'].map((name) => testAccount({ name }));
    const r = await testAccounts(accounts, 'ext', {
      concurrency: 2,
      test: async (a): Promise<AccountTestResult> => {
        if (a.name === 'd') throw new Error('boom');
        if (a.name === 'c')
          return { account: 'c', ok: true, checks: [{ step: 'sts:AssumeRole', ok: true, detail: '' }] };
        return {
          account: a.name,
          ok: false,
          checks: [{ step: 'sts:AssumeRole', ok: false, kind: 'assume-role-denied', detail: `denied for ${a.name}` }],
        };
      },
    });
    expect(r).toMatchObject({ tested: 4, passed: 1 });
    expect(r.causes).toEqual([
      { step: 'sts:AssumeRole', kind: 'assume-role-denied', accounts: ['a', 'b'], example: 'denied for a' },
      { step: 'test', kind: 'other', accounts: ['d'], example: 'boom' },
    ]);
  });

  it('an opt-in region failure in two accounts is one cause', () => {
    const fail = (account: string, region: string): AccountTestResult => ({
      account,
      ok: false,
      checks: [
        { step: 'iam:GetAccountSummary', ok: true, detail: '' },
        { step: `region ${region}`, ok: false, kind: 'region-disabled', detail: `${region} off` },
      ],
    });
    expect(failureCauses([fail('x', 'ap-east-1'), fail('y', 'me-south-1')])).toEqual([
      { step: 'region', kind: 'region-disabled', accounts: ['x', 'y'], example: 'ap-east-1 off' },
    ]);
  });
});
