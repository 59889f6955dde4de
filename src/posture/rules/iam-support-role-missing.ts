import { defineRule } from '../rule';

const ARN = 'arn:aws:iam::aws:policy/AWSSupportAccess';

export default defineRule({
  id: 'iam-support-role-missing',
  title: 'No principal can manage AWS Support cases',
  severity: 'low',
  service: 'iam',
  cis: '1.17',
  rationale:
    'During an incident someone must open and follow AWS Support cases without using root or full admin; CIS asks for a role with AWSSupportAccess.',
  remediation:
    'aws iam create-role --role-name aws-support --assume-role-policy-document file://trust.json\n' +
    'aws iam attach-role-policy --role-name aws-support --policy-arn arn:aws:iam::aws:policy/AWSSupportAccess',
  needs: ['iam.authorizationDetails'],
  evaluate(s) {
    const iam = s.iam!;
    const attached = [...iam.users, ...iam.groups, ...iam.roles].some((p) =>
      p.attachedPolicies.some((a) => a.arn === ARN),
    );
    return attached
      ? []
      : [
          {
            resourceId: `arn:aws:iam::${s.account.accountId}:support-role`,
            resourceType: 'AWS::IAM::Role',
            message: 'No user, group or role has AWSSupportAccess attached.',
          },
        ];
  },
});
