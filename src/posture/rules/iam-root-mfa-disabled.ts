import { rootArn, rootCredentials, rootRow } from '../helpers/iam';
import { defineRule } from '../rule';

export default defineRule({
  id: 'iam-root-mfa-disabled',
  title: 'Root user without MFA',
  severity: 'critical',
  service: 'iam',
  cis: '1.5',
  rationale:
    'Root can do anything, including closing the account; a phished or reused root password without MFA is a full takeover. Accounts whose root credentials were removed by AWS Organizations centralised root access (no password, no keys) need no root MFA and do not fire.',
  remediation:
    'Sign in as root and enable MFA (Security credentials → Assign MFA device), preferably a hardware key; or remove root credentials centrally:\n' +
    'aws iam enable-organizations-root-credentials-management   # from the management account, then delete member root credentials',
  needs: ['iam.credentialReport'],
  evaluate(s) {
    const row = rootRow(s);
    const mfa = row?.mfaActive === true || (s.iam?.accountSummary?.AccountMFAEnabled ?? 0) > 0;
    if (mfa) return [];
    const c = rootCredentials(s);
    // Centrally managed (or never set) root: nothing to protect with MFA.
    if (!c.password && !c.keys.length) return [];
    return [
      {
        resourceId: rootArn(s),
        resourceType: 'AWS::IAM::Root',
        message: `Root has credentials (${c.evidence.join('; ')}) and no MFA.`,
        detail: { evidence: c.evidence },
      },
    ];
  },
});
