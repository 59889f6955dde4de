import { OFFBOARDED } from '../../identity/idp';
import { idpMatches } from '../helpers/idp';
import { defineRule } from '../rule';

export default defineRule({
  id: 'idp-user-offboarded',
  title: 'IAM user whose IdP account is suspended or deprovisioned',
  severity: 'high',
  service: 'identity',
  rationale:
    'The person was offboarded in the IdP but their IAM user (password, access keys) still works: IdP offboarding does not reach IAM users.',
  remediation:
    'Disable every credential of the user, then delete it:\n' +
    'aws iam delete-login-profile --user-name USER\n' +
    'aws iam update-access-key --user-name USER --access-key-id KEY_ID --status Inactive\n' +
    'aws iam delete-user --user-name USER   # after removing keys, MFA, policies and groups',
  needs: ['iam.authorizationDetails', 'idp'],
  evaluate(s) {
    const rows = new Map((s.iam?.credentialReport?.rows ?? []).map((r) => [r.arn, r]));
    return idpMatches(s).flatMap(({ user, result }) => {
      if (!result.matched || !OFFBOARDED.includes(result.match.user.status)) return [];
      const idpUser = result.match.user;
      const row = rows.get(user.arn);
      const creds = row
        ? [
            row.passwordEnabled ? 'console password' : '',
            ...row.accessKeys.map((k, i) => (k.active ? `access key ${i + 1}` : '')),
          ].filter(Boolean)
        : [];
      return [
        {
          resourceId: user.arn,
          resourceType: 'AWS::IAM::User',
          message: `${user.name} matches ${idpUser.login}, ${idpUser.rawStatus ?? idpUser.status} in ${idpUser.provider ?? s.idp!.kind}${idpUser.statusChanged ? ` since ${idpUser.statusChanged.slice(0, 10)}` : ''}${creds.length ? `, but still has ${creds.join(', ')}` : ''}.`,
          detail: {
            idpLogin: idpUser.login,
            idpStatus: idpUser.status,
            idpProvider: idpUser.provider ?? s.idp!.kind,
            matchedBy: result.match.by,
            activeCredentials: creds,
          },
        },
      ];
    });
  },
});
