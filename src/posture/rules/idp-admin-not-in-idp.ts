import { isTaggedServiceAccount, userAdminGrants } from '../helpers/iam';
import { ambiguityNote, idpMatches } from '../helpers/idp';
import { defineRule } from '../rule';

export default defineRule({
  id: 'idp-admin-not-in-idp',
  title: 'AWS admin not in the identity provider',
  severity: 'critical',
  service: 'identity',
  rationale:
    "An IAM user with AdministratorAccess or PowerUserAccess (directly or through a group) that matches nobody in the IdP is outside joiner/mover/leaver control: nobody offboards it, and it is the typical shape of an attacker's back door.",
  remediation:
    'Identify the owner; if none, disable it now, then remove admin and delete it. Admins should use federated roles:\n' +
    'aws iam update-access-key --user-name USER --access-key-id KEY_ID --status Inactive\n' +
    'aws iam delete-login-profile --user-name USER\n' +
    'aws iam detach-user-policy --user-name USER --policy-arn arn:aws:iam::aws:policy/AdministratorAccess',
  needs: ['iam.authorizationDetails', 'idp'],
  evaluate(s) {
    return idpMatches(s).flatMap(({ user, result }) => {
      if (result.matched || isTaggedServiceAccount(user)) return [];
      const grants = userAdminGrants(s, user);
      if (!grants.length) return [];
      return [
        {
          resourceId: user.arn,
          resourceType: 'AWS::IAM::User',
          message: `${user.name} has ${grants.map((g) => `${g.policy} (${g.via})`).join(', ')} and matches no ${s.idp!.kind} user${ambiguityNote(result)}.`,
          detail: { grants, created: user.createDate },
        },
      ];
    });
  },
});
