import { rootArn, rootRow } from '../helpers/iam';
import { defineRule } from '../rule';

export default defineRule({
  id: 'iam-root-hardware-mfa',
  title: 'Root MFA is a virtual device, not hardware',
  severity: 'low',
  service: 'iam',
  cis: '1.6',
  rationale:
    'A virtual MFA lives on a phone that can be lost, cloned or phished along with the password; CIS asks for a hardware (or FIDO) key for root.',
  remediation:
    'Sign in as root, register a FIDO2 security key or hardware TOTP token, then deactivate the virtual device:\naws iam deactivate-mfa-device --user-name ROOT --serial-number arn:aws:iam::ACCOUNT:mfa/root-account-mfa-device   # run as root',
  needs: ['iam.credentialReport', 'iam.virtualMfaDevices'],
  evaluate(s) {
    if (!rootRow(s)?.mfaActive) return [];
    const virtual = (s.iam?.virtualMfaDevices ?? []).filter((d) => d.userArn?.endsWith(':root'));
    return virtual.length
      ? [
          {
            resourceId: rootArn(s),
            resourceType: 'AWS::IAM::Root',
            message: `Root's MFA is the virtual device ${virtual[0]!.serialNumber}.`,
            detail: { serial: virtual[0]!.serialNumber },
          },
        ]
      : [];
  },
});
