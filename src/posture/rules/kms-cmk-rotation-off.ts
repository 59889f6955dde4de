import { customerKeys, keyArn, rotatable } from '../helpers/kms';
import { withUnchecked } from '../helpers/s3';
import { defineRule } from '../rule';

export default defineRule({
  id: 'kms-cmk-rotation-off',
  title: 'Customer-managed KMS key without automatic rotation',
  severity: 'medium',
  service: 'kms',
  cis: '3.6',
  rationale:
    'Automatic rotation creates new key material yearly (or on your period) while old ciphertext stays readable: a leaked or cryptanalysed backing key protects less data for less time.',
  remediation: 'aws kms enable-key-rotation --region REGION --key-id KEY_ID',
  needs: ['region.kmsKeys'],
  evaluate(s) {
    const unchecked: string[] = [];
    const findings = customerKeys(s)
      .filter(({ key }) => key.KeyState === 'Enabled' && rotatable(key))
      .filter(({ region, key }) => {
        if (key.RotationEnabled === undefined)
          unchecked.push(`${region} ${key.KeyId} (kms:GetKeyRotationStatus failed)`);
        return key.RotationEnabled === false;
      })
      .map(({ region, key }) => ({
        resourceId: keyArn(s, region, key),
        resourceType: 'AWS::KMS::Key',
        region,
        message: `KMS key ${key.KeyId}${key.Description ? ` (${key.Description})` : ''} in ${region} has automatic rotation off.`,
      }));
    return withUnchecked(findings, unchecked);
  },
});
