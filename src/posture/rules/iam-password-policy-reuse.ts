import { passwordPolicyBelow } from '../helpers/iam';
import { defineRule } from '../rule';

export default defineRule({
  id: 'iam-password-policy-reuse',
  title: 'Password policy does not prevent password reuse',
  severity: 'medium',
  service: 'iam',
  cis: '1.9',
  rationale:
    'Without reuse prevention a forced rotation lets users go back to a password that may already be compromised; CIS asks for 24 remembered passwords.',
  remediation: 'aws iam update-account-password-policy --password-reuse-prevention 24 --minimum-password-length 14',
  needs: ['iam.passwordPolicy'],
  evaluate(s) {
    return passwordPolicyBelow(s, 'passwordReusePrevention', 24, {
      weak: (reuse) => `Password reuse prevention is ${reuse ?? 'off'} (CIS: 24).`,
      none: 'No account password policy is set, so password reuse is not prevented.',
    });
  },
});
