import { bucketArn, trailBucketsWith, withUnchecked } from '../helpers/s3';
import { defineRule } from '../rule';

export default defineRule({
  id: 'cloudtrail-bucket-access-logging-off',
  title: 'CloudTrail log bucket without server access logging',
  severity: 'medium',
  service: 'cloudtrail',
  cis: '3.4',
  rationale:
    'Access logging on the CloudTrail bucket records who read or deleted the audit logs themselves — the first thing an intruder covering tracks touches.',
  remediation:
    'aws s3api put-bucket-logging --bucket LOG_BUCKET --bucket-logging-status \'{"LoggingEnabled":{"TargetBucket":"ACCESS_LOG_BUCKET","TargetPrefix":"LOG_BUCKET/"}}\'',
  needs: ['region.trails', 'global.buckets'],
  evaluate(s) {
    const { read, unchecked } = trailBucketsWith(s, ['Logging']);
    const findings = read
      .filter(({ bucket }) => !bucket.Logging?.TargetBucket)
      .map(({ bucket, trails }) => ({
        resourceId: bucketArn(bucket.Name),
        resourceType: 'AWS::S3::Bucket',
        region: bucket.Region,
        message: `CloudTrail bucket ${bucket.Name} (trail ${trails.join(', ')}) has server access logging off.`,
        detail: { trails },
      }));
    return withUnchecked(findings, unchecked);
  },
});
