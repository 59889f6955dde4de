import { userRows } from '../helpers/iam';
import { defineRule } from '../rule';
import { daysSince } from '../snapshot';

export default defineRule({
  id: 'iam-credentials-unused-45d',
  title: 'Credentials unused for 45+ days',
  severity: 'medium',
  service: 'iam',
  cis: '1.12',
  rationale:
    'CIS asks that passwords and access keys unused for 45 days be disabled: unused credentials belong to people who left or jobs that stopped.',
  remediation:
    'Disable what is unused:\naws iam delete-login-profile --user-name USER\naws iam update-access-key --user-name USER --access-key-id KEY_ID --status Inactive',
  needs: ['iam.credentialReport'],
  evaluate(s) {
    return userRows(s).flatMap((r) => {
      const stale: string[] = [];
      if (r.passwordEnabled) {
        const d = r.passwordLastUsed
          ? daysSince(s, r.passwordLastUsed)
          : daysSince(s, r.passwordLastChanged ?? r.userCreationTime);
        if (d !== null && d >= 45)
          stale.push(r.passwordLastUsed ? `password last used ${d} days ago` : `password never used (${d} days)`);
      }
      r.accessKeys.forEach((k, i) => {
        if (!k.active) return;
        const d = k.lastUsedDate ? daysSince(s, k.lastUsedDate) : daysSince(s, k.lastRotated);
        if (d !== null && d >= 45)
          stale.push(
            k.lastUsedDate
              ? `access key ${i + 1} last used ${d} days ago`
              : `access key ${i + 1} never used (${d} days)`,
          );
      });
      return stale.length
        ? [
            {
              resourceId: r.arn,
              resourceType: 'AWS::IAM::User',
              message: `${r.user}: ${stale.join('; ')}.`,
              detail: { stale },
            },
          ]
        : [];
    });
  },
});
