import { defineRule } from '../rule';

const ARN = 'arn:aws:iam::aws:policy/AWSCloudShellFullAccess';

export default defineRule({
  id: 'iam-cloudshell-full-access',
  title: 'AWSCloudShellFullAccess is attached',
  severity: 'low',
  service: 'iam',
  cis: '1.22',
  rationale:
    'CloudShell with full access allows file upload/download between the shell and the internet, an easy exfiltration path that bypasses network controls.',
  remediation:
    'Detach it, granting a narrower CloudShell policy if needed:\naws iam detach-user-policy --user-name USER --policy-arn arn:aws:iam::aws:policy/AWSCloudShellFullAccess   (or detach-role-policy / detach-group-policy)',
  needs: ['iam.authorizationDetails'],
  evaluate(s) {
    const iam = s.iam!;
    return [...iam.users, ...iam.groups, ...iam.roles]
      .filter((p) => p.attachedPolicies.some((a) => a.arn === ARN))
      .map((p) => ({
        resourceId: p.arn,
        resourceType: p.arn.includes(':user/')
          ? 'AWS::IAM::User'
          : p.arn.includes(':group/')
            ? 'AWS::IAM::Group'
            : 'AWS::IAM::Role',
        message: `${p.name} has AWSCloudShellFullAccess.`,
      }));
  },
});
