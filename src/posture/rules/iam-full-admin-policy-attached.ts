import { grantsFullAdmin } from '../helpers/iam';
import { defineRule } from '../rule';
import type { RuleFinding } from '../rule';

export default defineRule({
  id: 'iam-full-admin-policy-attached',
  title: 'Policy granting full "*:*" administrative privileges is attached',
  severity: 'high',
  service: 'iam',
  cis: '1.16',
  rationale:
    'A policy with Allow "*" on "*" grants everything; CIS asks that such policies not be attached, and that admin be granted only through a few well-guarded roles.',
  remediation:
    'Replace it with the permissions actually used (IAM Access Analyzer can generate a policy from CloudTrail), then detach it:\n' +
    'aws iam detach-role-policy --role-name ROLE --policy-arn POLICY_ARN   (or detach-user-policy / detach-group-policy)\n' +
    'aws iam delete-role-policy --role-name ROLE --policy-name INLINE_NAME   # for an inline policy',
  needs: ['iam.authorizationDetails'],
  evaluate(s) {
    const iam = s.iam!;
    const out: RuleFinding[] = [];
    for (const p of iam.policies)
      if (p.attachmentCount > 0 && grantsFullAdmin(p.document))
        out.push({
          resourceId: p.arn,
          resourceType: 'AWS::IAM::ManagedPolicy',
          message: `${p.name} grants "*:*" and is attached to ${p.attachmentCount} principal(s).`,
          detail: { attachments: p.attachmentCount, awsManaged: p.awsManaged },
        });
    const inline = [
      ...iam.users.map((x) => ({ kind: 'AWS::IAM::User', x })),
      ...iam.groups.map((x) => ({ kind: 'AWS::IAM::Group', x })),
      ...iam.roles.map((x) => ({ kind: 'AWS::IAM::Role', x })),
    ];
    for (const { x } of inline)
      for (const p of x.inlinePolicies)
        if (grantsFullAdmin(p.document))
          out.push({
            resourceId: `${x.arn}#inline-policy/${p.name}`,
            resourceType: 'AWS::IAM::InlinePolicy',
            message: `Inline policy ${p.name} of ${x.name} grants "*:*".`,
            detail: { principal: x.arn },
          });
    return out;
  },
});
