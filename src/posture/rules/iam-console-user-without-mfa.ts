import { userRows } from '../helpers/iam';
import { defineRule } from '../rule';

export default defineRule({
  id: 'iam-console-user-without-mfa',
  title: 'Console user without MFA',
  severity: 'high',
  service: 'iam',
  cis: '1.10',
  rationale: 'An IAM user with a console password and no MFA is one phished or reused password away from compromise.',
  remediation:
    'Enforce MFA (or remove the console password and move the person to the IdP):\n' +
    'aws iam create-virtual-mfa-device --virtual-mfa-device-name USER --outfile qr.png --bootstrap-method QRCodePNG\n' +
    'aws iam enable-mfa-device --user-name USER --serial-number arn:aws:iam::ACCOUNT:mfa/USER --authentication-code1 CODE1 --authentication-code2 CODE2\n' +
    'aws iam delete-login-profile --user-name USER   # if the console password is not needed',
  needs: ['iam.credentialReport'],
  evaluate(s) {
    return userRows(s)
      .filter((r) => r.passwordEnabled === true && !r.mfaActive)
      .map((r) => ({
        resourceId: r.arn,
        resourceType: 'AWS::IAM::User',
        message: `${r.user} has a console password and no MFA${r.passwordLastUsed ? ` (last sign-in ${r.passwordLastUsed})` : ''}.`,
        detail: { passwordLastUsed: r.passwordLastUsed },
      }));
  },
});
