import { userRows } from '../helpers/iam';
import { defineRule } from '../rule';

export default defineRule({
  id: 'iam-access-key-at-setup',
  title: 'Console user has an access key that was never used',
  severity: 'low',
  service: 'iam',
  cis: '1.11',
  rationale:
    'Keys created "just in case" at user setup are never used legitimately but can leak; CIS asks not to create access keys during initial setup of console users.',
  remediation: 'aws iam delete-access-key --user-name USER --access-key-id KEY_ID',
  needs: ['iam.credentialReport'],
  evaluate(s) {
    return userRows(s).flatMap((r) =>
      r.passwordEnabled
        ? r.accessKeys.flatMap((k, i) =>
            k.active && !k.lastUsedDate
              ? [
                  {
                    resourceId: `${r.arn}#access-key-${i + 1}`,
                    resourceType: 'AWS::IAM::AccessKey',
                    message: `${r.user} (console user) has active access key ${i + 1} that was never used.`,
                  },
                ]
              : [],
          )
        : [],
    );
  },
});
