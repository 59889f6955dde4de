import { userAdminGrants } from '../helpers/iam';
import { defineRule } from '../rule';

export default defineRule({
  id: 'iam-user-direct-admin',
  title: 'IAM user with administrator access attached directly',
  severity: 'high',
  service: 'iam',
  rationale:
    'Admin attached straight to a user (with its long-lived password and keys) bypasses group review and is the usual shape of a back-door account.',
  remediation:
    'Give admins a federated role instead; otherwise at least grant it through a reviewed group:\n' +
    'aws iam detach-user-policy --user-name USER --policy-arn arn:aws:iam::aws:policy/AdministratorAccess\n' +
    'aws iam delete-user-policy --user-name USER --policy-name INLINE_NAME',
  needs: ['iam.authorizationDetails'],
  evaluate(s) {
    return s.iam!.users.flatMap((u) => {
      const grants = userAdminGrants(s, u, { directOnly: true });
      return grants.length
        ? [
            {
              resourceId: u.arn,
              resourceType: 'AWS::IAM::User',
              message: `${u.name} has ${grants.map((g) => g.policy).join(', ')} attached directly.`,
              detail: { policies: grants.map((g) => g.policy) },
            },
          ]
        : [];
    });
  },
});
