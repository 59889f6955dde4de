import { allowTrustStatements, conditionKeys, trustPrincipals } from '../helpers/iam';
import { defineRule } from '../rule';

/** Conditions that pin a wildcard principal down to known callers. */
const PINNING = [
  'aws:principalorgid',
  'aws:principalaccount',
  'aws:principalarn',
  'aws:sourceaccount',
  'aws:sourcearn',
  'aws:sourceorgid',
  'aws:principalorgpaths',
];

export default defineRule({
  id: 'iam-role-trust-wildcard',
  title: 'Role trust policy allows any principal ("*")',
  severity: 'critical',
  service: 'iam',
  rationale:
    'A trust policy with Principal "*" (or AWS "*") and no condition pinning the caller lets any AWS account in the world assume the role.',
  remediation:
    'Name the trusted account or role, or pin it with aws:PrincipalOrgID:\n' +
    'aws iam update-assume-role-policy --role-name ROLE --policy-document file://trust.json',
  needs: ['iam.authorizationDetails'],
  evaluate(s) {
    return s.iam!.roles.flatMap((r) => {
      const bad = allowTrustStatements(r).filter(
        (st) =>
          trustPrincipals(st).some((p) => p.value === '*' && (p.type === '*' || p.type === 'AWS')) &&
          !conditionKeys(st).some((k) => PINNING.includes(k)),
      );
      return bad.length
        ? [
            {
              resourceId: r.arn,
              resourceType: 'AWS::IAM::Role',
              message: `${r.name} can be assumed by any AWS principal${bad.some((b) => b.Condition) ? ' (its conditions do not pin the caller)' : ''}.`,
              detail: { conditions: bad.map((b) => b.Condition ?? null) },
            },
          ]
        : [];
    });
  },
});
