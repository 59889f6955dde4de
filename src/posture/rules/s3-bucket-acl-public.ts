import { bucketArn, bucketExposure, bucketsWith, withUnchecked } from '../helpers/s3';
import { defineRule } from '../rule';

export default defineRule({
  id: 's3-bucket-acl-public',
  title: 'S3 bucket ACL grants access to everyone or to any AWS account',
  severity: 'critical',
  service: 's3',
  rationale:
    'An ACL grant to AllUsers is anonymous internet access; to AuthenticatedUsers it is access for anyone with any AWS account. Block Public Access (IgnorePublicAcls) neutralises both; this rule only fires when it does not.',
  remediation:
    'Reset the ACL to private and disable ACLs (Object Ownership: bucket owner enforced):\n' +
    'aws s3api put-bucket-acl --bucket BUCKET --acl private\n' +
    'aws s3api put-bucket-ownership-controls --bucket BUCKET --ownership-controls Rules=[{ObjectOwnership=BucketOwnerEnforced}]',
  needs: ['global.buckets'],
  evaluate(s) {
    const { read, unchecked } = bucketsWith(s, ['Acl']);
    const findings = read.flatMap((b) => {
      const e = bucketExposure(s, b);
      if (!e.acl.length) return [];
      return [
        {
          resourceId: bucketArn(b.Name),
          resourceType: 'AWS::S3::Bucket',
          region: b.Region,
          message: `Bucket ${b.Name}: its ACL grants ${e.acl.map((g) => `${g.permission} to ${g.group}`).join(', ')}${e.bpaUnknown ? '; Block Public Access could not be fully read, it may neutralise this' : ''}.`,
          detail: { grants: e.acl },
        },
      ];
    });
    return withUnchecked(findings, unchecked);
  },
});
