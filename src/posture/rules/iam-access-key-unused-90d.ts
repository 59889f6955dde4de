import { userRows } from '../helpers/iam';
import { defineRule } from '../rule';
import { daysSince } from '../snapshot';

export default defineRule({
  id: 'iam-access-key-unused-90d',
  title: 'Active access key unused for 90+ days',
  severity: 'high',
  service: 'iam',
  rationale:
    'An active key nobody uses is pure risk: it can leak from an old laptop or repository and be used without anyone missing it.',
  remediation:
    'Deactivate it, wait for complaints, then delete it:\naws iam update-access-key --user-name USER --access-key-id KEY_ID --status Inactive\naws iam delete-access-key --user-name USER --access-key-id KEY_ID',
  needs: ['iam.credentialReport'],
  evaluate(s) {
    return userRows(s).flatMap((r) =>
      r.accessKeys.flatMap((k, i) => {
        if (!k.active) return [];
        const unused = k.lastUsedDate ? daysSince(s, k.lastUsedDate) : daysSince(s, k.lastRotated);
        if (unused === null || unused < 90) return [];
        return [
          {
            resourceId: `${r.arn}#access-key-${i + 1}`,
            resourceType: 'AWS::IAM::AccessKey',
            message: `${r.user}'s access key ${i + 1} is active and ${k.lastUsedDate ? `was last used ${unused} days ago (${k.lastUsedDate})` : `was never used since it was created ${unused} days ago`}.`,
            detail: { user: r.user, key: i + 1, lastUsed: k.lastUsedDate, lastRotated: k.lastRotated, days: unused },
          },
        ];
      }),
    );
  },
});
