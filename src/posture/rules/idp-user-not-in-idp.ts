import { isTaggedServiceAccount, userAdminGrants } from '../helpers/iam';
import { ambiguityNote, idpMatches } from '../helpers/idp';
import { defineRule } from '../rule';

export default defineRule({
  id: 'idp-user-not-in-idp',
  title: 'IAM user not in the identity provider',
  severity: 'high',
  service: 'identity',
  rationale:
    'IAM users that match nobody in the IdP are not offboarded when people leave. Machine users should be replaced by roles; a deliberate service account can be tagged trailhound:service-account=true to be exempt. (Admins are reported by idp-admin-not-in-idp.)',
  remediation:
    'Find the owner and move them to SSO, or replace a machine user by a role; to exempt a reviewed service account:\n' +
    'aws iam tag-user --user-name USER --tags Key=trailhound:service-account,Value=true',
  needs: ['iam.authorizationDetails', 'idp'],
  evaluate(s) {
    return idpMatches(s).flatMap(({ user, result }) =>
      result.matched || isTaggedServiceAccount(user) || userAdminGrants(s, user).length
        ? []
        : [
            {
              resourceId: user.arn,
              resourceType: 'AWS::IAM::User',
              message: `${user.name} matches no ${s.idp!.kind} user${ambiguityNote(result)}.`,
              detail: { created: user.createDate },
            },
          ],
    );
  },
});
