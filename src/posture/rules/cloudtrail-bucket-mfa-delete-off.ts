import { bucketArn, trailBucketsWith, withUnchecked } from '../helpers/s3';
import { defineRule } from '../rule';

export default defineRule({
  id: 'cloudtrail-bucket-mfa-delete-off',
  title: 'CloudTrail log bucket without MFA delete',
  severity: 'low',
  service: 'cloudtrail',
  cis: '2.1.2',
  rationale:
    'MFA delete requires the root user’s MFA code to delete an object version or suspend versioning: stolen access keys alone cannot then destroy the audit logs.',
  remediation:
    'As the root user, with its MFA device (serial and current code):\n' +
    'aws s3api put-bucket-versioning --bucket LOG_BUCKET --versioning-configuration Status=Enabled,MFADelete=Enabled --mfa "arn:aws:iam::ACCOUNT_ID:mfa/root-account-mfa-device 123456"',
  needs: ['region.trails', 'global.buckets'],
  evaluate(s) {
    const { read, unchecked } = trailBucketsWith(s, ['Versioning']);
    const findings = read
      .filter(({ bucket }) => bucket.Versioning?.MFADelete !== 'Enabled')
      .map(({ bucket, trails }) => ({
        resourceId: bucketArn(bucket.Name),
        resourceType: 'AWS::S3::Bucket',
        region: bucket.Region,
        message: `CloudTrail bucket ${bucket.Name} (trail ${trails.join(', ')}) does not require MFA to delete log versions.`,
        detail: { trails },
      }));
    return withUnchecked(findings, unchecked);
  },
});
