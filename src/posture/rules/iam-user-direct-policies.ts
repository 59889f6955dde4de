import { defineRule } from '../rule';

export default defineRule({
  id: 'iam-user-direct-policies',
  title: 'IAM user has policies attached directly',
  severity: 'low',
  service: 'iam',
  cis: '1.15',
  rationale:
    'Permissions granted through groups are reviewed and revoked together; per-user policies drift and are forgotten when people change roles.',
  remediation:
    'Put the user in a group holding the policy, then detach it from the user:\naws iam add-user-to-group --user-name USER --group-name GROUP\naws iam detach-user-policy --user-name USER --policy-arn POLICY_ARN',
  needs: ['iam.authorizationDetails'],
  evaluate(s) {
    return s
      .iam!.users.filter((u) => u.attachedPolicies.length + u.inlinePolicies.length > 0)
      .map((u) => ({
        resourceId: u.arn,
        resourceType: 'AWS::IAM::User',
        message: `${u.name} has ${[...u.attachedPolicies.map((p) => p.name), ...u.inlinePolicies.map((p) => `${p.name} (inline)`)].join(', ')} attached directly.`,
      }));
  },
});
