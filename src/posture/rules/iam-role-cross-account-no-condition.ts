import { allowTrustStatements, principalAccount, trustPrincipals } from '../helpers/iam';
import { defineRule } from '../rule';

export default defineRule({
  id: 'iam-role-cross-account-no-condition',
  title: 'Cross-account trust without ExternalId or other condition',
  severity: 'high',
  service: 'iam',
  rationale:
    "A role trusting another account with no condition can be assumed by anything in that account allowed sts:AssumeRole — including a third party's other customers (the confused-deputy problem that sts:ExternalId prevents) — and without MFA.",
  remediation:
    'Add an sts:ExternalId condition for third parties, or aws:MultiFactorAuthPresent / aws:PrincipalArn for people and specific roles:\n' +
    'aws iam update-assume-role-policy --role-name ROLE --policy-document \'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::OTHER:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"EXTERNAL_ID"}}}]}\'',
  needs: ['iam.authorizationDetails'],
  evaluate(s) {
    return s.iam!.roles.flatMap((r) => {
      // "Cross-account" relative to the role's own account (its ARN), not the configured account id:
      // a wrong account.json must not turn every same-account trust into a finding.
      const own = principalAccount(r.arn) ?? s.account.accountId;
      const others = allowTrustStatements(r)
        .filter((st) => !st.Condition || Object.keys(st.Condition).length === 0)
        .flatMap((st) => trustPrincipals(st).filter((p) => p.type === 'AWS'))
        .map((p) => principalAccount(p.value))
        .filter((a): a is string => !!a && a !== own);
      const accounts = [...new Set(others)];
      return accounts.length
        ? [
            {
              resourceId: r.arn,
              resourceType: 'AWS::IAM::Role',
              message: `${r.name} trusts account(s) ${accounts.join(', ')} with no condition (no sts:ExternalId, MFA or principal restriction).`,
              detail: { accounts },
            },
          ]
        : [];
    });
  },
});
