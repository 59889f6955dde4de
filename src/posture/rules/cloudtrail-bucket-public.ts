import { grantCovers } from '../helpers/resource-policy';
import { bucketArn, bucketExposure, trailBucketsWith, withUnchecked } from '../helpers/s3';
import { defineRule } from '../rule';

const READS = ['s3:GetObject', 's3:ListBucket', 's3:GetObjectVersion'];

export default defineRule({
  id: 'cloudtrail-bucket-public',
  title: 'CloudTrail log bucket is publicly readable',
  severity: 'critical',
  service: 'cloudtrail',
  rationale:
    'CloudTrail logs map the whole account — principals, resources, IPs, errors. A log bucket readable by anyone hands that map to attackers and lets them watch the investigation. (CIS v1.x/2.0 control 3.3.)',
  remediation:
    'Remove the public statement or ACL grant and turn on Block Public Access for the log bucket:\n' +
    'aws s3api put-public-access-block --bucket LOG_BUCKET --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true\n' +
    'aws s3api put-bucket-acl --bucket LOG_BUCKET --acl private',
  needs: ['region.trails', 'global.buckets'],
  evaluate(s) {
    const { read, unchecked } = trailBucketsWith(s, ['Policy', 'Acl']);
    const findings = read.flatMap(({ bucket, trails }) => {
      const e = bucketExposure(s, bucket);
      const policy = e.policy.filter((g) => grantCovers(g, READS));
      const acl = e.acl.filter((g) => ['READ', 'FULL_CONTROL'].includes(g.permission));
      if (!policy.length && !acl.length) return [];
      return [
        {
          resourceId: bucketArn(bucket.Name),
          resourceType: 'AWS::S3::Bucket',
          region: bucket.Region,
          message: `CloudTrail bucket ${bucket.Name} (trail ${trails.join(', ')}) is publicly readable through its ${[policy.length && 'policy', acl.length && 'ACL'].filter(Boolean).join(' and ')}.`,
          detail: { trails, policyStatements: policy.map((g) => g.sid ?? '(no Sid)'), aclGrants: acl },
        },
      ];
    });
    return withUnchecked(findings, unchecked);
  },
});
