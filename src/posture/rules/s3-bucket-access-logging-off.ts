import { bucketArn, bucketsWith, withUnchecked } from '../helpers/s3';
import { defineRule } from '../rule';

export default defineRule({
  id: 's3-bucket-access-logging-off',
  title: 'S3 bucket without server access logging',
  severity: 'low',
  service: 's3',
  rationale:
    'Server access logs record every request to the bucket (who, which object, from where), including the data-plane reads CloudTrail does not record unless data events are on — the evidence an exfiltration investigation needs.',
  remediation:
    'Log to a dedicated logging bucket (which must allow logging.s3.amazonaws.com to write):\n' +
    'aws s3api put-bucket-logging --bucket BUCKET --bucket-logging-status \'{"LoggingEnabled":{"TargetBucket":"LOG_BUCKET","TargetPrefix":"BUCKET/"}}\'',
  needs: ['global.buckets'],
  evaluate(s) {
    const { read, unchecked } = bucketsWith(s, ['Logging']);
    // A bucket that receives other buckets' access logs is not itself required to log (it would loop).
    const targets = new Set(read.map((b) => b.Logging?.TargetBucket).filter(Boolean));
    const findings = read
      .filter((b) => !b.Logging?.TargetBucket && !targets.has(b.Name))
      .map((b) => ({
        resourceId: bucketArn(b.Name),
        resourceType: 'AWS::S3::Bucket',
        region: b.Region,
        message: `Bucket ${b.Name} has server access logging off.`,
      }));
    return withUnchecked(findings, unchecked);
  },
});
