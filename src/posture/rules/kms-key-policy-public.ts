import { keyArn, keysWithPolicy } from '../helpers/kms';
import { resourcePolicyAccess } from '../helpers/resource-policy';
import { withUnchecked } from '../helpers/s3';
import { defineRule } from '../rule';

export default defineRule({
  id: 'kms-key-policy-public',
  title: 'KMS key policy allows any principal',
  severity: 'critical',
  service: 'kms',
  rationale:
    'A key policy statement for Principal "*" without a condition pinning the caller (kms:CallerAccount, aws:PrincipalOrgID, aws:SourceVpce…) lets any AWS account use — or, with kms:*, administer and delete — the key, and so read everything it encrypts.',
  remediation:
    'Replace the "*" principal with your account or the roles that need the key, or add a kms:CallerAccount / aws:PrincipalOrgID condition:\n' +
    'aws kms get-key-policy --region REGION --key-id KEY_ID --policy-name default --query Policy --output text > policy.json  # edit, then\n' +
    'aws kms put-key-policy --region REGION --key-id KEY_ID --policy-name default --policy file://policy.json',
  needs: ['region.kmsKeys'],
  evaluate(s) {
    const { keys, unchecked } = keysWithPolicy(s);
    const findings = keys.flatMap(({ region, key }) => {
      const grants = resourcePolicyAccess(key.Policy, s.account.accountId).public;
      if (!grants.length) return [];
      const actions = [...new Set(grants.flatMap((g) => g.actions))];
      return [
        {
          resourceId: keyArn(s, region, key),
          resourceType: 'AWS::KMS::Key',
          region,
          message: `KMS key ${key.KeyId} in ${region}: its policy allows any principal ${actions.slice(0, 4).join(', ')}.`,
          detail: { actions, statements: grants.map((g) => g.sid ?? '(no Sid)') },
        },
      ];
    });
    return withUnchecked(findings, unchecked);
  },
});
