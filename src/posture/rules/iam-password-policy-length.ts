import { passwordPolicyBelow } from '../helpers/iam';
import { defineRule } from '../rule';

export default defineRule({
  id: 'iam-password-policy-length',
  title: 'Password policy allows passwords shorter than 14 characters',
  severity: 'medium',
  service: 'iam',
  cis: '1.8',
  rationale:
    'Short passwords are cracked or guessed quickly; CIS requires a minimum length of 14 for IAM user passwords.',
  remediation:
    'aws iam update-account-password-policy --minimum-password-length 14 --password-reuse-prevention 24 --require-symbols --require-numbers --require-uppercase-characters --require-lowercase-characters',
  needs: ['iam.passwordPolicy'],
  evaluate(s) {
    return passwordPolicyBelow(s, 'minimumPasswordLength', 14, {
      weak: (len) => `The password policy's minimum length is ${len ?? 'unset'} (CIS: 14).`,
      none: 'No account password policy is set (IAM default: 8 characters).',
    });
  },
});
