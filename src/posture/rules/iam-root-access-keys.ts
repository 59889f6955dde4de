import { rootArn, rootCredentials } from '../helpers/iam';
import { defineRule } from '../rule';

export default defineRule({
  id: 'iam-root-access-keys',
  title: 'Root user has access keys',
  severity: 'critical',
  service: 'iam',
  cis: '1.4',
  rationale:
    'Root access keys give unrestricted, un-scopable programmatic access to the whole account; no SCP or boundary limits them in a standalone account.',
  remediation:
    'Sign in as root (or use centralised root access from the Organizations management account) and delete the keys:\n' +
    'aws iam delete-access-key --access-key-id ROOT_KEY_ID   # run with root credentials\n' +
    'aws iam delete-root-user-credentials ... (Organizations: aws sts assume-root --target-principal ACCOUNT_ID --task-policy-arn arn=arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials)',
  needs: ['iam.credentialReport'],
  evaluate(s) {
    const c = rootCredentials(s);
    return c.keys.length
      ? [
          {
            resourceId: rootArn(s),
            resourceType: 'AWS::IAM::Root',
            message: `Root has ${c.keys.length} active access key(s) (key ${c.keys.join(', ')}).`,
            detail: { keys: c.keys },
          },
        ]
      : [];
  },
});
