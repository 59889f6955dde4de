import { allowTrustStatements, conditionKeys, list, trustPrincipals } from '../helpers/iam';
import { defineRule } from '../rule';

export default defineRule({
  id: 'iam-role-oidc-no-subject',
  title: 'OIDC federated trust without a subject restriction',
  severity: 'critical',
  service: 'iam',
  rationale:
    'A role trusting an OIDC provider (GitHub Actions, GitLab, EKS, Terraform Cloud…) without a condition on the token\'s "sub" claim can be assumed by any workload of that provider — e.g. any GitHub repository in the world.',
  remediation:
    'Restrict the subject to your repository/branch (or service account):\n' +
    'aws iam update-assume-role-policy --role-name ROLE --policy-document \'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::ACCOUNT:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"},"StringLike":{"token.actions.githubusercontent.com:sub":"repo:ORG/REPO:ref:refs/heads/main"}}}]}\'',
  needs: ['iam.authorizationDetails'],
  evaluate(s) {
    return s.iam!.roles.flatMap((r) => {
      const issues = allowTrustStatements(r).flatMap((st) => {
        if (!list(st.Action).some((a) => /^sts:(AssumeRoleWithWebIdentity|\*)$/i.test(a) || a === '*')) return [];
        const providers = trustPrincipals(st)
          .filter((p) => p.type === 'Federated' && /:oidc-provider\//.test(p.value))
          .map((p) => p.value.split(':oidc-provider/')[1]!);
        const keys = conditionKeys(st);
        // Cognito identity pools are scoped by the pool id (aud) rather than sub.
        return providers.filter(
          (host) =>
            !keys.includes(`${host.toLowerCase()}:sub`) &&
            !(host === 'cognito-identity.amazonaws.com' && keys.includes(`${host}:aud`)),
        );
      });
      return issues.length
        ? [
            {
              resourceId: r.arn,
              resourceType: 'AWS::IAM::Role',
              message: `${r.name} trusts ${[...new Set(issues)].join(', ')} with no condition on the token subject (":sub").`,
              detail: { providers: [...new Set(issues)] },
            },
          ]
        : [];
    });
  },
});
