/** The registry plan of `accounts discover` (pure): names, roles, suspensions, nothing deleted. */
import { describe, expect, it } from 'vitest';
import { planAccountSync, slugName } from '../../src/aws/account-sync';
import { testAccount } from '../helpers/context';

const base = { roleName: 'TrailhoundReadOnly', regions: ['us-east-1'], wholeOrganization: true };

describe('planAccountSync', () => {
  it('names new accounts from the organization name, never colliding with a registered one', () => {
    const plan = planAccountSync({
      ...base,
      registered: [testAccount({ name: 'prod', accountId: '999999999999' })],
      organization: [
        { id: '111111111111', name: 'Prod', state: 'ACTIVE' },
        { id: '222222222222', name: '!!!', state: 'ACTIVE' },
      ],
    });
    const names = plan.changes.flatMap((c) => (c.kind === 'added' ? [c.account.name] : []));
    expect(names).toEqual(['acct-222222222222', 'prod-111111111111']);
  });

  it('keeps ambient-credential accounts (the management account) as configured', () => {
    const plan = planAccountSync({
      ...base,
      registered: [testAccount({ name: 'mgmt', accountId: '111111111111', roleArn: null })],
      organization: [{ id: '111111111111', name: 'Management', state: 'ACTIVE' }],
    });
    expect(plan.changes).toEqual([expect.objectContaining({ kind: 'unchanged', why: 'ambient credentials kept' })]);
  });

  it('reactivates a suspended account that is ACTIVE again, and does not add a PENDING_ACTIVATION one', () => {
    const role = 'arn:aws:iam::111111111111:role/TrailhoundReadOnly';
    const plan = planAccountSync({
      ...base,
      registered: [testAccount({ name: 'a', accountId: '111111111111', roleArn: role, status: 'suspended' })],
      organization: [
        { id: '111111111111', name: 'A', state: 'ACTIVE' },
        { id: '222222222222', name: 'New', state: 'PENDING_ACTIVATION' },
      ],
    });
    expect(plan.counts).toMatchObject({ updated: 1, skipped: 1, added: 0 });
    expect(plan.changes[0]).toMatchObject({ kind: 'updated', account: { status: 'active', roleArn: role } });
  });

  it('slugName keeps the registry name rule', () => {
    expect(slugName('Prod Payments (EU)', '1')).toBe('prod-payments-eu');
    expect(slugName('-x-', '123456789012')).toBe('x');
  });
});
