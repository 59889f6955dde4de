import { userRows } from '../helpers/iam';
import { defineRule } from '../rule';
import { daysSince } from '../snapshot';

export default defineRule({
  id: 'iam-access-key-not-rotated-90d',
  title: 'Active access key not rotated in 90 days',
  severity: 'medium',
  service: 'iam',
  cis: '1.14',
  rationale:
    'Long-lived keys accumulate copies (CI variables, laptops, scripts); rotating limits how long a leaked copy works.',
  remediation:
    'Create a new key, switch the workload to it, then deactivate and delete the old one (or replace the user with a role):\n' +
    'aws iam create-access-key --user-name USER\naws iam update-access-key --user-name USER --access-key-id OLD_KEY_ID --status Inactive\naws iam delete-access-key --user-name USER --access-key-id OLD_KEY_ID',
  needs: ['iam.credentialReport'],
  evaluate(s) {
    return userRows(s).flatMap((r) =>
      r.accessKeys.flatMap((k, i) => {
        const age = daysSince(s, k.lastRotated);
        return k.active && age !== null && age >= 90
          ? [
              {
                resourceId: `${r.arn}#access-key-${i + 1}`,
                resourceType: 'AWS::IAM::AccessKey',
                message: `${r.user}'s access key ${i + 1} is ${age} days old (created ${k.lastRotated}).`,
                detail: { user: r.user, key: i + 1, days: age },
              },
            ]
          : [];
      }),
    );
  },
});
