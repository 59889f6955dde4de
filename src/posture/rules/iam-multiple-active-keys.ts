import { userRows } from '../helpers/iam';
import { defineRule } from '../rule';

export default defineRule({
  id: 'iam-multiple-active-keys',
  title: 'User has more than one active access key',
  severity: 'medium',
  service: 'iam',
  cis: '1.13',
  rationale:
    'Two active keys double the exposure and often mean a rotation was started and never finished — or that someone created a second key for themselves (a common persistence step).',
  remediation:
    'Find which key is in use (credential report last-used), deactivate the other, then delete it:\naws iam list-access-keys --user-name USER\naws iam update-access-key --user-name USER --access-key-id OLD_KEY_ID --status Inactive',
  needs: ['iam.credentialReport'],
  evaluate(s) {
    return userRows(s)
      .filter((r) => r.accessKeys.every((k) => k.active))
      .map((r) => ({
        resourceId: r.arn,
        resourceType: 'AWS::IAM::User',
        message: `${r.user} has two active access keys (created ${r.accessKeys.map((k) => k.lastRotated ?? '?').join(' and ')}).`,
        detail: { keys: r.accessKeys.map((k) => ({ lastRotated: k.lastRotated, lastUsed: k.lastUsedDate })) },
      }));
  },
});
