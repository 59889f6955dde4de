import { bucketArn, trailBucketsWith, withUnchecked } from '../helpers/s3';
import { defineRule } from '../rule';

export default defineRule({
  id: 'cloudtrail-bucket-versioning-off',
  title: 'CloudTrail log bucket without versioning',
  severity: 'medium',
  service: 'cloudtrail',
  rationale:
    'Without versioning, a deleted or overwritten log file is gone: an intruder with s3:DeleteObject erases the audit trail. With versioning the previous version survives.',
  remediation: 'aws s3api put-bucket-versioning --bucket LOG_BUCKET --versioning-configuration Status=Enabled',
  needs: ['region.trails', 'global.buckets'],
  evaluate(s) {
    const { read, unchecked } = trailBucketsWith(s, ['Versioning']);
    const findings = read
      .filter(({ bucket }) => bucket.Versioning?.Status !== 'Enabled')
      .map(({ bucket, trails }) => ({
        resourceId: bucketArn(bucket.Name),
        resourceType: 'AWS::S3::Bucket',
        region: bucket.Region,
        message: `CloudTrail bucket ${bucket.Name} (trail ${trails.join(', ')}) has versioning ${bucket.Versioning?.Status === 'Suspended' ? 'suspended' : 'off'}.`,
        detail: { trails, versioning: bucket.Versioning?.Status ?? 'never enabled' },
      }));
    return withUnchecked(findings, unchecked);
  },
});
