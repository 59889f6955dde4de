import { keyArn, keysWithPolicy } from '../helpers/kms';
import { grantCovers, resourcePolicyAccess } from '../helpers/resource-policy';
import { withUnchecked } from '../helpers/s3';
import { defineRule } from '../rule';

export default defineRule({
  id: 'kms-key-policy-cross-account',
  title: 'KMS key policy grants kms:* to another account',
  severity: 'high',
  service: 'kms',
  rationale:
    'kms:* for another account includes PutKeyPolicy and ScheduleKeyDeletion: that account can lock you out of the key or destroy it, and with it every ciphertext. Cross-account use should be limited to the cryptographic actions it needs.',
  remediation:
    'Narrow the statement to kms:Decrypt / kms:Encrypt / kms:GenerateDataKey* / kms:DescribeKey, or pin it to your organization:\n' +
    'aws kms put-key-policy --region REGION --key-id KEY_ID --policy-name default --policy file://policy.json',
  needs: ['region.kmsKeys'],
  evaluate(s) {
    const { keys, unchecked } = keysWithPolicy(s);
    const findings = keys.flatMap(({ region, key }) => {
      const grants = resourcePolicyAccess(key.Policy, s.account.accountId).crossAccount.filter((g) =>
        grantCovers(g, ['kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion']),
      );
      if (!grants.length) return [];
      const accounts = [...new Set(grants.map((g) => g.accountId!))];
      return [
        {
          resourceId: keyArn(s, region, key),
          resourceType: 'AWS::KMS::Key',
          region,
          message: `KMS key ${key.KeyId} in ${region}: its policy lets account(s) ${accounts.join(', ')} administer it (kms:*).`,
          detail: { accounts },
        },
      ];
    });
    return withUnchecked(findings, unchecked);
  },
});
