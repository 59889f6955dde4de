import { bucketArn, bucketsWith, withUnchecked } from '../helpers/s3';
import { defineRule } from '../rule';

export default defineRule({
  id: 's3-bucket-default-encryption-off',
  title: 'S3 bucket without default encryption',
  severity: 'medium',
  service: 's3',
  rationale:
    'Default encryption makes every new object encrypted at rest whoever writes it. Buckets created since January 2023 get SSE-S3 automatically; older buckets whose configuration was removed do not.',
  remediation:
    'Set default encryption (SSE-KMS with a customer-managed key where the data warrants an audit trail of reads):\n' +
    'aws s3api put-bucket-encryption --bucket BUCKET --server-side-encryption-configuration \'{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms","KMSMasterKeyID":"KEY_ARN"},"BucketKeyEnabled":true}]}\'',
  needs: ['global.buckets'],
  evaluate(s) {
    const { read, unchecked } = bucketsWith(s, ['Encryption']);
    const findings = read
      .filter((b) => !b.Encryption?.Rules?.some((r) => r.ApplyServerSideEncryptionByDefault?.SSEAlgorithm))
      .map((b) => ({
        resourceId: bucketArn(b.Name),
        resourceType: 'AWS::S3::Bucket',
        region: b.Region,
        message: `Bucket ${b.Name} has no default encryption configuration.`,
      }));
    return withUnchecked(findings, unchecked);
  },
});
