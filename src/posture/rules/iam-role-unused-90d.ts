import { isServiceLinkedRole } from '../helpers/iam';
import { defineRule } from '../rule';
import { daysSince } from '../snapshot';

export default defineRule({
  id: 'iam-role-unused-90d',
  title: 'Role unused for 90+ days',
  severity: 'low',
  service: 'iam',
  rationale:
    'Unused roles keep their trust and permissions: forgotten cross-account or CI roles are attractive, unmonitored entry points.',
  remediation:
    'Confirm with the owner, then delete it (detach policies and remove it from instance profiles first):\naws iam delete-role --role-name ROLE',
  needs: ['iam.authorizationDetails'],
  evaluate(s) {
    return s.iam!.roles.flatMap((r) => {
      if (isServiceLinkedRole(r)) return [];
      const created = daysSince(s, r.createDate);
      const used = daysSince(s, r.lastUsed.date);
      if (used !== null ? used < 90 : created === null || created < 90) return [];
      return [
        {
          resourceId: r.arn,
          resourceType: 'AWS::IAM::Role',
          message: `${r.name} ${used !== null ? `was last used ${used} days ago` : `has not been used since it was created ${created} days ago`}.`,
          detail: { lastUsed: r.lastUsed.date },
        },
      ];
    });
  },
});
