import { describe, expect, it } from 'vitest';
import { validateAccount } from '../../src/aws/accounts';

const ok = {
  name: 'prod',
  accountId: '123456789012',
  roleArn: 'arn:aws:iam::123456789012:role/TrailhoundReadOnly',
  regions: ['us-east-1'],
};

describe('account validation', () => {
  it('accepts and normalises', () => {
    expect(
      validateAccount({ ...ok, accountId: ' 123456789012 ', regions: ['us-east-1', ' eu-west-1', 'us-east-1'] }),
    ).toMatchObject({
      accountId: '123456789012',
      regions: ['us-east-1', 'eu-west-1'],
    });
    expect(validateAccount({ ...ok, roleArn: '' }).roleArn).toBeNull();
  });
  it.each([
    [{ accountId: '1234' }, /exactly 12 digits/],
    [{ roleArn: 'arn:aws:iam::123456789012:user/bob' }, /not an IAM role ARN/],
    [{ roleArn: 'arn:aws:iam::999999999999:role/X' }, /belongs to account 999999999999/],
    [{ regions: ['us-east'] }, /not a valid AWS region/],
    [{ regions: [] }, /At least one region/],
    [{ name: 'Prod Account' }, /Account name/],
    [{ remediationRoleArn: ok.roleArn }, /different role/],
  ])('rejects %o', (over, msg) => {
    expect(() => validateAccount({ ...ok, ...over })).toThrow(msg);
  });
});
